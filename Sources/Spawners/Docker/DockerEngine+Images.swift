import Foundation
import Synchronization

/// One line of `POST /images/create` (pull) output.
public struct PullEvent: Decodable, Sendable, Equatable {
    public struct Detail: Decodable, Sendable, Equatable {
        public var current: Int64?
        public var total: Int64?
    }
    /// `Pulling fs layer`, `Downloading`, `Download complete`, `Pull complete`…
    public var status: String?
    /// The layer this line is about.
    public var id: String?
    public var progressDetail: Detail?
    /// Set when the pull failed (the HTTP status is still 200).
    public var error: String?
}

extension DockerEngine {
    /// Pulls an image, yielding the engine's progress lines; a line carrying an error ends the
    /// stream with `DockerError.engine`. `stallTimeout` bounds the wait for each next line.
    public func pullImage(_ reference: ImageReference, stallTimeout: Duration) -> AsyncThrowingStream<PullEvent, any Error> {
        let lines = lines(.POST, "/images/create", query: [("fromImage", reference.repository), ("tag", reference.tag)],
                          extraHeaders: [("X-Registry-Auth", "e30=")])  // base64 of "{}": no credentials
        return AsyncThrowingStream { continuation in
            let lastLine = LastSeen()
            let pull = Task {
                do {
                    for try await line in lines {
                        lastLine.touch()
                        guard let event = try? JSONDecoder().decode(PullEvent.self, from: line) else { continue }
                        if let error = event.error { throw DockerError.engine(status: 500, message: error) }
                        continuation.yield(event)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            let watchdog = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    if lastLine.age > stallTimeout {
                        continuation.finish(throwing: DockerError.engine(
                            status: 504, message: "pulling \(reference) received nothing for \(stallTimeout); is the registry reachable?"))
                        pull.cancel()
                        return
                    }
                }
            }
            continuation.onTermination = { _ in
                pull.cancel()
                watchdog.cancel()
            }
        }
    }
}

/// When something was last heard of, shared between a reader and a watchdog.
final class LastSeen: Sendable {
    private let instant = Mutex(ContinuousClock.now)

    func touch() {
        instant.withLock { $0 = .now }
    }

    var age: Duration { instant.withLock { ContinuousClock.now - $0 } }
}

/// An image reference split as the pull API wants it: `repo:tag` at the last colon of the last
/// path segment (a registry port is not a tag), `repo@sha256:…` by digest, `latest` by default.
public struct ImageReference: Sendable, Equatable, CustomStringConvertible {
    public var repository: String
    /// A tag or a digest (`sha256:…`).
    public var tag: String

    public init(_ text: String) {
        if let at = text.firstIndex(of: "@") {
            repository = String(text[..<at])
            tag = String(text[text.index(after: at)...])
        } else if let colon = text.lastIndex(of: ":"), !text[colon...].contains("/") {
            repository = String(text[..<colon])
            tag = String(text[text.index(after: colon)...])
        } else {
            repository = text
            tag = "latest"
        }
    }

    public var description: String { tag.hasPrefix("sha256:") ? "\(repository)@\(tag)" : "\(repository):\(tag)" }
}
