import AsyncHTTPClient
import Foundation
import Spawners
import Testing

@Suite struct DockerEndpointTests {
    @Test("DOCKER_HOST values", arguments: [
        (nil, DockerEndpoint.unix(path: "/var/run/docker.sock")), ("unix:///run/user/1000/docker.sock", .unix(path: "/run/user/1000/docker.sock")),
        ("tcp://10.0.0.5:2375", .tcp(host: "10.0.0.5", port: 2375)),
    ] as [(String?, DockerEndpoint)])
    func parses(value: String?, expected: DockerEndpoint) {
        #expect(DockerEndpoint(dockerHost: value) == expected)
    }

    @Test("unsupported DOCKER_HOST values are refused", arguments: ["ssh://host", "unix://relative", "tcp://nohostport", "npipe:////./pipe"])
    func refuses(value: String) {
        #expect(DockerEndpoint(dockerHost: value) == nil)
    }
}

/// Against the real engine (see `DockerAvailability`).
@Suite(.serialized, .enabled(if: DockerAvailability.enabled)) struct DockerEngineTests {
    static let client = HTTPClient(eventLoopGroupProvider: .singleton)

    func engine() async throws -> DockerEngine {
        try await DockerEngine.connect(endpoint: DockerAvailability.endpoint, client: Self.client)
    }

    @Test func negotiatesAnAPIVersionOfAtLeast141() async throws {
        let version = try await engine().apiVersion.split(separator: ".").compactMap { Int($0) }
        #expect(version.count == 2 && (version[0] > 1 || version[1] >= 41))
    }

    @Test func engineErrorsCarryTheEnginesMessage() async throws {
        let docker = try await engine()
        await #expect(throws: DockerError.self) { try await docker.inspectContainer("ganymede-test-does-not-exist") }
        do {
            _ = try await docker.inspectContainer("ganymede-test-does-not-exist")
        } catch let error as DockerError {
            #expect(error.isNotFound)
            #expect(error.description.contains("No such container"))
        }
        #expect(try await docker.inspectImage("local/no-such-image:none") == nil)
    }

    @Test func containerLifecycleWithLimitsVolumeNetworkAndEvents() async throws {
        let docker = try await engine()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let name = "ganymede-test-\(suffix)", volume = "ganymede-test-vol-\(suffix)", network = "ganymede-test-net-\(suffix)"
        let label = "ganymede.test=\(suffix)"
        let image = try #require(try await docker.inspectImage(DockerAvailability.image), "run scripts/docker-test-image")
        #expect(image.config?.command == ["/bin/sleep", "3600"])

        try await docker.createVolume(name: volume, labels: ["ganymede.test": String(suffix)])
        _ = try await docker.ensureNetwork(name: network, labels: ["ganymede.test": String(suffix)])
        let (listening, engineAnswered) = AsyncStream<Void>.makeStream()
        let events = docker.containerEvents(label: label, onConnected: { engineAnswered.finish() })
        let watcher = Task { () -> [String] in
            defer { engineAnswered.finish() }
            var seen: [String] = []
            for try await event in events {
                seen.append(event.action)
                if event.action == "die" { break }
            }
            return seen
        }
        for await _ in listening {}

        let spec = ContainerSpec(
            image: DockerAvailability.image, command: ["/bin/sh", "-c", "echo hi > /data/file && sleep 30"],
            environment: ["GREETING=hello"], labels: ["ganymede.test": String(suffix)],
            hostConfig: HostConfig(memory: 64 * 1024 * 1024, nanoCPUs: 500_000_000, pidsLimit: 64, networkMode: network,
                                   mounts: [Mount(kind: .volume, source: volume, target: "/data")]))
        let id = try await docker.createContainer(name: name, spec: spec)
        do {
            try await docker.startContainer(id)
            let running = try await docker.inspectContainer(id)
            #expect(running.state.running)
            let memory: Int64 = 64 * 1024 * 1024
            #expect(running.hostConfig.memory == memory)
            #expect(running.hostConfig.nanoCPUs == Int64(500_000_000))
            #expect(running.hostConfig.pidsLimit == Int64(64))
            #expect(running.config.labels?["ganymede.test"] == String(suffix))
            #expect(running.networkSettings.networks[network]?.ipAddress.isEmpty == false)

            try await docker.stopContainer(id, timeout: 1)
            let stopped = try await docker.inspectContainer(id)
            #expect(!stopped.state.running)
            let seen = try await watcher.value
            #expect(seen.contains("start") && seen.contains("die"), "events: \(seen)")
        } catch {
            watcher.cancel()
            try? await docker.removeContainer(id, force: true)
            throw error
        }
        try await docker.removeContainer(id, force: true)
        try await docker.removeVolume(name: volume)
        try await docker.removeNetwork(name: network)
    }
}
