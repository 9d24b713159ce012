import AsyncHTTPClient
import Foundation
import HubConfig
import Logging
import Spawners

/// Connects the Docker spawner at startup: the engine, the servers' network, and the way
/// containers reach the hub API — through the network's gateway when the hub runs on the host,
/// or through the hub's own container, attached to the network, when it runs in one.
struct DockerSetup {
    /// The DNS name the hub's container gets on the servers' network.
    static let hubAlias = "ganymede-hub"

    var spawner: DockerSpawner
    /// The hub API URL handed to servers.
    var hubAPIURL: String
    /// Another address for the hub API to listen on so containers reach it; nil when `hubBind` covers it.
    var containerFacingBind: SocketAddressSpec?

    static func make(configuration: HubConfiguration, data: DataDirectory, client: HTTPClient, logger: Logger) async throws -> DockerSetup {
        guard let endpoint = DockerEndpoint(dockerHost: configuration.dockerHost) else {
            throw StartupError("DOCKER_HOST: '\(configuration.dockerHost)' is not a unix:// or tcp:// address")
        }
        let engine: DockerEngine
        do {
            engine = try await DockerEngine.connect(endpoint: endpoint, client: client)
        } catch {
            throw StartupError("GANYMEDE_SPAWNER=docker: \(error)")
        }
        let hubID = String(try data.secret(named: "hub_id").prefix(16))
        let settings = DockerSpawnerSettings(configuration: configuration, hubID: hubID)
        let spawner = DockerSpawner(engine: engine, settings: settings, logger: logger)
        let network = try await spawner.ensureNetwork()
        let port = configuration.hubBind.port

        if !configuration.hubConnectURL.isEmpty {
            return DockerSetup(spawner: spawner, hubAPIURL: configuration.resolvedHubAPIURL, containerFacingBind: nil)
        }
        if let container = try await ownContainer(engine) {
            try await engine.connect(container: container.id, toNetwork: settings.network, aliases: [hubAlias])
            let address = try await engine.inspectContainer(container.id).networkSettings.networks[settings.network]?.ipAddress
            let bind = configuration.hubBind.isAllInterfaces ? nil : address.map { SocketAddressSpec(host: $0, port: port) }
            logger.info("hub runs in a container; attached it to the servers' network", metadata: ["network": "\(settings.network)"])
            return DockerSetup(spawner: spawner, hubAPIURL: "http://\(hubAlias):\(port)/hub/api", containerFacingBind: bind)
        }
        guard let gateway = network.gateway else {
            throw StartupError("the Docker network \(settings.network) has no IPv4 gateway; set GANYMEDE_HUB_CONNECT_URL to an address containers can reach")
        }
        let bind = configuration.hubBind.isAllInterfaces ? nil : SocketAddressSpec(host: gateway, port: port)
        return DockerSetup(spawner: spawner, hubAPIURL: "http://\(gateway):\(port)/hub/api", containerFacingBind: bind)
    }

    /// The container this process runs in, when the engine knows it (Docker names a container's
    /// host after its id).
    static func ownContainer(_ engine: DockerEngine) async throws -> ContainerInfo? {
        guard FileManager.default.fileExists(atPath: "/.dockerenv") else { return nil }
        return try? await engine.inspectContainer(ProcessInfo.processInfo.hostName)
    }

    /// Runs once the hub API listens: a container on the servers' network fetches the hub API URL.
    static func checkReachability(spawner: DockerSpawner, url: String, logger: Logger) async {
        switch await spawner.checkReachable(url + "/") {
        case .reachable:
            logger.info("containers reach the hub API", metadata: ["url": "\(url)"])
        case .unreachable(let problem):
            logger.error("""
                containers cannot reach the hub API at \(url) (\(problem)); servers will fail to start. \
                Set GANYMEDE_HUB_CONNECT_URL to an address containers can reach, or allow the Docker network through the host firewall
                """)
        case .unchecked(let why):
            if !Task.isCancelled { logger.info("did not check that containers reach the hub API", metadata: ["url": "\(url)", "why": "\(why)"]) }
        }
    }
}
