import Foundation
import Spawners
import Testing

/// The repository's `docker-compose.yml`, brought up for a test under names of its own: the file
/// is copied into a temporary project folder beside an override that renames the hub container,
/// every volume and the front network (which the test creates, so that a fake GitHub can listen
/// on its gateway), and a `.env` the test writes. Nothing of a real deployment on the
/// machine is touched, and everything the stack made is removed afterwards.
final class ComposeStack: Sendable {
    /// How browsers reach the hub.
    enum Front: String, CustomStringConvertible, CaseIterable, Sendable {
        /// Plain HTTP on the published port (Coolify and other proxies connect like this).
        case publishedPort
        /// HTTPS through nginx on the host, set up as `docs/deploy.md` says.
        case nginxTLS

        var description: String { rawValue }
    }

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

    /// The fronts this machine can put before the stack (nginx for TLS; always both in CI).
    static var fronts: [Front] {
        if TLSFront.available || Integration.required { return Front.allCases }
        print("SKIP: the TLS front needs nginx (/usr/sbin/nginx) and openssl; .ci/run installs them")
        return [.publishedPort]
    }

    /// Starts with `gme`, then letters only: a prefix for every Docker name of this stack.
    let tag = DockerTesting.freshTag("gme")
    let directory = RunningHub.temporaryDataDir()
    /// Where the hub's port is published on loopback.
    let port: Int
    /// nginx with TLS before the published port, for `.nginxTLS`.
    let tls: TLSFront?

    var hubContainer: String { tag + "-hub" }
    var frontNetwork: String { tag + "-front" }
    /// Where browsers go: the published port, or the TLS front.
    var base: String { tls?.base ?? "http://127.0.0.1:\(port)" }
    /// The team folder on the host, mounted into every server.
    var workspace: String { directory + "/workspace" }

    private init(port: Int, tls: TLSFront?) {
        self.port = port
        self.tls = tls
    }

    /// Runs `body` against a fresh stack whose hub signs in with a fake GitHub, then removes it all.
    static func with(front: Front = .publishedPort, _ body: (ComposeStack, FakeGitHub) async throws -> Void) async throws {
        let stack = ComposeStack(port: try FreePort.find(host: "127.0.0.1"), tls: front == .nginxTLS ? try TLSFront() : nil)
        var github: FakeGitHub?
        var failure: (any Error)?
        do {
            // The fake GitHub listens on the front network's gateway: this machine, as the hub's container sees it.
            try await Command.dockerAsync(["network", "create", "--label", "org.ganymede.test=1", stack.frontNetwork])
            let gateway = try await Command.dockerAsync(["network", "inspect", "-f", "{{range .IPAM.Config}}{{.Gateway}}{{end}}", stack.frontNetwork])
            let fake = FakeGitHub(host: gateway.trimmingCharacters(in: .whitespacesAndNewlines))
            github = fake
            try await fake.start()
            fake.addAccount("alice", id: 2001)
            fake.addAccount("bob", id: 2002)
            try await stack.up(github: fake)
            try await stack.tls?.start(hubPort: stack.port)
            try await body(stack, fake)
        } catch {
            print("hub log:\n" + ((try? await stack.compose(["logs", "--no-color", "--tail", "60", "hub"])) ?? ""))
            if let tls = stack.tls { print("nginx log:\n" + tls.log()) }
            failure = error
        }
        await github?.stop()
        await stack.tls?.stop()
        await stack.remove()
        if let failure { throw failure }
    }

    /// Writes the project folder and starts the hub; returns once it is healthy.
    private func up(github: FakeGitHub) async throws {
        let root = Integration.root
        try FileManager.default.createDirectory(atPath: directory + "/deploy", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: root + "/docker-compose.yml", toPath: directory + "/docker-compose.yml")
        try FileManager.default.copyItem(atPath: root + "/deploy/nginx", toPath: directory + "/deploy/nginx")
        // Every named volume gets the test's name: compose may create them all, and a real
        // deployment's `ganymede-state` or certificates must never be reused or removed.
        let composeFile = try String(contentsOfFile: root + "/docker-compose.yml", encoding: .utf8)
        let volumes = Self.topLevelKeys(under: "volumes", in: composeFile)
        try """
            services:
              hub:
                container_name: \(hubContainer)
            volumes:
            \(volumes.map { "  \($0):\n    name: \(tag)-\($0)" }.joined(separator: "\n"))
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
            // Operators' setting: the TLS front reaches the hub from Docker's gateway.
            "GANYMEDE_TRUSTED_PROXIES": try Self.exampleValue(of: "GANYMEDE_TRUSTED_PROXIES"),
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
            let health = try await Command.dockerAsync(["inspect", "-f", "{{.State.Health.Status}} {{.State.Status}}", hubContainer])
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

    /// A browser on the hub's front.
    func browser() -> Browser { Browser(base: base, client: tls?.client ?? Browser.sharedClient, webSocketTLS: tls?.webSocketTLS) }

    /// An API token for a user, from `ganymede token` in the hub's container.
    func token(for user: String) async throws -> String {
        try await Command.dockerAsync(["exec", "-u", "ganymede", hubContainer, "ganymede", "token", user])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `docker inspect` of the users' server containers: their ids and start times.
    func serverContainers(of users: [String]) async throws -> String {
        try await Command.dockerAsync(["inspect", "-f", "{{.Id}} {{.State.StartedAt}}"] + users.map { "\(tag)-\($0)" })
    }

    /// The backup and restore of `docs/operations.md`, with the hub's state volume removed in
    /// between: backup in the running hub, `docker cp` out, a new volume, restore, start.
    func restoreFromBackupIntoAFreshStateVolume() async throws {
        let copy = directory + "/hub-backup"
        try await Command.dockerAsync(["exec", "-u", "ganymede", hubContainer, "ganymede", "backup", "/data/backups/test"])
        try await Command.dockerAsync(["cp", hubContainer + ":/data/backups/test", copy])
        try await compose(["rm", "--stop", "--force", "hub"])
        try await Command.dockerAsync(["volume", "rm", tag + "-ganymede-state"])
        try await compose(["run", "--rm", "--no-deps", "-v", copy + ":/backup:ro", "--entrypoint", "ganymede", "hub",
                           "restore", "/backup", "--force"])
        try await compose(["up", "-d", "--no-build", "hub"])
        try await waitUntilHealthy()
    }

    /// A variable's value in `.env.example`.
    static func exampleValue(of name: String) throws -> String {
        let text = try String(contentsOfFile: Integration.root + "/.env.example", encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(name + "=") }, "\(name) is not in .env.example")
        return String(line.dropFirst(name.count + 1))
    }

    /// The names declared under a top-level key of a compose file (two-space indented).
    static func topLevelKeys(under section: String, in text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: Substring(section + ":")) else { return [] }
        return lines[(start + 1)...].prefix { $0.isEmpty || $0.hasPrefix(" ") || $0.hasPrefix("#") }
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") && $0.hasSuffix(":") }
            .map { String($0.dropFirst(2).dropLast()) }
    }

    /// The hub, its servers' containers and volumes, the networks and the project folder:
    /// everything whose name starts with the tag (never `compose down --volumes`, which would
    /// act on whatever the compose file names).
    private func remove() async {
        _ = try? await compose(["down", "--timeout", "5"])
        _ = try? await Command.detached {
            let containers = (try? Command.docker(["ps", "-aq", "--filter", "name=^\(self.tag)"])) ?? ""
            for id in containers.split(separator: "\n") { _ = try? Command.docker(["rm", "-f", String(id)]) }
            let volumes = (try? Command.docker(["volume", "ls", "-q", "--filter", "name=^\(self.tag)"])) ?? ""
            for name in volumes.split(separator: "\n") { _ = try? Command.docker(["volume", "rm", "-f", String(name)]) }
            for network in [self.tag, self.frontNetwork] { _ = try? Command.docker(["network", "rm", network]) }
            try? FileManager.default.removeItem(atPath: self.directory)
        }
    }
}
