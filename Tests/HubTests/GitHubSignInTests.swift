import Foundation
import HubConfig
import HubModel
import Spawners
import Testing

/// GitHub sign-in against a fake GitHub on loopback (Enterprise layout, reached through
/// `GITHUB_URL`), with a real hub and a browser that follows the real redirects.
@Suite(.serialized)
struct GitHubSignInTests {
    static let singleUser = Integration.hasVenv(major: 5) ? Integration.singleUserCommand(major: 5) : "/bin/true"

    /// A hub that signs in with `github`: alice by name, carol by the file, acme's members,
    /// beta's data-team, and the administrator boss.
    static func withHub(_ adjust: (inout HubConfiguration) -> Void = { _ in },
                        _ body: (RunningHub, FakeGitHub) async throws -> Void) async throws {
        let github = FakeGitHub()
        try await github.start()
        for (index, login) in ["Alice", "boss", "carol", "dave", "erin", "frank", "gina", "henry"].enumerated() {
            github.addAccount(login, id: Int64(1000 + index))
        }
        github.addMember("dave", org: "acme")
        github.addTeamMember("erin", org: "beta", team: "data-team")
        github.addTeamMember("gina", org: "beta", team: "data-team", state: "pending")
        github.addMember("gina", org: "beta")

        let dataDir = RunningHub.temporaryDataDir()
        try "# people\ncarol  # from the file\n".write(toFile: dataDir + "/allowed_users.txt", atomically: true, encoding: .utf8)
        var configuration = RunningHub.configuration(dataDir: dataDir, singleUser: singleUser)
        configuration.bind.port = try FreePort.find(host: "127.0.0.1")
        configuration.publicURL = "http://127.0.0.1:\(configuration.bind.port)"
        configuration.authenticator = .github
        configuration.githubClientID = "fake-client-id"
        configuration.githubClientSecret = "fake-client-secret"
        configuration.githubURL = github.url
        configuration.githubTimeout = 2
        configuration.allowedUsers = ["alice"]
        configuration.allowedOrgs = ["acme", "beta:data-team"]
        configuration.adminUsers = ["boss"]
        adjust(&configuration)
        #expect(configuration.validate().isEmpty, "\(configuration.validate())")
        let hub = try await RunningHub(configuration: configuration)
        defer { hub.removeData() }
        do {
            try await body(hub, github)
        } catch {
            try? await hub.stopEverything()
            await github.stop()
            throw error
        }
        try await hub.stopEverything()
        await github.stop()
    }

    static func users(_ hub: RunningHub) async throws -> [String: UserRecord] {
        Dictionary(uniqueKeysWithValues: try await hub.server.store.allUsers().map { ($0.name, $0) })
    }

    @Test("admitted by the user list, the file, an org and a team; the admin flag comes from ADMIN_USERS; accounts keyed on GitHub's id")
    func admittedByEachRule() async throws {
        try await Self.withHub { hub, github in
            let login = try await hub.browser().request(.GET, "/hub/login")
            #expect(login.body.contains("Sign in with GitHub") && login.body.contains("/hub/oauth_login"))
            for login in ["Alice", "carol", "dave", "erin", "boss"] {
                let browser = hub.browser()
                let home = try await browser.signInWithGitHub(github, as: login)
                #expect(home.status == 200 && home.url.hasSuffix("/hub/home"), "\(login): \(home.status) at \(home.url)")
                #expect(home.body.contains(login.lowercased()))
            }
            let users = try await Self.users(hub)
            #expect(users["alice"]?.externalID == "1000", "the username is the lowercased login")
            #expect(users["boss"]?.admin == true)
            #expect(users["dave"]?.admin == false)
            let sealed = try #require(users["dave"]?.authState)
            #expect(!String(decoding: sealed, as: UTF8.self).contains("gho_"), "the GitHub token is encrypted at rest")
            // The scopes asked for include read:org, since org rules exist.
            #expect(github.tokenRequests.allSatisfy { $0["code_verifier"]?.count == 64 })
        }
    }

    @Test("denied for each reason with an explained page, nothing stored; pending team membership denied")
    func deniedWithReasons() async throws {
        try await Self.withHub { hub, github in
            let frank = try await hub.browser().signInWithGitHub(github, as: "frank")
            #expect(frank.status == 403)
            #expect(frank.body.contains("You signed in to GitHub as frank"))
            #expect(frank.body.contains("members of the org acme") && frank.body.contains("members of the team beta:data-team"))
            #expect(frank.body.contains("frank is not on its list of people"))
            #expect(frank.body.contains("not a member of the org acme"))
            #expect(!frank.body.contains("alice") && !frank.body.contains("carol"), "other users' names leaked")
            #expect(!frank.body.contains("GET /orgs"), "raw answers are for administrators")

            let gina = try await hub.browser().signInWithGitHub(github, as: "gina")
            #expect(gina.status == 403)
            #expect(gina.body.contains("invitation to the team beta:data-team is still pending"))
            // An Enterprise Server login that cannot be a hub username.
            github.addAccount("-odd", id: 2000)
            let odd = try await hub.browser().signInWithGitHub(github, as: "-odd")
            #expect(odd.status == 403 && odd.body.contains("cannot be a username on this hub"))

            let users = try await Self.users(hub)
            #expect(users["frank"] == nil && users["gina"] == nil && users["-odd"] == nil)

            // An administrator's browser sees GitHub's answers too.
            let admin = hub.browser()
            _ = try await admin.signInWithGitHub(github, as: "boss")
            let seen = try await admin.signInWithGitHub(github, as: "frank")
            #expect(seen.status == 403 && seen.body.contains("GET /orgs/acme/members/frank → 404"))
        }
    }

    @Test("a renamed GitHub login keeps its account")
    func renameKeepsAccount() async throws {
        try await Self.withHub({ $0.allowedUsers = ["alice", "alice-renamed"] }) { hub, github in
            _ = try await hub.browser().signInWithGitHub(github, as: "Alice")
            let before = try #require(try await Self.users(hub)["alice"])
            github.rename("Alice", to: "alice-renamed")
            let page = try await hub.browser().signInWithGitHub(github, as: "alice-renamed")
            #expect(page.status == 200)
            let users = try await Self.users(hub)
            #expect(users["alice"] == nil)
            #expect(users["alice-renamed"]?.id == before.id)
        }
    }

    @Test("a freed login cannot take over the account of whoever had it; once they sign in under their new name it can")
    func freedLoginIsNotAnAccount() async throws {
        try await Self.withHub({ $0.allowedUsers = ["alice", "alice-renamed"] }) { hub, github in
            _ = try await hub.browser().signInWithGitHub(github, as: "Alice")
            github.rename("Alice", to: "alice-renamed")
            github.addAccount("alice", id: 3000)  // someone else registers the freed login

            let taken = try await hub.browser().signInWithGitHub(github, as: "alice")
            #expect(taken.status == 403 && taken.body.contains("belongs to a different GitHub account"))
            #expect(try await Self.users(hub)["alice"]?.externalID == "1000")

            _ = try await hub.browser().signInWithGitHub(github, as: "alice-renamed")
            let freed = try await hub.browser().signInWithGitHub(github, as: "alice")
            #expect(freed.status == 200)
            let users = try await Self.users(hub)
            #expect(users["alice"]?.externalID == "3000" && users["alice-renamed"]?.externalID == "1000")
        }
    }

    @Test("a state mismatch, a reused callback and a replayed code are refused with 400")
    func stateAndReplay() async throws {
        try await Self.withHub { hub, github in
            github.signIn("Alice")
            let browser = hub.browser()
            let callback = try await browser.callbackURL(github)

            let stranger = try await hub.browser().request(.GET, callback, follow: false)
            #expect(stranger.status == 400 && stranger.body.contains("OAuth state mismatch"))

            let done = try await browser.request(.GET, callback)
            #expect(done.status == 200 && done.url.hasSuffix("/hub/home"))

            // The same state again, with its cookie put back: already used.
            let state = try #require(URLComponents(string: callback)?.queryItems?.first { $0.name == "state" }?.value)
            let reused = try await browser.request(.GET, callback, headers: [("Cookie", "ganymede-oauth-state=\(state)")], follow: false)
            #expect(reused.status == 400 && reused.body.contains("already used"))

            // A fresh sign-in that presents the old code: GitHub refuses it.
            let fresh = try await browser.callbackURL(github)
            let newState = try #require(URLComponents(string: fresh)?.queryItems?.first { $0.name == "state" }?.value)
            let oldCode = try #require(URLComponents(string: callback)?.queryItems?.first { $0.name == "code" }?.value)
            let replay = try await browser.request(.GET, "/hub/oauth_callback?code=\(oldCode)&state=\(newState)", follow: false)
            #expect(replay.status == 400 && replay.body.contains("bad_verification_code"))
        }
    }

    @Test("GitHub down, slow, rate-limited or answering garbage → an error page, and no account is created")
    func githubFailures() async throws {
        try await Self.withHub({ $0.allowedUsers = ["alice", "henry"]; $0.githubTimeout = 1 }) { hub, github in
            for failure: FakeGitHub.Failure in [.serverError, .slow(.seconds(3)), .garbage, .rateLimited] {
                github.fail(failure)
                let page = try await hub.browser().signInWithGitHub(github, as: "henry")
                #expect(page.status == 502, "\(failure): \(page.status)")
                #expect(page.body.contains("GitHub could not be reached"), "\(failure)")
            }
            #expect(try await Self.users(hub)["henry"] == nil)
            github.fail(.none)
            #expect(try await hub.browser().signInWithGitHub(github, as: "henry").status == 200)
        }
    }

    @Test("membership revoked upstream or a name removed from the file → sessions and tokens stop working, the server stops",
          .enabled(if: Integration.enabled(major: 5)))
    func revocation() async throws {
        try await Self.withHub({ $0.authRecheckInterval = 1 }) { hub, github in
            let dave = hub.browser()
            _ = try await dave.signInWithGitHub(github, as: "dave")
            let carol = hub.browser()
            _ = try await carol.signInWithGitHub(github, as: "carol")
            let store = hub.server.store
            let daveID = try #require(try await store.user(named: "dave")?.id)
            let token = try await store.issueToken(userID: daveID, kind: .api, scopes: ["inherit"], note: "test").secret
            let api = [("Authorization", "token \(token)")]
            #expect(try await dave.request(.POST, "/hub/api/users/dave/server", body: "{}", headers: api + [("Content-Type", "application/json")]).status < 300)
            let progress = try await dave.request(.GET, "/hub/api/users/dave/server/progress", headers: api)
            #expect(progress.body.contains("\"ready\":true"))

            github.removeMember("dave", org: "acme")
            try "# nobody\n".write(toFile: hub.configuration.dataDir + "/allowed_users.txt", atomically: true, encoding: .utf8)
            // Dave's GitHub membership and carol's line can be seen by different re-checks.
            #expect(try await eventually(within: 30) { try await carol.request(.GET, "/hub/home").url.contains("/hub/login") },
                    "carol, removed from the file, is still signed in")
            #expect(try await eventually(within: 30) { try await dave.request(.GET, "/hub/home").url.contains("/hub/login") },
                    "dave's session still works")
            #expect(try await dave.request(.GET, "/hub/api/user", headers: api).status == 403, "dave's API token still works")
            #expect(try await eventually(within: 30) { try await store.server(userID: daveID, name: "")?.phase == .stopped },
                    "dave's server still runs")

            // Revoked and holding nothing, carol is not asked about again by the re-checks to come.
            let asked = github.apiRequests(by: "carol")
            try await Task.sleep(for: .seconds(3))
            #expect(github.apiRequests(by: "carol") == asked, "carol is still re-checked")
        }
    }

    @Test("an expiring GitHub App token is refreshed by the re-check, and the user stays signed in")
    func expiringTokenRefreshed() async throws {
        try await Self.withHub({ $0.authRecheckInterval = 1 }) { hub, github in
            github.issueExpiringTokens()
            let dave = hub.browser()
            _ = try await dave.signInWithGitHub(github, as: "dave")
            let before = try await hub.server.store.user(named: "dave")?.authState
            _ = try await eventually(within: 20) { github.tokenRequests.contains { $0["grant_type"] == "refresh_token" } }
            let refresh = try #require(github.tokenRequests.first { $0["grant_type"] == "refresh_token" })
            #expect(refresh["refresh_token"]?.hasPrefix("ghr_") == true && refresh["client_secret"] == "fake-client-secret")
            #expect(try await eventually(within: 10) { try await hub.server.store.user(named: "dave")?.authState != before },
                    "the new token was not stored")
            #expect(try await dave.request(.GET, "/hub/home").url.hasSuffix("/hub/home"))
        }
    }

    @Test("login → spawn → kernel 1+1 with GitHub sign-in", .enabled(if: Integration.enabled(major: 5)))
    func kernelThroughProxy() async throws {
        try await Self.withHub { hub, github in
            _ = try await SingleUserIntegrationTests.startAndCompute(hub) { browser in
                let home = try await browser.signInWithGitHub(github, as: "Alice")
                #expect(home.url.hasSuffix("/hub/home"))
            }
        }
    }
}

extension Browser {
    /// Signs in with GitHub as `login`: the login button, GitHub's redirect, the callback, and on.
    func signInWithGitHub(_ github: FakeGitHub, as login: String) async throws -> Page {
        github.signIn(login)
        return try await request(.GET, "/hub/oauth_login?next=/hub/home")
    }

    /// Starts a sign-in and stops at the callback URL GitHub sends the browser to.
    func callbackURL(_ github: FakeGitHub) async throws -> String {
        let start = try await request(.GET, "/hub/oauth_login", follow: false)
        let authorize = try #require(start.headers.first(name: "location"))
        #expect(authorize.hasPrefix(github.url + "/login/oauth/authorize?"))
        #expect(authorize.contains("scope=read%3Auser%20read%3Aorg") && authorize.contains("code_challenge_method=S256"))
        let back = try await request(.GET, authorize, follow: false)
        return try #require(back.headers.first(name: "location"))
    }
}
