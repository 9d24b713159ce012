import Foundation
import NIOCore
import NIOFoundationCompat

extension DockerEngine {
    /// Creates a container and returns its id; an empty name lets Docker choose one.
    public func createContainer(name: String, spec: ContainerSpec) async throws -> String {
        struct Created: Decodable { var Id: String }
        let (_, body) = try await send(.POST, "/containers/create", query: name.isEmpty ? [] : [("name", name)], body: try Self.encode(spec))
        guard let created = try? JSONDecoder().decode(Created.self, from: Data(buffer: body)) else {
            throw DockerError.badResponse("container create returned no id")
        }
        return created.Id
    }

    public func startContainer(_ id: String) async throws {
        try await send(.POST, "/containers/\(id)/start")
    }

    /// Asks the container to stop (SIGTERM, then SIGKILL after `timeout` seconds).
    public func stopContainer(_ id: String, timeout: Int) async throws {
        do {
            try await send(.POST, "/containers/\(id)/stop", query: [("t", String(timeout))], timeout: .seconds(Int64(timeout) + 30))
        } catch DockerError.engine(304, _) {
            // Already stopped.
        }
    }

    public func removeContainer(_ id: String, force: Bool = false) async throws {
        try await send(.DELETE, "/containers/\(id)", query: [("force", force ? "true" : "false"), ("v", "false")])
    }

    public func inspectContainer(_ id: String) async throws -> ContainerInfo {
        let (_, body) = try await send(.GET, "/containers/\(id)/json")
        do {
            return try JSONDecoder().decode(ContainerInfo.self, from: Data(buffer: body))
        } catch {
            throw DockerError.badResponse("container inspect: \(error)")
        }
    }

    /// Ids of the containers (running or not) carrying every one of `labels` (`key=value`).
    public func containers(labels: [String]) async throws -> [String] {
        struct Summary: Decodable { var Id: String }
        let (_, body) = try await send(.GET, "/containers/json", query: [("all", "1"), ("filters", Self.filters(["label": labels]))])
        return ((try? JSONDecoder().decode([Summary].self, from: Data(buffer: body))) ?? []).map(\.Id)
    }

    /// Waits until the container stops and returns its exit code.
    public func waitContainer(_ id: String, timeout: Duration) async throws -> Int {
        struct Exit: Decodable { var StatusCode: Int }
        let (_, body) = try await send(.POST, "/containers/\(id)/wait", timeout: TimeAmount(timeout))
        guard let exit = try? JSONDecoder().decode(Exit.self, from: Data(buffer: body)) else {
            throw DockerError.badResponse("container wait returned no status")
        }
        return exit.StatusCode
    }

    /// The last `tail` lines of a container's output (stdout and stderr interleaved).
    public func containerLogs(_ id: String, tail: Int) async throws -> String {
        let (_, body) = try await send(.GET, "/containers/\(id)/logs", query: [("stdout", "1"), ("stderr", "1"), ("tail", String(tail))])
        return DockerLogFrames.text(of: Array(body.readableBytesView))
    }

    /// The image's configuration (user, command, environment), or nil when it is not present locally.
    public func inspectImage(_ reference: String) async throws -> ImageInfo? {
        do {
            let (_, body) = try await send(.GET, "/images/\(reference)/json")
            return try JSONDecoder().decode(ImageInfo.self, from: Data(buffer: body))
        } catch let error as DockerError where error.isNotFound {
            return nil
        }
    }

    /// The engine's `filters` query value, e.g. `{"label":["a=b"]}`.
    static func filters(_ filters: [String: [String]]) -> String {
        (try? encode(filters)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Container events (start, die, oom…) for containers carrying `label` (`key=value`), as they happen.
    /// `onConnected` runs once the engine listens, so that no later event can be missed.
    public func containerEvents(label: String, onConnected: @escaping @Sendable () async -> Void = {}) -> AsyncThrowingStream<ContainerEvent, any Error> {
        let lines = lines(.GET, "/events", query: [("filters", Self.filters(["type": ["container"], "label": [label]]))],
                          onConnected: onConnected)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await line in lines {
                        if let event = try? JSONDecoder().decode(ContainerEvent.self, from: line) { continuation.yield(event) }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

extension DockerEngine {
    /// Creates a named volume (idempotent) with labels.
    public func createVolume(name: String, labels: [String: String]) async throws {
        struct Create: Encodable {
            var Name: String
            var Labels: [String: String]
        }
        try await send(.POST, "/volumes/create", body: try Self.encode(Create(Name: name, Labels: labels)))
    }

    /// Names of the volumes carrying every one of `labels` (`key=value`).
    public func volumes(labels: [String]) async throws -> [String] {
        struct List: Decodable {
            struct Volume: Decodable { var Name: String }
            var Volumes: [Volume]?
        }
        let (_, body) = try await send(.GET, "/volumes", query: [("filters", Self.filters(["label": labels]))])
        return ((try? JSONDecoder().decode(List.self, from: Data(buffer: body)))?.Volumes ?? []).map(\.Name)
    }

    /// Whether a volume of this name exists.
    public func volumeExists(name: String) async throws -> Bool {
        do {
            try await send(.GET, "/volumes/\(name)")
            return true
        } catch let error as DockerError where error.isNotFound {
            return false
        }
    }

    public func removeVolume(name: String) async throws {
        try await send(.DELETE, "/volumes/\(name)")
    }

    /// Creates a bridge network unless one with this name exists; returns it.
    @discardableResult
    public func ensureNetwork(name: String, labels: [String: String]) async throws -> NetworkInfo {
        if let existing = try await network(name: name) { return existing }
        struct Create: Encodable {
            var Name: String
            var Driver = "bridge"
            var CheckDuplicate = true
            var Labels: [String: String]
        }
        do {
            try await send(.POST, "/networks/create", body: try Self.encode(Create(Name: name, Labels: labels)))
        } catch DockerError.engine(409, _) {
            // Created meanwhile by another hub or test.
        }
        guard let created = try await network(name: name) else { throw DockerError.badResponse("network \(name) vanished after create") }
        return created
    }

    /// A network's id and gateway, or nil when there is none of that name.
    public func network(name: String) async throws -> NetworkInfo? {
        do {
            let (_, body) = try await send(.GET, "/networks/\(name)")
            return try JSONDecoder().decode(NetworkInfo.self, from: Data(buffer: body))
        } catch let error as DockerError where error.isNotFound {
            return nil
        }
    }

    /// Attaches a container to a network under extra DNS names (idempotent).
    public func connect(container: String, toNetwork name: String, aliases: [String]) async throws {
        struct Connect: Encodable {
            struct EndpointConfig: Encodable { var Aliases: [String] }
            var Container: String
            var EndpointConfig: EndpointConfig
        }
        do {
            try await send(.POST, "/networks/\(name)/connect",
                           body: try Self.encode(Connect(Container: container, EndpointConfig: .init(Aliases: aliases))))
        } catch DockerError.engine(let status, let message) where status == 403 || message.contains("already exists") {
            // Already attached.
        }
    }

    public func removeNetwork(name: String) async throws {
        try await send(.DELETE, "/networks/\(name)")
    }
}
