/// One event of the spawn-progress stream (`/hub/api/users/<name>/server/progress`).
public struct ProgressEvent: Sendable, Equatable, Encodable {
    public var progress: Int
    public var message: String
    public var ready: Bool?
    public var failed: Bool?
    public var url: String?
    public var htmlMessage: String?

    public init(progress: Int, message: String, ready: Bool? = nil, failed: Bool? = nil, url: String? = nil, htmlMessage: String? = nil) {
        self.progress = progress
        self.message = message
        self.ready = ready
        self.failed = failed
        self.url = url
        self.htmlMessage = htmlMessage
    }

    /// Whether this event ends the stream.
    public var isFinal: Bool { ready == true || failed == true }

    static func ready(url: String) -> ProgressEvent {
        ProgressEvent(progress: 100, message: "Server ready at \(url)", ready: true, url: url,
                      htmlMessage: "Server ready at <a href=\"\(HTML.escape(url))\">\(HTML.escape(url))</a>")
    }

    static func failed(_ reason: String) -> ProgressEvent {
        ProgressEvent(progress: 100, message: "Spawn failed: \(reason)", failed: true)
    }

    enum CodingKeys: String, CodingKey {
        case progress, message, ready, failed, url
        case htmlMessage = "html_message"
    }
}

/// The events of one spawn, replayed to late listeners and streamed to current ones.
final class ProgressLog {
    private(set) var events: [ProgressEvent] = []
    private var listeners: [Int: AsyncStream<ProgressEvent>.Continuation] = [:]
    private var nextListener = 0

    var isFinished: Bool { events.last?.isFinal ?? false }

    func emit(_ event: ProgressEvent) {
        guard !isFinished else { return }
        events.append(event)
        for listener in listeners.values { listener.yield(event) }
        if event.isFinal {
            for listener in listeners.values { listener.finish() }
            listeners = [:]
        }
    }

    /// All events so far, then the ones to come, ending after the final one.
    func subscribe() -> AsyncStream<ProgressEvent> {
        let (stream, continuation) = AsyncStream<ProgressEvent>.makeStream()
        for event in events { continuation.yield(event) }
        if isFinished {
            continuation.finish()
        } else {
            listeners[nextListener] = continuation
            nextListener += 1
        }
        return stream
    }
}
