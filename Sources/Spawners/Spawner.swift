/// Starts, stops and watches single-user servers. The hub depends on this protocol only; the
/// local-process spawner and the Docker spawner implement it, as JupyterHub's `Spawner`
/// classes do. A spawner keeps no memory of its own: everything it needs to find a server
/// again after a hub restart is in the `state` it returns, which the hub stores.
public protocol Spawner: Sendable {
    /// The choices a user may pick from when starting a server (image profiles); empty when there is nothing to choose.
    var choices: [SpawnChoice] { get }

    /// Checks a user's options (`user_options`) before anything starts, and returns them
    /// normalised; throws a `SpawnError` naming the option and what is allowed.
    func validate(options: [String: String]) throws -> [String: String]

    /// Slow work that has no start timeout while it makes progress (pulling an image). Runs before `start`.
    func prepare(_ request: SpawnRequest, progress: @escaping @Sendable (SpawnProgress) async -> Void) async throws

    /// Starts a server and returns once its process or container runs (not yet necessarily answering HTTP).
    func start(_ request: SpawnRequest, progress: @escaping @Sendable (SpawnProgress) async -> Void) async throws -> SpawnedServer

    /// Stops a server: a polite signal first, then force after `grace`.
    func stop(state: [String: String], grace: Duration) async throws

    /// Whether a server is still running.
    func status(state: [String: String]) async -> ServerStatus

    /// The end of a server's output, for its owner to read; nil when there is none.
    func log(state: [String: String], maxBytes: Int) async -> String?

    /// The part of a stopped server's state to keep for its next start (e.g. its volume's name).
    func durableState(_ state: [String: String]) -> [String: String]

    /// Servers that stopped on their own, as the spawner learns of it; the hub then checks them
    /// at once instead of at its next sweep. Spawners that cannot tell return a stream that ends at once.
    func exits() -> AsyncStream<ServerExit>
}

extension Spawner {
    public var choices: [SpawnChoice] { [] }

    public func validate(options: [String: String]) throws -> [String: String] {
        if let name = options.keys.sorted().first {
            throw SpawnError("the option '\(name)' is not offered by this hub; start the server without options")
        }
        return options
    }

    public func prepare(_ request: SpawnRequest, progress: @escaping @Sendable (SpawnProgress) async -> Void) async throws {}

    public func durableState(_ state: [String: String]) -> [String: String] { [:] }

    public func exits() -> AsyncStream<ServerExit> { AsyncStream { _ in } }
}

/// One option a user can choose when starting a server, e.g. an image profile.
public struct SpawnChoice: Sendable, Equatable {
    /// The value sent as `user_options.profile`.
    public var name: String
    public var displayName: String
    /// A short line under the name (image, limits, GPUs).
    public var details: String

    public init(name: String, displayName: String, details: String) {
        self.name = name
        self.displayName = displayName
        self.details = details
    }
}

/// A server that stopped without the hub asking.
public struct ServerExit: Sendable, Equatable {
    public var user: String
    public var server: String

    public init(user: String, server: String) {
        self.user = user
        self.server = server
    }
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
    /// The user's options, as `validate(options:)` returned them.
    public var options: [String: String]
    /// What `durableState` kept from the server's last run (empty on its first start).
    public var previousState: [String: String]

    public init(user: String, serverName: String, prefix: String, environment: [String: String],
                options: [String: String] = [:], previousState: [String: String] = [:]) {
        self.user = user
        self.serverName = serverName
        self.prefix = prefix
        self.environment = environment
        self.options = options
        self.previousState = previousState
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
