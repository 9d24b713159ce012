import Foundation
import Testing

/// The whole process behind a TLS-terminating front proxy on loopback (trusted by default).
@Suite struct FrontProxyTests {
    @Test func forwardedHTTPSFromATrustedFrontProxyMakesCookiesSecure() async throws {
        var configuration = RunningHub.configuration(dataDir: RunningHub.temporaryDataDir(), singleUser: "/bin/true")
        configuration.trustedProxies = ["127.0.0.1"]
        let hub = try await RunningHub(configuration: configuration)
        let browser = hub.browser()
        let form = try await browser.request(.GET, "/hub/login", headers: [("X-Forwarded-Proto", "https")])
        let token = try #require(Browser.xsrf(in: form.body))
        _ = try await browser.request(.POST, "/hub/login", body: "_xsrf=\(token)&username=alice", headers: [("X-Forwarded-Proto", "https")])
        let sessionCookies = browser.setCookieHeaders.filter { $0.hasPrefix("jupyterhub-") }
        #expect(!sessionCookies.isEmpty)
        #expect(sessionCookies.allSatisfy { $0.contains("Secure") }, "\(sessionCookies)")
        await hub.stop()

        configuration.trustedProxies = []
        let untrusting = try await RunningHub(configuration: configuration)
        let other = untrusting.browser()
        let otherForm = try await other.request(.GET, "/hub/login", headers: [("X-Forwarded-Proto", "https")])
        _ = try await other.request(.POST, "/hub/login", body: "_xsrf=\(Browser.xsrf(in: otherForm.body) ?? "")&username=alice",
                                    headers: [("X-Forwarded-Proto", "https")])
        #expect(other.setCookieHeaders.filter { $0.hasPrefix("jupyterhub-") }.allSatisfy { !$0.contains("Secure") })
        await untrusting.stop()
        untrusting.removeData()
    }
}

/// Spawn failures that need no Jupyter: the reason reaches the user.
@Suite struct SpawnFailureTests {
    @Test func aServerThatDiesAtStartupIsReportedWithItsLastWords() async throws {
        let dataDir = RunningHub.temporaryDataDir()
        let script = dataDir + "/broken-singleuser"
        try "#!/bin/sh\necho 'ModuleNotFoundError: No module named jupyterhub' >&2\nexit 3\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let hub = try await RunningHub(configuration: RunningHub.configuration(dataDir: dataDir, singleUser: script))
        let browser = hub.browser()
        try await browser.logIn(as: "alice")
        let home = try await browser.request(.GET, "/hub/home")
        _ = try await browser.request(.POST, "/hub/spawn/alice", body: "_xsrf=\(Browser.xsrf(in: home.body) ?? "")", follow: false)
        let progress = try await browser.request(.GET, "/hub/api/users/alice/server/progress")
        #expect(progress.body.contains("\"failed\":true"))
        #expect(progress.body.contains("ModuleNotFoundError: No module named jupyterhub"), "\(progress.body)")
        let after = try await browser.request(.GET, "/hub/home")
        #expect(after.body.contains("ModuleNotFoundError"))
        await hub.stop()
        hub.removeData()
    }
}
