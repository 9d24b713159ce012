import Foundation
import NIOCore
import NIOFoundationCompat

extension DockerEngine {
    /// Creates a container and returns its id.
    public func createContainer(name: String, spec: ContainerSpec) async throws -> String {
        struct Created: Decodable { var Id: String }
        let (_, body) = try await send(.POST, "/containers/create", query: [("name", name)], body: try Self.encode(spec))
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

    /// The image's configuration (user, command, environment), or nil when it is not present locally.
    public func inspectImage(_ reference: String) async throws -> ImageInfo? {
        do {
            let (_, body) = try await send(.GET, "/images/\(reference)/json")
            return try JSONDecoder().decode(ImageInfo.self, from: Data(buffer: body))
        } catch let error as DockerError where error.isNotFound {
            return nil
        }
    }

    /// Container events (start, die, oom…) for containers carrying `label` (`key=value`), as they happen.
    public func containerEvents(label: String) -> AsyncThrowingStream<ContainerEvent, any Error> {
        let filters = #"{"type":["container"],"label":["\#(label)"]}"#
        let lines = lines(.GET, "/events", query: [("filters", filters)])
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

    public func removeVolume(name: String) async throws {
        try await send(.DELETE, "/volumes/\(name)")
    }

    /// Creates a bridge network unless one with this name exists; returns its id.
    public func ensureNetwork(name: String, labels: [String: String]) async throws -> String {
        struct Network: Decodable { var Id: String }
        if let (_, body) = try? await send(.GET, "/networks/\(name)"),
           let existing = try? JSONDecoder().decode(Network.self, from: Data(buffer: body)) {
            return existing.Id
        }
        struct Create: Encodable {
            var Name: String
            var Driver = "bridge"
            var CheckDuplicate = true
            var Labels: [String: String]
        }
        let (_, body) = try await send(.POST, "/networks/create", body: try Self.encode(Create(Name: name, Labels: labels)))
        guard let created = try? JSONDecoder().decode(Network.self, from: Data(buffer: body)) else {
            throw DockerError.badResponse("network create returned no id")
        }
        return created.Id
    }

    public func removeNetwork(name: String) async throws {
        try await send(.DELETE, "/networks/\(name)")
    }
}
