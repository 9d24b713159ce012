import AsyncHTTPClient
import NIOHTTP1
import Foundation
import HubConfig
import HubModel
import Spawners

/// Docker-spawner hubs for tests: each gets its own container/volume prefix, network and
/// workspace, so tests never touch anything they did not create, and clean all of it up.
enum DockerTesting {
    static let jh5 = "local/singleuser:jh5"
    static let jh4 = "local/singleuser:jh4"
    static let endpoint = DockerEndpoint(dockerHost: ProcessInfo.processInfo.environment["DOCKER_HOST"]) ?? .default

    /// Run with an engine and both single-user images, or always in CI (which then fails loudly).
    static var enabled: Bool {
        let ready = endpoint.acceptsConnections() && [jh5, jh4].allSatisfy(imageExists)
        if !ready && !Integration.required {
            print("SKIP: Docker spawner tests need a Docker engine and the images \(jh5) and \(jh4); build them with: scripts/singleuser-image \(jh5) 'jupyterhub>=5,<6' && scripts/singleuser-image \(jh4) 'jupyterhub>=4,<5'")
        }
        return ready || Integration.required
    }

    static func imageExists(_ image: String) -> Bool {
        (try? Command.docker(["image", "inspect", image])) != nil
    }

    /// `org.ganymede.hub=<id>`: the label on everything a hub with this data dir made in Docker.
    static func hubLabel(dataDir: String) -> String? {
        (try? String(contentsOfFile: dataDir + "/hub_id", encoding: .utf8)).map { "org.ganymede.hub=" + $0.prefix(16) }
    }

    static func engine() async throws -> DockerEngine {
        try await DockerEngine.connect(endpoint: endpoint, client: Browser.sharedClient)
    }

    /// `prefix` and six random letters, e.g. `gmtqbfzda`: the start of every Docker name a test makes.
    static func freshTag(_ prefix: String) -> String {
        prefix + String(UUID().uuidString.lowercased().filter(\.isLetter).prefix(6))
    }

    /// A configuration whose Docker names all start with a fresh tag.
    static func configuration(dataDir: String, profiles: [ImageProfile]) -> HubConfiguration {
        var configuration = RunningHub.configuration(dataDir: dataDir, singleUser: "")
        let tag = freshTag("gmt")
        configuration.spawner = .docker
        configuration.containerPrefix = tag
        configuration.volumePrefix = tag + "-home"
        configuration.dockerNetwork = tag
        configuration.hostWorkspace = dataDir + "/workspace"
        configuration.profiles = profiles
        // CI runs every suite at once on two cores; Jupyter may need well over JupyterHub's 30 s there.
        configuration.httpTimeout = 180
        configuration.startTimeout = 180
        return configuration
    }

    /// Runs `body` against a Docker-spawner hub, then removes its servers, containers, volumes and network.
    static func withHub<T>(profiles: [ImageProfile], adjust: (inout HubConfiguration) -> Void = { _ in },
                           _ body: (RunningHub) async throws -> T) async throws -> T {
        var configuration = configuration(dataDir: RunningHub.temporaryDataDir(), profiles: profiles)
        adjust(&configuration)
        let hub = try await RunningHub(configuration: configuration)
        do {
            let result = try await body(hub)
            try await hub.stopEverything()
            try await removeEverything(of: configuration)
            return result
        } catch {
            try? await hub.stopEverything()
            try? await removeEverything(of: configuration)
            throw error
        }
    }

    /// Removes every container and volume labelled with the hub's id, and its network.
    static func removeEverything(of configuration: HubConfiguration) async throws {
        let docker = try await engine()
        if let label = hubLabel(dataDir: configuration.dataDir) {
            for id in try await docker.containers(labels: [label]) { try? await docker.removeContainer(id, force: true) }
            for name in try await docker.volumes(labels: [label]) { try? await docker.removeVolume(name: name) }
        }
        try? await docker.removeNetwork(name: configuration.dockerNetwork)
        try? FileManager.default.removeItem(atPath: configuration.dataDir)
    }
}

extension RunningHub {
    /// The label on everything this hub made in Docker.
    var hubLabel: String { DockerTesting.hubLabel(dataDir: configuration.dataDir) ?? "org.ganymede.hub=unknown" }

    /// An API token with all of `user`'s permissions (the user is created if needed).
    func token(for user: String, admin: Bool = false) async throws -> String {
        let record = try await server.store.ensureUser(named: user, admin: admin)
        return try await server.store.issueToken(userID: record.id ?? 0, kind: .api, scopes: ["inherit"], note: "test").secret
    }

    /// Calls the REST API with a token.
    func api(_ method: HTTPMethod, _ path: String, token: String, body: String? = nil) async throws -> Browser.Page {
        try await browser().request(method, "/hub/api" + path, body: body,
                                    headers: [("Authorization", "token \(token)"), ("Content-Type", "application/json")])
    }

    /// Starts a server through the API and waits for its progress stream to end; returns the final event's text.
    func startServer(_ path: String, token: String, options: String = "{}") async throws -> String {
        let start = try await api(.POST, path, token: token, body: options)
        guard [201, 202].contains(start.status) else { return "HTTP \(start.status): \(start.body)" }
        return try await api(.GET, path + "/progress", token: token).body
    }
}
