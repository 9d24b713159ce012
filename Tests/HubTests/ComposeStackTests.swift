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
          .enabled(if: ComposeStack.enabled))
    func fullFlow() async throws {
        try await ComposeStack.with { stack, github in
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
            let api = [("Authorization", "token \(token)"), ("Content-Type", "application/json")]
            #expect(try await alice.request(.DELETE, "/hub/api/users/alice/server", headers: api).status == 204)
            #expect([201, 202].contains(try await alice.request(.POST, "/hub/api/users/alice/server", body: "{}", headers: api).status))
            let progress = try await alice.request(.GET, "/hub/api/users/alice/server/progress", headers: api)
            #expect(progress.body.contains("\"ready\":true"), "restart: \(progress.body)")
            #expect(try await alice.request(.GET, "/user/alice/lab").status == 200)
            let again = try await kernels.create()
            #expect(try await kernels.execute("open('/home/jovyan/notes.txt').read()", kernel: again) == "'kept'")

            // `docker compose restart hub`: both servers keep running (same containers) and answer.
            let containers = ["\(stack.tag)-alice", "\(stack.tag)-bob"]
            let inspect = ["inspect", "-f", "{{.Id}} {{.State.StartedAt}}"] + containers
            let before = try await Command.dockerAsync(inspect)
            try await stack.compose(["restart", "hub"])
            try await stack.waitUntilHealthy()
            let after = try await Command.dockerAsync(inspect)
            #expect(before == after, "servers were restarted with the hub")
            #expect(try await kernels.execute("2+3", kernel: again) == "5")
            #expect(try await bobKernels.execute("open('/home/jovyan/Shared/hello.txt').read()", kernel: bobKernel) == "'from alice'")
        }
    }
}
