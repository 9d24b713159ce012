import Foundation

/// Whether `condition` held within `seconds`, asked every `interval`: for what the hub does on
/// its own schedule (re-checks, stops), where one look at a fixed moment would race it.
func eventually(within seconds: TimeInterval, every interval: Duration = .milliseconds(250),
                _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    repeat {
        if try await condition() { return true }
        try await Task.sleep(for: interval)
    } while Date() < deadline
    return try await condition()
}
