import Foundation
import Spawners
import Testing

/// The repository's `docker-compose.yml`, brought up for a test under names of its own: the file
/// is copied into a temporary project folder beside an override that renames the hub container,
/// the state volume and the front network (which the test creates, so that a fake GitHub can
/// listen on its gateway), and a `.env` the test writes. Nothing of a real deployment on the
/// machine is touched, and everything the stack made is removed afterwards.
final class ComposeStack: Sendable {
    /// The hub image `.ci/run` builds from the root `Dockerfile`.
    static let hubImage = ProcessInfo.processInfo.environment["GANYMEDE_HUB_IMAGE"] ?? "ganymede/hub:latest"
    static let singleUserImage = DockerTesting.jh5

    /// `docker-compose` (Debian's 1.x) or the `docker compose` plugin.
    static let composeCommand: [String]? = {
        for candidate in [["docker-compose"], ["docker", "compose"]] {
            if (try? Command.run("/usr/bin/env", candidate + ["version"]))?.status == 0 { return candidate }
        }
        return nil
    }()

    /// Run with compose, an engine, the hub image and the single-user image, or always in CI.
    static var enabled: Bool {
        let ready = composeCommand != nil && DockerTesting.endpoint.acceptsConnections()
            && [hubImage, singleUserImage].allSatisfy(DockerTesting.imageExists)
        if !ready && !Integration.required {
            print("SKIP: compose stack tests need docker-compose, a Docker engine and the images \(hubImage) and \(singleUserImage); .ci/run shows how they are built")
        }
        return ready || Integration.required
    }

    /// Starts with `gme`, then letters only: a prefix for every Docker name of this stack.
    let tag: String
    let directory: String
    /// Where the hub's port is published on loopback.
    let port: Int
    /// The front network's gateway: this machine, as the hub's container sees it.
    let gateway: String

    var hubContainer: String { tag + "-hub" }
    var frontNetwork: String { tag + "-front" }
    var base: String { "http://127.0.0.1:\(port)" }
    /// The team folder on the host, mounted into every server.
    var workspace: String { directory + "/workspace" }

    private init(tag: String, port: Int, gateway: String) {
        self.tag = tag
        self.directory = RunningHub.temporaryDataDir()
        self.port = port
        self.gateway = gateway
    }

    /// Runs `body` against a fresh stack whose hub signs in with a fake GitHub, then removes it all.
    static func with(_ body: (ComposeStack, FakeGitHub) async throws -> Void) async throws {
        let tag = "gme" + String(UUID().uuidString.lowercased().filter(\.isLetter).prefix(6))
        try Command.docker(["network", "create", "--label", "org.ganymede.test=1", tag + "-front"])
        let gateway = try Command.docker(["network", "inspect", "-f", "{{range .IPAM.Config}}{{.Gateway}}{{end}}", tag + "-front"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let stack = ComposeStack(tag: tag, port: try FreePort.find(host: "127.0.0.1"), gateway: gateway)
        let github = FakeGitHub(host: gateway)
        try await github.start()
        github.addAccount("alice", id: 2001)
        github.addAccount("bob", id: 2002)
        do {
            try await stack.up(github: github)
            try await body(stack, github)
        } catch {
            print("hub log:\n" + ((try? await stack.compose(["logs", "--no-color", "--tail", "60", "hub"])) ?? ""))
            await github.stop()
            await stack.remove()
            throw error
        }
        await github.stop()
        await stack.remove()
    }

    /// Writes the project folder and starts the hub; returns once `/hub/health` answers.
    private func up(github: FakeGitHub) async throws {
        let root = Integration.root
        try FileManager.default.createDirectory(atPath: directory + "/deploy", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: root + "/docker-compose.yml", toPath: directory + "/docker-compose.yml")
        try FileManager.default.copyItem(atPath: root + "/deploy/nginx", toPath: directory + "/deploy/nginx")
        try """
            services:
              hub:
                container_name: \(hubContainer)
            volumes:
              ganymede-state:
                name: \(tag)-state
            networks:
              front:
                name: \(frontNetwork)
                external: true
            """.write(toFile: directory + "/docker-compose.override.yml", atomically: true, encoding: .utf8)
        let environment = [
            "COMPOSE_PROJECT_NAME": tag,
            "HUB_IMAGE": Self.hubImage,
            "HUB_PUBLISH": "127.0.0.1:\(port)",
            "GANYMEDE_AUTHENTICATOR": "github",
            "GITHUB_CLIENT_ID": "fake-client-id",
            "GITHUB_CLIENT_SECRET": "fake-client-secret",
            "GITHUB_URL": github.url,
            "OAUTH_CALLBACK_URL": base + "/hub/oauth_callback",
            "ALLOWED_USERS": "alice,bob",
            "SINGLEUSER_IMAGE": Self.singleUserImage,
            "GANYMEDE_CONTAINER_PREFIX": tag,
            "GANYMEDE_VOLUME_PREFIX": tag + "-home",
            "GANYMEDE_DOCKER_NETWORK": tag,
            "HOST_WORKSPACE": workspace,
            "SHARED_DIR": "shared",
            "GANYMEDE_TRUSTED_PROXIES": "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16",
            // CI runs every suite at once on two cores.
            "GANYMEDE_HTTP_TIMEOUT": "180",
            "GANYMEDE_START_TIMEOUT": "180",
        ]
        try environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
            .write(toFile: directory + "/.env", atomically: true, encoding: .utf8)
        try await compose(["up", "-d", "--no-build", "hub"])
        try await waitUntilHealthy()
    }

    /// Polls the hub's health through the published port (and the container's own health check).
    func waitUntilHealthy(seconds: Int = 90) async throws {
        for _ in 0..<(seconds * 2) {
            let health = try await Command.runAsync("/usr/bin/env", ["docker", "inspect", "-f", "{{.State.Health.Status}} {{.State.Status}}", hubContainer]).output
            if health.hasPrefix("healthy") { return }
            if health.contains("exited") { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw BrowserError("the hub did not become healthy:\n" + ((try? await compose(["logs", "--no-color", "--tail", "40", "hub"])) ?? ""))
    }

    /// Runs compose in the project folder; throws with its output when it fails.
    @discardableResult
    func compose(_ arguments: [String]) async throws -> String {
        let command = try #require(Self.composeCommand)
        let (status, output) = try await Command.runAsync("/usr/bin/env", ["-C", directory] + command + arguments)
        guard status == 0 else { throw BrowserError("\(command.joined(separator: " ")) \(arguments.joined(separator: " ")): \(output)") }
        return output
    }

    /// A browser on the hub's published port.
    func browser() -> Browser { Browser(base: base, client: Browser.sharedClient) }

    /// An API token for a user, from `ganymede token` in the hub's container.
    func token(for user: String) async throws -> String {
        let (status, output) = try await Command.runAsync("/usr/bin/env", ["docker", "exec", "-u", "ganymede", hubContainer, "ganymede", "token", user])
        guard status == 0 else { throw BrowserError("ganymede token \(user): \(output)") }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The hub, its servers' containers and volumes, the networks and the project folder.
    private func remove() async {
        _ = try? await compose(["down", "--volumes", "--timeout", "5"])
        await Command.detached {
            let containers = (try? Command.docker(["ps", "-aq", "--filter", "name=^\(self.tag)"])) ?? ""
            for id in containers.split(separator: "\n") { _ = try? Command.docker(["rm", "-f", String(id)]) }
            let volumes = (try? Command.docker(["volume", "ls", "-q", "--filter", "name=^\(self.tag)"])) ?? ""
            for name in volumes.split(separator: "\n") { _ = try? Command.docker(["volume", "rm", "-f", String(name)]) }
            for network in [self.tag, self.frontNetwork] { _ = try? Command.docker(["network", "rm", network]) }
            try? FileManager.default.removeItem(atPath: self.directory)
        }
    }
}
