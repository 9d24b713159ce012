import Foundation
import HubModel
import Testing

/// End to end with a real `jupyterhub-singleuser` behind Ganymede's proxy (needs the venvs
/// that `.ci/run` creates; skipped with a reason otherwise).
@Suite(.serialized)
struct SingleUserIntegrationTests {
    /// Signs alice in through the dev login form, starts her server, and runs `1+1` on a kernel over the proxied WebSocket.
    static func startAndCompute(_ hub: RunningHub, signIn: (Browser) async throws -> Void = { try await $0.logIn(as: "alice") })
        async throws -> (Browser, KernelSession, String) {
        let alice = hub.browser()
        try await signIn(alice)
        let (kernels, kernel) = try await startAndCompute(signedIn: alice, as: "alice")
        return (alice, kernels, kernel)
    }

    /// From the home page of a signed-in browser: start the default server, open JupyterLab,
    /// and run `1+1` on a new kernel through the proxy.
    static func startAndCompute(signedIn browser: Browser, as user: String) async throws -> (KernelSession, String) {
        let home = try await browser.request(.GET, "/hub/home")
        let token = try #require(Browser.xsrf(in: home.body))
        let spawn = try await browser.request(.POST, "/hub/spawn/\(user)", body: "_xsrf=\(token)", follow: false)
        #expect(spawn.status == 302)
        let progress = try await browser.request(.GET, "/hub/api/users/\(user)/server/progress")
        #expect(progress.body.contains("\"ready\":true"), "progress: \(progress.body)")

        let lab = try await browser.request(.GET, "/user/\(user)/lab")
        #expect(lab.status == 200, "lab: \(lab.status) via \(lab.chain)")
        let status = try await browser.request(.GET, "/user/\(user)/api/status")
        #expect(status.status == 200)

        let kernels = KernelSession(browser: browser, prefix: "/user/\(user)/")
        let kernel = try await kernels.create()
        #expect(try await kernels.execute("1+1", kernel: kernel) == "2")
        return (kernels, kernel)
    }

    @Test("login → spawn → kernel 1+1 through the proxy", arguments: [4, 5, 6].filter { Integration.enabled(major: $0) })
    func kernelThroughProxy(major: Int) async throws {
        try await RunningHub.with(major: major) { hub in
            _ = try await Self.startAndCompute(hub)
        }
    }

    @Test("bob cannot use alice's server; anonymous users end at the login page; bad tokens get 403",
          .enabled(if: Integration.enabled(major: 5)))
    func isolation() async throws {
        try await RunningHub.with(major: 5) { hub in
            _ = try await Self.startAndCompute(hub)

            let bob = hub.browser()
            try await bob.logIn(as: "bob")
            let read = try await bob.request(.GET, "/user/alice/api/contents")
            #expect(read.status == 403)
            let page = try await bob.request(.GET, "/user/alice/lab")
            #expect(page.status == 403, "bob reached \(page.url) with \(page.status)")
            #expect(page.chain.contains { $0.contains("/hub/api/oauth2/authorize") })
            #expect(bob.cookie("jupyterhub-user-alice", forPath: "/user/alice/") == nil)
            let write = try await bob.request(.POST, "/user/alice/api/kernels", body: "{}", headers: [("Content-Type", "application/json")])
            #expect(write.status == 403)

            let anonymous = hub.browser()
            let landing = try await anonymous.request(.GET, "/user/alice/lab")
            #expect(landing.url.contains("/hub/login"), "anonymous ended at \(landing.url)")

            let bad = try await anonymous.request(.GET, "/hub/api/user", headers: [("Authorization", "token not-a-real-token")])
            #expect(bad.status == 403)
        }
    }

    @Test("a hub restart keeps a running kernel session; a server that died meanwhile shows as stopped",
          .enabled(if: Integration.enabled(major: 5)))
    func restartAdoptsServers() async throws {
        let dataDir = RunningHub.temporaryDataDir()
        let configuration = RunningHub.configuration(dataDir: dataDir, singleUser: Integration.singleUserCommand(major: 5))
        let first = try await RunningHub(configuration: configuration)
        let (alice, _, kernel) = try await Self.startAndCompute(first)
        let before = try #require(try await first.server.store.rawRows("SELECT spawner_state FROM servers").first?["spawner_state"])
        await first.stop()

        var next = configuration
        next.bind.port = first.configuration.bind.port
        next.hubBind.port = first.configuration.hubBind.port
        let second = try await RunningHub(configuration: next)
        let after = try #require(try await second.server.store.rawRows("SELECT spawner_state FROM servers").first?["spawner_state"])
        #expect(before == after, "the server was re-spawned")
        // Same browser, same cookies, same kernel: nothing was restarted behind the proxy.
        let reused = KernelSession(browser: alice, prefix: "/user/alice/")
        #expect(try await reused.execute("40+2", kernel: kernel) == "42")

        // Kill the server behind the hub's back, restart the hub: alice's server is stopped, with a reason.
        let state = try JSONSerialization.jsonObject(with: Data(after.utf8)) as? [String: String]
        let pid = try #require(state?["pid"].flatMap(Int32.init))
        await second.stop()
        kill(-pid, SIGKILL)
        try await Task.sleep(for: .milliseconds(300))
        let third = try await RunningHub(configuration: next)
        let rows = try await third.server.store.rawRows("SELECT phase, stop_reason FROM servers")
        #expect(rows.first?["phase"] == "stopped")
        #expect(rows.first?["stop_reason"]?.contains("stopped while the hub was down") == true)
        await third.stop()
        third.removeData()
    }

    @Test("cookies carry HttpOnly and SameSite; tokens in the database are not the tokens handed out",
          .enabled(if: Integration.enabled(major: 5)))
    func secretsAtRest() async throws {
        try await RunningHub.with(major: 5) { hub in
            let (alice, _, _) = try await Self.startAndCompute(hub)
            let hubCookies = alice.setCookieHeaders.filter { $0.hasPrefix("jupyterhub-hub-login=") || $0.hasPrefix("jupyterhub-session-id=") }
            #expect(!hubCookies.isEmpty)
            for header in hubCookies {
                #expect(header.contains("HttpOnly"))
                #expect(header.contains("SameSite=Lax"))
            }
            // The server's own token, as its process sees it, must not be stored.
            let state = try #require(try await hub.server.store.rawRows("SELECT spawner_state FROM servers").first?["spawner_state"])
            let pid = try #require((try JSONSerialization.jsonObject(with: Data(state.utf8)) as? [String: String])?["pid"])
            let environ = try String(contentsOfFile: "/proc/\(pid)/environ", encoding: .utf8)
            let token = try #require(environ.split(separator: "\0").first { $0.hasPrefix("JUPYTERHUB_API_TOKEN=") }?.split(separator: "=").last)
            let dump = try await hub.server.store.rawRows("SELECT hash, prefix FROM api_tokens").map { "\($0)" }.joined()
            #expect(!dump.contains(String(token)))
            #expect(dump.contains(Secret.hash(String(token))))
            let login = try #require(alice.cookie("jupyterhub-hub-login", forPath: "/hub/"))
            let sessions = try await hub.server.store.rawRows("SELECT * FROM sessions").map { "\($0)" }.joined()
            #expect(!sessions.contains(login))
        }
    }

    @Test("a named server runs beside the default one, each behind its own prefix and OAuth client",
          .enabled(if: Integration.enabled(major: 5)))
    func namedServers() async throws {
        try await RunningHub.with(major: 5) { hub in
            let alice = hub.browser()
            try await alice.logIn(as: "alice")
            let home = try await alice.request(.GET, "/hub/home")
            let token = try #require(Browser.xsrf(in: home.body))
            let created = try await alice.request(.POST, "/hub/spawn/alice", body: "_xsrf=\(token)&server_name=exp-1", follow: false)
            #expect(created.headers.first(name: "location") == "/hub/spawn-pending/alice/exp-1")
            let progress = try await alice.request(.GET, "/hub/api/users/alice/servers/exp-1/progress")
            #expect(progress.body.contains("\"url\":\"/user/alice/exp-1/\""), "\(progress.body)")

            let page = try await alice.request(.GET, "/user/alice/exp-1/lab")
            #expect(page.status == 200)
            #expect(page.chain.contains { $0.contains("client_id=jupyterhub-user-alice-exp-1") })
            let kernels = KernelSession(browser: alice, prefix: "/user/alice/exp-1/")
            #expect(try await kernels.execute("6*7", kernel: try await kernels.create()) == "42")

            let bad = try await alice.request(.POST, "/hub/spawn/alice", body: "_xsrf=\(token)&server_name=Bad_Name", follow: false)
            #expect(bad.status == 400)
            #expect(bad.body.contains("lowercase"))
        }
    }
}
