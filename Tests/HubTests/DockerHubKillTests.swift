#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HubConfig
import Spawners
import Testing

/// The hub as a real process, killed with SIGKILL while servers run: nothing may be stopped,
/// and the next hub must route to every server again before it serves.
@Suite(.serialized, .enabled(if: DockerTesting.enabled))
struct DockerHubKillTests {
    /// `ganymede serve` in its own process, configured through the environment.
    final class HubProcess {
        let process = Process()
        let log: String

        init(environment: [String: String], log: String) throws {
            self.log = log
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            output.seekToEndOfFile()
            process.executableURL = URL(fileURLWithPath: Integration.ganymede)
            process.arguments = ["serve"]
            process.environment = environment
            process.standardOutput = output
            process.standardError = output
            try process.run()
        }

        func kill9() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        func terminate() {
            guard process.isRunning else { return }
            process.terminate()
            process.waitUntilExit()
        }
    }

    @Test("kill -9 of the hub while three servers run: all three answer through the proxy after restart, none was restarted")
    func killNineKeepsServers() async throws {
        let dataDir = RunningHub.temporaryDataDir()
        let configuration = DockerTesting.configuration(dataDir: dataDir, profiles: [
            ImageProfile(name: "jh5", displayName: "jh5", image: DockerTesting.jh5)])
        let port = try FreePort.find(), hubPort = try FreePort.find()
        let environment = [
            "PATH": "/usr/bin:/bin", "GANYMEDE_SPAWNER": "docker", "SINGLEUSER_IMAGE": DockerTesting.jh5,
            "GANYMEDE_BIND": "127.0.0.1:\(port)", "GANYMEDE_HUB_BIND": "127.0.0.1:\(hubPort)", "GANYMEDE_DATA_DIR": dataDir,
            "GANYMEDE_CONTAINER_PREFIX": configuration.containerPrefix, "GANYMEDE_VOLUME_PREFIX": configuration.volumePrefix,
            "GANYMEDE_DOCKER_NETWORK": configuration.dockerNetwork, "HOST_WORKSPACE": configuration.hostWorkspace,
            "GANYMEDE_LOG_LEVEL": "debug", "GANYMEDE_HTTP_TIMEOUT": String(configuration.httpTimeout),
            "GANYMEDE_START_TIMEOUT": String(configuration.startTimeout),
        ]
        let base = "http://127.0.0.1:\(port)"
        let users = ["ann", "ben", "cat"]
        var hub = try HubProcess(environment: environment, log: dataDir + "/hub.log")
        defer { hub.terminate() }
        do {
            try await waitHealthy(base)
            var issued: [String: String] = [:]
            for user in users { issued[user] = try issueToken(user, environment: environment) }
            let tokens = issued
            let browser = Browser(base: base, client: Browser.sharedClient)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for user in users {
                    group.addTask {
                        let browser = Browser(base: base, client: Browser.sharedClient)
                        let headers = [("Authorization", "token \(tokens[user]!)"), ("Content-Type", "application/json")]
                        _ = try await browser.request(.POST, "/hub/api/users/\(user)/server", body: "{}", headers: headers)
                        let progress = try await browser.request(.GET, "/hub/api/users/\(user)/server/progress", headers: headers)
                        #expect(progress.body.contains("\"ready\":true"), "\(user): \(progress.body)")
                    }
                }
                try await group.waitForAll()
            }
            let docker = try await DockerTesting.engine()
            var before: [String: String] = [:]
            for user in users { before[user] = try await docker.inspectContainer("\(configuration.containerPrefix)-\(user)").id }

            hub.kill9()
            hub = try HubProcess(environment: environment, log: dataDir + "/hub.log")
            try await waitHealthy(base)
            // Routes are back before the hub answers its first request.
            for user in users {
                let status = try await browser.request(.GET, "/user/\(user)/api/status", headers: [("Authorization", "token \(tokens[user]!)")])
                #expect(status.status == 200, "\(user): \(status.status) \(status.body)")
                let container = try await docker.inspectContainer("\(configuration.containerPrefix)-\(user)")
                #expect(container.id == before[user] && container.state.running, "\(user)'s container was replaced or stopped")
            }
            for user in users {
                _ = try await browser.request(.DELETE, "/hub/api/users/\(user)/server", headers: [("Authorization", "token \(tokens[user]!)")])
            }
        } catch {
            let log = (try? String(contentsOfFile: hub.log, encoding: .utf8)) ?? ""
            print("hub log:\n\(log.suffix(4000))")
            hub.terminate()
            try? await DockerTesting.removeEverything(of: configuration)
            throw error
        }
        hub.terminate()
        try await DockerTesting.removeEverything(of: configuration)
    }

    func waitHealthy(_ base: String) async throws {
        let browser = Browser(base: base, client: Browser.sharedClient)
        let healthy = try await eventually(within: 15, every: .milliseconds(50)) {
            (try? await browser.request(.GET, "/hub/health"))?.status == 200
        }
        guard healthy else { throw BrowserError("the hub process did not become healthy") }
    }

    /// `ganymede token USER --create-user`, run against the same data dir.
    func issueToken(_ user: String, environment: [String: String]) throws -> String {
        let (status, output) = try Command.run(Integration.ganymede, ["token", user, "--create-user"], environment: environment)
        guard status == 0, let token = output.split(separator: "\n").last else { throw BrowserError("ganymede token failed: \(output)") }
        return String(token)
    }

}
