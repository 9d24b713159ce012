import AsyncHTTPClient
import Foundation
import HubApp
import HubConfig
import HubModel
import Logging

/// A real Ganymede process-in-a-task for tests: ports chosen at random, state in a temporary
/// folder, servers started with a real `jupyterhub-singleuser`.
final class RunningHub: @unchecked Sendable {
    let server: GanymedeServer
    let task: Task<Void, any Error>
    var client: HTTPClient { Browser.sharedClient }

    var base: String { "http://127.0.0.1:\(server.configuration.bind.port)" }
    var configuration: HubConfiguration { server.configuration }

    static func configuration(dataDir: String, singleUser: String) -> HubConfiguration {
        var configuration = HubConfiguration()
        configuration.bind = SocketAddressSpec(host: "127.0.0.1", port: 0)
        configuration.hubBind = SocketAddressSpec(host: "127.0.0.1", port: 0)
        configuration.dataDir = dataDir
        configuration.singleuserCommand = [singleUser]
        configuration.adminUsers = ["admin"]
        // With every suite running at once on two cores, Jupyter can take longer than the 30 s default to answer.
        configuration.httpTimeout = 120
        return configuration
    }

    static func temporaryDataDir() -> String {
        let path = NSTemporaryDirectory() + "ganymede-test-" + UUID().uuidString.prefix(8)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Starts the hub and waits until `/hub/health` answers through the proxy.
    init(configuration: HubConfiguration) async throws {
        var logger = Logger(label: "test.hub")
        logger.logLevel = ProcessInfo.processInfo.environment["GANYMEDE_TEST_LOG"] == "1" ? .debug : .warning
        server = try await GanymedeServer.build(configuration: configuration, logger: logger)
        let server = self.server
        task = Task { try await server.run(handleSignals: false) }
        // Seconds when idle; under CI's full parallel load, startup can wait a while for a thread.
        let health = HTTPClientRequest(url: base + "/hub/health")
        let client = self.client
        if try await eventually(within: 60, every: .milliseconds(20), {
            (try? await client.execute(health, timeout: .seconds(1)))?.status == .ok
        }) { return }
        task.cancel()
        if case .failure(let error) = await task.result { throw error }
        throw BrowserError("the hub did not become healthy")
    }

    func browser() -> Browser { Browser(base: base, client: client) }

    /// Stops the hub as SIGTERM would (graceful shutdown), leaving single-user servers running.
    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    /// Deletes the hub's data folder (once no hub uses it any more).
    func removeData() {
        try? FileManager.default.removeItem(atPath: configuration.dataDir)
    }

    /// Runs `body` against a fresh hub whose servers use jupyterhub `major`.x, then stops
    /// every server it started and the hub, whether `body` succeeded or not.
    static func with<T>(major: Int, _ body: (RunningHub) async throws -> T) async throws -> T {
        let hub = try await RunningHub(configuration: configuration(dataDir: temporaryDataDir(), singleUser: Integration.singleUserCommand(major: major)))
        defer { hub.removeData() }
        do {
            let result = try await body(hub)
            try await hub.stopEverything()
            return result
        } catch {
            try? await hub.stopEverything()
            throw error
        }
    }

    /// Stops every single-user server this hub started (test cleanup), then the hub.
    func stopEverything() async throws {
        for user in try await server.store.allUsers() {
            for record in try await server.store.servers(userID: user.id ?? 0) where record.phase != .stopped {
                _ = try? await server.servers.stop(user: user, server: record.name, wait: .seconds(10))
            }
        }
        await stop()
    }
}
