import Foundation
import Testing

/// The `ganymede` executable's own checks, run as an operator (or a container health check) runs them.
@Suite struct CommandLineTests {
    /// A configuration `serve` would accept: the dev login on loopback.
    static let environment = ["PATH": "/usr/bin:/bin", "GANYMEDE_BIND": "127.0.0.1:8000"]

    static func ganymede(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        let environment = Self.environment.merging(extra) { $1 }
        return try await Command.detached { try Command.run(Integration.ganymede, arguments, environment: environment) }
    }

    @Test("check-config names every bad setting with its fix and exits 1; a valid configuration says so")
    func checkConfig() async throws {
        let bad = try await Self.ganymede(["check-config"], environment: ["MEM_LIMIT": "lots", "GANYMEDE_BIMD": "127.0.0.1:9000"])
        #expect(bad.status == 1)
        #expect(bad.output.contains("MEM_LIMIT: 'lots' is not a memory size"), "\(bad.output)")
        #expect(bad.output.contains("GANYMEDE_BIMD: is not a known setting — did you mean GANYMEDE_BIND?"), "\(bad.output)")
        let good = try await Self.ganymede(["check-config"])
        #expect(good.status == 0 && good.output.contains("Configuration is valid."), "\(good.output)")
    }

    @Test("health: 0 while the hub answers, 1 naming the URL when nothing does, 64 naming the fix for a bad --url or bind")
    func health() async throws {
        let hub = try await RunningHub(configuration: RunningHub.configuration(dataDir: RunningHub.temporaryDataDir(), singleUser: "/bin/true"))
        defer { hub.removeData() }
        let port = hub.configuration.bind.port
        let answering = try await Self.ganymede(["health"], environment: ["GANYMEDE_BIND": "0.0.0.0:\(port)"])
        #expect(answering.status == 0 && answering.output.contains("ok: http://127.0.0.1:\(port)/hub/health"), "\(answering.output)")
        let explicit = try await Self.ganymede(["health", "--url", hub.base + "/hub/health"])
        #expect(explicit.status == 0, "\(explicit.output)")
        await hub.stop()

        let nobody = try await Self.ganymede(["health", "--url", hub.base + "/hub/health"])
        #expect(nobody.status == 1 && nobody.output.contains("ganymede health: \(hub.base)/hub/health"), "\(nobody.output)")
        let badURL = try await Self.ganymede(["health", "--url", "bogus"])
        #expect(badURL.status == 64 && badURL.output.contains("write it like http://127.0.0.1:8000/hub/health"), "\(badURL.output)")
        let badBind = try await Self.ganymede(["health"], environment: ["GANYMEDE_BIND": "nope"])
        #expect(badBind.status != 0 && badBind.output.contains("GANYMEDE_BIND: 'nope' is not host:port"), "\(badBind.output)")
    }
}
