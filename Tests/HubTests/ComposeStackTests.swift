import Foundation
import Testing

/// The deployment as operators run it: the root `docker-compose.yml` with the hub image, GitHub
/// sign-in against a fake GitHub, and servers from the single-user image (JupyterLab and marimo).
@Suite("The compose stack", .serialized)
struct ComposeStackTests {
    @Test("docker-compose.yml is valid with the tls profile and without, with .env.example as its .env",
          .enabled(if: ComposeStack.composeCommand != nil || Integration.required))
    func composeFileValidates() async throws {
        let command = try #require(ComposeStack.composeCommand, "no docker-compose and no docker compose plugin")
        let directory = RunningHub.temporaryDataDir()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for file in ["docker-compose.yml", ".env.example"] {
            try FileManager.default.copyItem(atPath: Integration.root + "/" + file,
                                             toPath: directory + "/" + (file == ".env.example" ? ".env" : file))
        }
        for profile in [[], ["--profile", "tls"]] {
            let (status, output) = try await Command.runAsync("/usr/bin/env", ["-C", directory] + command + profile + ["config"])
            #expect(status == 0, "\(profile): \(output)")
            #expect(["hub:", "nginx-proxy:", "acme-companion:"].allSatisfy { output.contains("  \($0)") }, "\(profile): \(output)")
            #expect(output.contains("name: ganymede-state"), "the state volume's name depends on the folder")
        }
    }

    @Test("GitHub login → CPU image → 1+1, a marimo notebook over its WebSocket, ~/Shared, stop/start, `restart hub` keeps servers",
          .enabled(if: ComposeStack.enabled), arguments: ComposeStack.fronts)
    func fullFlow(front: ComposeStack.Front) async throws {
        try await ComposeStack.with(front: front) { stack, github in
            let alice = stack.browser()
            let home = try await alice.signInWithGitHub(github, as: "alice")
            #expect(home.status == 200 && home.url.hasSuffix("/hub/home"), "\(home.status) at \(home.url)")
            let (kernels, kernel) = try await SingleUserIntegrationTests.startAndCompute(signedIn: alice, as: "alice")
            let write = "open('/home/jovyan/notes.txt','w').write('kept'); open('/home/jovyan/Shared/hello.txt','w').write('from alice')"
            #expect(try await kernels.execute(write, kernel: kernel) == "10")

            try await MarimoCheck(browser: alice, prefix: "/user/alice/").createAndRun()

            let bob = stack.browser()
            _ = try await bob.signInWithGitHub(github, as: "bob")
            let (bobKernels, bobKernel) = try await SingleUserIntegrationTests.startAndCompute(signedIn: bob, as: "bob")
            #expect(try await bobKernels.execute("open('/home/jovyan/Shared/hello.txt').read()", kernel: bobKernel) == "'from alice'")

            // Stop and start: a new container, the same home.
            let token = try await stack.token(for: "alice")
            #expect(try await alice.request(.DELETE, "/hub/api/users/alice/server", headers: [("Authorization", "token \(token)")]).status == 204)
            try await alice.startServer(of: "alice", token: token)
            #expect(try await alice.request(.GET, "/user/alice/lab").status == 200)
            let again = try await kernels.create()
            #expect(try await kernels.execute("open('/home/jovyan/notes.txt').read()", kernel: again) == "'kept'")

            // `docker compose restart hub`: both servers keep running (same containers) and answer.
            let before = try await stack.serverContainers(of: ["alice", "bob"])
            try await stack.compose(["restart", "hub"])
            try await stack.waitUntilHealthy()
            #expect(try await stack.serverContainers(of: ["alice", "bob"]) == before, "servers were restarted with the hub")
            #expect(try await kernels.execute("2+3", kernel: again) == "5")
            #expect(try await bobKernels.execute("open('/home/jovyan/Shared/hello.txt').read()", kernel: bobKernel) == "'from alice'")

            if let tls = stack.tls {
                try await Self.expectHTTPSOnly(browsers: [alice, bob], front: tls, github: github)
            }
        }
    }

    @Test("a backup taken while two servers run, restored into a fresh state volume as docs/operations.md says: users, tokens, sessions and servers are back",
          .enabled(if: ComposeStack.enabled))
    func backupAndRestoreIntoAFreshStateVolume() async throws {
        try await ComposeStack.with { stack, github in
            var signedIn: [(name: String, browser: Browser, token: String)] = []
            for name in ["alice", "bob"] {
                let browser = stack.browser()
                _ = try await browser.signInWithGitHub(github, as: name)
                let token = try await stack.token(for: name)
                try await browser.startServer(of: name, token: token)
                signedIn.append((name, browser, token))
            }
            let running = try await stack.serverContainers(of: ["alice", "bob"])

            try await stack.restoreFromBackupIntoAFreshStateVolume()

            #expect(try await stack.serverContainers(of: ["alice", "bob"]) == running, "the servers were not left running")
            for (name, browser, token) in signedIn {
                let auth = [("Authorization", "token \(token)")]
                let me = try await browser.request(.GET, "/hub/api/user", headers: auth)
                #expect(me.status == 200 && me.body.contains("\"name\":\"\(name)\""), "\(name)'s token: \(me.status) \(me.body)")
                #expect(me.body.contains("\"ready\":true"), "\(name)'s server record: \(me.body)")
                let server = try await browser.request(.GET, "/user/\(name)/api/status", headers: auth)
                #expect(server.status == 200, "\(name)'s server was not re-adopted: \(server.status)")
                let home = try await browser.request(.GET, "/hub/home")
                #expect(home.status == 200 && home.url.hasSuffix("/hub/home"), "\(name)'s session: \(home.status) at \(home.url)")
            }
        }
    }

    /// Behind TLS every cookie (the hub's and the servers') is `Secure`, every hub redirect
    /// stayed on https, and the documented port-80 block sends browsers to https.
    static func expectHTTPSOnly(browsers: [Browser], front: TLSFront, github: FakeGitHub) async throws {
        for browser in browsers {
            #expect(!browser.setCookieHeaders.isEmpty)
            for header in browser.setCookieHeaders {
                #expect(header.lowercased().contains("; secure"), "not Secure behind TLS: \(header)")
            }
            let plain = browser.visited.filter { !$0.hasPrefix("https://") && !$0.hasPrefix(github.url) }
            #expect(plain.isEmpty, "left https: \(plain)")
        }
        let redirect = try await browsers[0].request(.GET, "http://127.0.0.1:\(front.httpPort)/hub/home", follow: false)
        #expect(redirect.status == 301 && redirect.headers.first(name: "location") == "https://127.0.0.1/hub/home",
                "port 80: \(redirect.status) \(redirect.headers)")
    }
}
