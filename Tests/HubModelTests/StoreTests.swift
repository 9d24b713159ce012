import Foundation
import HubModel
import Testing

@Suite struct StoreTests {
    @Test func tokensAreStoredHashedAndFoundBySecret() async throws {
        let store = try HubStore()
        let alice = try await store.ensureUser(named: "alice")
        let issued = try await store.issueToken(userID: alice.id!, kind: .api, scopes: ["inherit"], note: "test")
        let rows = try await store.rawRows("SELECT * FROM api_tokens").map { "\($0)" }.joined()
        #expect(!rows.contains(issued.secret))
        #expect(try await store.token(secret: issued.secret)?.user.name == "alice")
        #expect(try await store.token(secret: issued.secret + "x") == nil)
    }

    @Test func expiredTokensDoNotWork() async throws {
        let store = try HubStore()
        let alice = try await store.ensureUser(named: "alice")
        let issued = try await store.issueToken(userID: alice.id!, kind: .api, scopes: [], note: "", expiresIn: -1)
        #expect(try await store.token(secret: issued.secret) == nil)
    }

    @Test func codesWorkOnce() async throws {
        let store = try HubStore()
        let alice = try await store.ensureUser(named: "alice")
        let server = try await store.ensureServer(userID: alice.id!, name: "")
        try await store.saveClient(OAuthClientRecord(id: "jupyterhub-user-alice", secretHash: "h", redirectURI: "/user/alice/oauth_callback",
                                                     serverID: server.id!))
        let code = try await store.issueCode(clientID: "jupyterhub-user-alice", userID: alice.id!, scopes: [], redirectURI: "/cb",
                                             sessionID: nil, codeChallenge: nil)
        #expect(try await store.redeemCode(code) != nil)
        #expect(try await store.redeemCode(code) == nil)
    }

    @Test func endingASessionRevokesItsTokens() async throws {
        let store = try HubStore()
        let alice = try await store.ensureUser(named: "alice")
        let (session, secret) = try await store.createSession(userID: alice.id!, lifetime: 3600)
        let kept = try await store.issueToken(userID: alice.id!, kind: .api, scopes: [], note: "")
        let revoked = try await store.issueToken(userID: alice.id!, kind: .oauth, scopes: [], note: "", sessionID: session.id)
        #expect(try await store.session(secret: secret)?.user.name == "alice")
        try await store.endSession(id: session.id)
        #expect(try await store.session(secret: secret) == nil)
        #expect(try await store.token(secret: revoked.secret) == nil)
        #expect(try await store.token(secret: kept.secret) != nil)
    }

    @Test func usersHoldingAccessHaveASessionATokenOrAServerThatIsNotStopped() async throws {
        let store = try HubStore()
        let withSession = try await store.ensureUser(named: "session")
        _ = try await store.createSession(userID: withSession.id!, lifetime: 3600)
        let withToken = try await store.ensureUser(named: "token")
        _ = try await store.issueToken(userID: withToken.id!, kind: .api, scopes: [], note: "")
        let withServer = try await store.ensureUser(named: "server")
        var running = try await store.ensureServer(userID: withServer.id!, name: "")
        running.phase = .running
        try await store.save(running)

        let expired = try await store.ensureUser(named: "expired")
        _ = try await store.createSession(userID: expired.id!, lifetime: -1)
        _ = try await store.issueToken(userID: expired.id!, kind: .api, scopes: [], note: "", expiresIn: -1)
        let stopped = try await store.ensureUser(named: "stopped")
        let server = try await store.ensureServer(userID: stopped.id!, name: "")
        _ = try await store.issueToken(userID: stopped.id!, kind: .server, scopes: [], note: "", serverID: server.id)
        _ = try await store.ensureUser(named: "nothing")

        #expect(try await store.usersHoldingAccess().map(\.name) == ["session", "token", "server"])
    }

    @Test func stateSurvivesReopening() async throws {
        let path = NSTemporaryDirectory() + "ganymede-store-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let secret: String
        do {
            let store = try HubStore(path: path)
            let alice = try await store.ensureUser(named: "alice", admin: true)
            secret = try await store.issueToken(userID: alice.id!, kind: .api, scopes: ["inherit"], note: "").secret
        }
        let reopened = try HubStore(path: path)
        #expect(try await reopened.token(secret: secret)?.user.admin == true)
    }
}
