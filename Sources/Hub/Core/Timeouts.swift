import Spawners

/// Runs `body`, giving up with a `SpawnError` after `duration`.
func withTimeout<T: Sendable>(_ duration: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: duration)
            return nil
        }
        defer { group.cancelAll() }
        if let value = try await group.next() ?? nil { return value }
        throw SpawnError("timed out after \(duration.components.seconds) s trying to \(what)")
    }
}

/// The first final event of a progress stream, or nil if none arrives within `duration`.
func firstFinalEvent(of stream: AsyncStream<ProgressEvent>, within duration: Duration) async -> ProgressEvent? {
    await withTaskGroup(of: ProgressEvent?.self) { group in
        group.addTask {
            for await event in stream where event.isFinal { return event }
            return nil
        }
        group.addTask {
            try? await Task.sleep(for: duration)
            return nil
        }
        defer { group.cancelAll() }
        return await group.next() ?? nil
    }
}
