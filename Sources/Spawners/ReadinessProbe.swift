import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Waits until a started server answers `GET <url><prefix>api` with any status below 500
/// (redirects not followed), as JupyterHub does, while checking that it has not died.
public struct ReadinessProbe: Sendable {
    let client: HTTPClient

    /// - Parameter client: an HTTP client configured not to follow redirects.
    public init(client: HTTPClient) {
        self.client = client
    }

    /// Returns the `X-JupyterHub-Version` the server reported (nil if none).
    public func waitUntilReady(url: String, prefix: String, timeout: Duration,
                               isAlive: @Sendable () async -> ServerStatus) async throws -> String? {
        let deadline = ContinuousClock.now + timeout
        var delay = Duration.milliseconds(20)
        var lastProblem = "no answer yet"
        while ContinuousClock.now < deadline {
            if case .stopped(let reason) = await isAlive() {
                throw SpawnError("the server stopped before it was ready: \(reason)")
            }
            do {
                var request = HTTPClientRequest(url: url + prefix + "api")
                request.method = .GET
                let response = try await client.execute(request, timeout: .seconds(5))
                if response.status.code < 500 {
                    return response.headers.first(name: "x-jupyterhub-version")
                }
                lastProblem = "it answered HTTP \(response.status.code)"
            } catch {
                lastProblem = "\(error)"
            }
            // A refused connect costs next to nothing, so poll often: every 100 ms of delay here
            // is added to every spawn.
            try await Task.sleep(for: delay)
            delay = min(delay * 2, .milliseconds(50))
        }
        throw SpawnError("the server did not answer within \(timeout) (\(lastProblem))")
    }
}
