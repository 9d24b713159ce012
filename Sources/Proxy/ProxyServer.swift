import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// The public listener: routes `/user/<name>/[<server>/]` to running servers and everything
/// else to the hub app. Runs as a service until graceful shutdown.
public struct ProxyServer: Service {
    let host: String
    let port: Int
    let settings: ProxySettings
    let group: any EventLoopGroup
    let logger: Logger
    let onBound: @Sendable (Int) async -> Void

    /// - Parameters:
    ///   - trustedProxies: peers whose `X-Forwarded-*` headers are kept.
    ///   - onUnreachable: told when a route's server refuses connections.
    ///   - onBound: receives the bound port (useful with port 0).
    public init(host: String, port: Int, routes: RouteTable, hub: ProxyTarget, trustedProxies: [String],
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger,
                onUnreachable: @escaping @Sendable (Route) -> Void = { _ in },
                onBound: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.host = host
        self.port = port
        self.group = group
        self.logger = logger
        self.onBound = onBound
        settings = ProxySettings(routes: routes, hub: hub,
                                 forwarded: ForwardedHeaders(trusted: TrustedPeers(trustedProxies)),
                                 onUnreachable: onUnreachable)
    }

    public func run() async throws {
        let settings = self.settings
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withOutboundHeaderValidation: false)
                    try channel.pipeline.syncOperations.addHandler(ProxyFrontHandler(settings: settings))
                }
            }
            .bind(host: host, port: port)
            .get()
        let boundPort = channel.localAddress?.port ?? port
        logger.info("proxy listening", metadata: ["address": "\(host):\(boundPort)"])
        await onBound(boundPort)
        try? await gracefulShutdown()
        try? await channel.close()
    }
}
