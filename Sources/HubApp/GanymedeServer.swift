import AsyncHTTPClient
import Auth
import Foundation
import Hub
import HubConfig
import HubModel
import Hummingbird
import Logging
import NIOCore
import Proxy
import ServiceLifecycle
import Spawners

/// One Ganymede process: the hub app on the internal address, the proxy on the public one,
/// and the server watcher, as services of one group. Built from configuration; nothing global.
public struct GanymedeServer: Sendable {
    /// The configuration with any port 0 replaced by the port actually chosen.
    public let configuration: HubConfiguration
    public let store: HubStore
    public let routes: RouteTable
    public let servers: ServerController
    let hub: Hub
    let httpClient: HTTPClient
    let logger: Logger
    /// Set with the Docker spawner: where else the hub API listens, and the reachability check.
    let docker: DockerSetup?
    let access: AccessSetup

    /// Opens state, generates missing secrets, and re-adopts servers that still run — all
    /// before anything listens, so the first request already finds every route.
    public static func build(configuration: HubConfiguration, logger: Logger) async throws -> GanymedeServer {
        var configuration = configuration
        if configuration.bind.port == 0 { configuration.bind.port = try FreePort.find(host: configuration.bind.host) }
        if configuration.hubBind.port == 0 { configuration.hubBind.port = try FreePort.find(host: configuration.hubBind.host) }

        if !configuration.dataDir.hasPrefix("/") {
            // Servers run in their own working directories, so every path handed to them is absolute.
            configuration.dataDir = FileManager.default.currentDirectoryPath + "/" + configuration.dataDir
        }
        let data = DataDirectory(path: configuration.dataDir)
        try data.prepare()
        let secret = configuration.cookieSecret.isEmpty ? try data.secret(named: "cookie_secret") : configuration.cookieSecret
        let store = try HubStore(path: configuration.resolvedDatabasePath)
        for admin in configuration.adminUsers {
            _ = try await store.ensureUser(named: UsernameRules.normalize(admin), admin: true)
        }

        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton,
                                    configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5))))
        let spawner: any Spawner
        var hubAPIURL = configuration.resolvedHubAPIURL
        var docker: DockerSetup? = nil
        do {
            switch configuration.spawner {
            case .local:
                guard let command = SingleUserCommand.resolve(configuration) else {
                    throw StartupError("no jupyterhub-singleuser found: install it (pip install jupyterhub jupyterlab), set GANYMEDE_SINGLEUSER_CMD, or run `ganymede demo`, which installs it")
                }
                try SingleUserCommand.check(command)
                spawner = LocalProcessSpawner(command: command, dataDir: configuration.dataDir)
            case .docker:
                let setup = try await DockerSetup.make(configuration: configuration, data: data, client: httpClient, logger: logger)
                spawner = setup.spawner
                hubAPIURL = setup.hubAPIURL
                docker = setup
            }
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        let access: AccessSetup
        do {
            access = try AccessSetup.make(configuration: configuration, data: data, client: httpClient, logger: logger)
        } catch {
            try? await httpClient.shutdown()
            throw error
        }

        let routes = RouteTable()
        var settings = ServerController.Settings(
            environment: SingleUserEnvironment(hubAPIURL: hubAPIURL, publicURL: configuration.resolvedPublicURL,
                                               defaultURL: configuration.defaultURL),
            startTimeout: .seconds(configuration.startTimeout), httpTimeout: .seconds(configuration.httpTimeout))
        if configuration.githubTokenInServer {
            settings.userEnvironment = { [cipher = access.cipher] user in Accounts.githubTokenEnvironment(for: user, cipher: cipher) }
        }
        let servers = ServerController(store: store, spawner: spawner, routes: routes, probe: ReadinessProbe(client: httpClient),
                                       settings: settings, logger: logger)
        do {
            try await servers.adoptServers()
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        let hub = Hub(configuration: configuration, store: store, authenticator: access.authenticator, servers: servers, routes: routes,
                      secret: secret, cipher: access.cipher, logger: logger)
        return GanymedeServer(configuration: configuration, store: store, routes: routes, servers: servers, hub: hub,
                              httpClient: httpClient, logger: logger, docker: docker, access: access)
    }

    /// Serves until SIGTERM/SIGINT (when `handleSignals`) or until the calling task is cancelled.
    /// Running single-user servers are left running; the next start adopts them.
    public func run(handleSignals: Bool = true) async throws {
        let hubBind = configuration.hubBind
        let logger = self.logger
        let docker = self.docker
        let checkReachability: @Sendable (any Channel) async -> Void = { _ in
            guard let docker else { return }
            Task { await DockerSetup.checkReachability(spawner: docker.spawner, url: docker.hubAPIURL, logger: logger) }
        }
        // With the Docker spawner the hub API may also listen where containers reach it; the
        // reachability check runs once the last listener is up.
        let binds = [hubBind] + (docker?.containerFacingBind.map { [$0] } ?? [])
        let hubApps = binds.enumerated().map { index, bind in
            ServiceGroupConfiguration.ServiceConfiguration(service: Application(
                router: HubRouter.build(hub: hub), configuration: .init(address: .hostname(bind.host, port: bind.port), serverName: nil),
                onServerRunning: index == binds.count - 1 ? checkReachability : { @Sendable _ in }, logger: logger))
        }
        let servers = self.servers
        let proxyHubHost = hubBind.isAllInterfaces ? "127.0.0.1" : hubBind.host
        let proxy = ProxyServer(host: configuration.bind.host, port: configuration.bind.port, routes: routes,
                                hub: ProxyTarget(host: proxyHubHost, port: hubBind.port), trustedProxies: configuration.trustedProxies,
                                logger: logger, onUnreachable: { route in Task { await servers.check(route) } })
        let group = ServiceGroup(configuration: .init(
            services: hubApps + [.init(service: proxy), .init(service: ServerWatch(servers: servers))] + access.services(hub: hub),
            gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [],
            logger: logger))
        defer { Task { [httpClient] in try? await httpClient.shutdown() } }
        // Cancelling the caller's task shuts down as SIGTERM does (graceful, listeners closed
        // before run() returns), so the group runs in its own task that cancellation does not reach.
        let running = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await running.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }
}

/// Checks on running servers every few seconds (dead processes, traffic → last activity).
struct ServerWatch: Service {
    let servers: ServerController
    var interval: Duration = .seconds(10)

    func run() async throws {
        // Ends at once on shutdown, not after the current sleep.
        try? await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await exit in servers.exits() { await servers.check(exit) }
                }
                while true {
                    try await Task.sleep(for: interval)
                    await servers.sweep()
                }
            }
        }
    }
}
