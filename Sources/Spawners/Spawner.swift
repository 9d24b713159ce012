/// Starts, stops and watches single-user servers. The hub depends on this protocol only; the
/// local-process spawner and (later) the Docker spawner implement it, as JupyterHub's
/// `Spawner` classes do. A spawner keeps no memory of its own: everything it needs to find a
/// server again after a hub restart is in the `state` it returns, which the hub stores.
public protocol Spawner: Sendable {
    /// Starts a server and returns once its process or container runs (not yet necessarily answering HTTP).
    func start(_ request: SpawnRequest, progress: @escaping @Sendable (SpawnProgress) async -> Void) async throws -> SpawnedServer

    /// Stops a server: a polite signal first, then force after `grace`.
    func stop(state: [String: String], grace: Duration) async throws

    /// Whether a server is still running.
    func status(state: [String: String]) async -> ServerStatus

    /// The end of a server's output, for its owner to read; nil when there is none.
    func log(state: [String: String], maxBytes: Int) async -> String?
}

/// What the hub asks a spawner to start.
public struct SpawnRequest: Sendable {
    public var user: String
    /// `""` for the default server.
    public var serverName: String
    /// The URL prefix the server answers under, e.g. `/user/alice/`.
    public var prefix: String
    /// The hub's `JUPYTERHUB_*` environment; the spawner adds `JUPYTERHUB_SERVICE_URL`.
    public var environment: [String: String]

    public init(user: String, serverName: String, prefix: String, environment: [String: String]) {
        self.user = user
        self.serverName = serverName
        self.prefix = prefix
        self.environment = environment
    }
}

/// A started server: where to reach it, and how to find it again.
public struct SpawnedServer: Sendable, Equatable {
    /// `http://host:port`, without the prefix.
    public var url: String
    public var state: [String: String]

    public init(url: String, state: [String: String]) {
        self.url = url
        self.state = state
    }
}

/// Whether a server's process is alive.
public enum ServerStatus: Sendable, Equatable {
    case running
    /// The server ended; `reason` is shown to its user.
    case stopped(reason: String)
}

/// One step of a spawn, as shown on the spawn-pending page.
public struct SpawnProgress: Sendable, Equatable {
    /// 0–100.
    public var progress: Int
    public var message: String

    public init(progress: Int, message: String) {
        self.progress = progress
        self.message = message
    }
}

/// A spawn that could not be completed, with a message for the user.
public struct SpawnError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
