// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "ganymede",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ganymede", targets: ["ganymede"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        .executableTarget(name: "ganymede", dependencies: ["HubApp",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "AsyncHTTPClient", package: "async-http-client")], swiftSettings: swiftSettings),
        .target(name: "HubApp", dependencies: ["Hub", "Proxy", "Spawners", "Auth", "HubModel", "HubConfig",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")], swiftSettings: swiftSettings),
        .target(name: "Hub", dependencies: ["Auth", "Spawners", "Proxy", "HubModel", "HubConfig",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types")], swiftSettings: swiftSettings),
        .target(name: "Auth", dependencies: ["HubModel", "HubConfig",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
        .target(name: "Spawners", dependencies: ["HubConfig",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOFoundationCompat", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log")], swiftSettings: swiftSettings),
        .target(name: "Proxy", dependencies: [
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")], swiftSettings: swiftSettings),
        .target(name: "HubModel", dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
        .target(name: "HubConfig", dependencies: ["Yams"], swiftSettings: swiftSettings),

        .testTarget(name: "HubConfigTests", dependencies: ["HubConfig"], swiftSettings: swiftSettings),
        .testTarget(name: "HubModelTests", dependencies: ["HubModel"], swiftSettings: swiftSettings),
        .testTarget(name: "AuthTests", dependencies: ["Auth"], swiftSettings: swiftSettings),
        .testTarget(name: "SpawnersTests", dependencies: ["Spawners",
            .product(name: "AsyncHTTPClient", package: "async-http-client")], swiftSettings: swiftSettings),
        .testTarget(name: "ProxyTests", dependencies: ["Proxy",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOHTTP1", package: "swift-nio")], swiftSettings: swiftSettings),
        .testTarget(name: "HubTests", dependencies: ["HubApp",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "AsyncHTTPClient", package: "async-http-client")], swiftSettings: swiftSettings),
    ]
)
