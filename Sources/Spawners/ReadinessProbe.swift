import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Waits until a started server answers `GET <url><prefix>api` with any status below 500
/// (redirects not followed), as JupyterHub does, while checking that it has not died.
///
/// Until the server's port accepts connections the probe only tries TCP connects:
/// AsyncHTTPClient backs off after each refused connection (100 ms growing by a quarter each time),
/// which would notice a server seconds after it started listening.
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
        var listening = false  // true once a TCP connect succeeded; HTTP requests only from then on
        while ContinuousClock.now < deadline {
            if case .stopped(let reason) = await isAlive() {
                throw SpawnError("the server stopped before it was ready: \(reason)")
            }
            do {
                if !listening {
                    listening = await Self.acceptsConnections(url, group: client.eventLoopGroup)
                }
                if listening {
                    var request = HTTPClientRequest(url: url + prefix + "api")
                    request.method = .GET
                    let response = try await client.execute(request, timeout: .seconds(5))
                    if response.status.code < 500 {
                        return response.headers.first(name: "x-jupyterhub-version")
                    }
                    lastProblem = "it answered HTTP \(response.status.code)"
                } else {
                    lastProblem = "nothing listens at \(url) yet"
                }
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

    /// Whether the host and port of `url` accept a TCP connection now (true when the URL has
    /// none, so that the HTTP request reports the problem).
    static func acceptsConnections(_ url: String, group: any EventLoopGroup) async -> Bool {
        guard let parsed = URL(string: url), let host = parsed.host else { return true }
        let port = parsed.port ?? (parsed.scheme == "https" ? 443 : 80)
        do {
            let channel = try await ClientBootstrap(group: group).connectTimeout(.seconds(1)).connect(host: host, port: port).get()
            try? await channel.close()
            return true
        } catch {
            return false
        }
    }
}
