import Foundation
import HubApp
import HubModel
import Testing

/// `ganymede backup` while servers run, `ganymede restore` into a fresh data dir.
@Suite(.serialized)
struct BackupTests {
    @Test("a backup taken while two servers run, restored into a fresh data dir: users, tokens and servers are back and re-adopted",
          .enabled(if: Integration.enabled(major: 5)))
    func backupAndRestore() async throws {
        let first = try await RunningHub(configuration: RunningHub.configuration(
            dataDir: RunningHub.temporaryDataDir(), singleUser: Integration.singleUserCommand(major: 5)))
        defer { first.removeData() }
        var tokens: [String: String] = [:]
        for name in ["alice", "bob"] {
            tokens[name] = try await first.startServer(for: name)
        }
        let folder = RunningHub.temporaryDataDir() + "/snapshot"
        let files = try StateBackup.create(configuration: first.configuration, into: folder, version: "test")
        #expect(files.contains("ganymede.sqlite") && files.contains("cookie_secret"))
        await first.stop()  // servers keep running

        var fresh = first.configuration
        fresh.dataDir = RunningHub.temporaryDataDir()
        fresh.databasePath = ""
        #expect(throws: StartupError.self) { _ = try StateBackup.restore(from: folder, configuration: first.configuration, force: false) }
        _ = try StateBackup.restore(from: folder, configuration: fresh, force: false)
        let second = try await RunningHub(configuration: fresh)
        defer { second.removeData() }
        do {
            for (name, token) in tokens {
                let me = try await second.browser().request(.GET, "/hub/api/user", headers: [("Authorization", "token \(token)")])
                #expect(me.status == 200 && me.body.contains("\"name\":\"\(name)\""), "\(name): \(me.status)")
                let status = try await second.browser().request(.GET, "/user/\(name)/api/status", headers: [("Authorization", "token \(token)")])
                #expect(status.status == 200, "\(name)'s server was not re-adopted: \(status.status)")
            }
            try await second.stopEverything()
        } catch {
            try? await second.stopEverything()
            throw error
        }
    }
}

extension RunningHub {
    /// Creates `name` with an API token and starts their default server; returns the token.
    func startServer(for name: String) async throws -> String {
        let user = try await server.store.ensureUser(named: name)
        let token = try await server.store.issueToken(userID: user.id ?? 0, kind: .api, scopes: ["inherit"], note: "test").secret
        try await browser().startServer(of: name, token: token)
        return token
    }
}
