#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HubConfig
import Spawners
import Testing

/// An image missing on the engine is pulled from a real registry (Debian's `docker-registry`
/// on loopback, started here) with byte progress in the spawn's progress stream.
@Suite(.serialized, .enabled(if: RegistryTesting.enabled))
struct DockerPullTests {
    static let registryBinary = RegistryTesting.binary

    @Test("a missing image is pulled with byte progress in the progress stream, then the server starts")
    func pullsWithProgress() async throws {
        let folder = RunningHub.temporaryDataDir()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let port = try FreePort.find()
        let registry = try startRegistry(folder: folder, port: port)
        defer {
            kill(registry.processIdentifier, SIGTERM)
            registry.waitUntilExit()
        }
        // An image with one layer of its own (random bytes) that the engine does not have.
        let image = "127.0.0.1:\(port)/ganymede-test/pull:\(UUID().uuidString.prefix(8).lowercased())"
        try Command.docker(["build", "-q", "-t", image, "-"],
                   input: "FROM \(DockerTesting.jh5)\nRUN head -c 40000000 /dev/urandom > /home/jovyan/.ballast\n")
        try Command.docker(["push", image])
        try Command.docker(["rmi", image])
        defer { _ = try? Command.docker(["rmi", image]) }

        try await DockerTesting.withHub(profiles: [ImageProfile(name: "pulled", displayName: "Pulled", image: image)]) { hub in
            let token = try await hub.token(for: "alice")
            // Follow the stream while the spawn runs (the start request itself waits until ready).
            async let started = hub.api(.POST, "/users/alice/server", token: token, body: "{}")
            var progress = ""
            for _ in 0..<200 where progress.isEmpty {
                let stream = try await hub.api(.GET, "/users/alice/server/progress", token: token)
                if stream.status == 200 { progress = stream.body } else { try await Task.sleep(for: .milliseconds(25)) }
            }
            // 201 when ready within the request's 10 s, 202 while still starting (as JupyterHub answers).
            #expect([201, 202].contains(try await started.status))
            #expect(progress.contains("Pulling \(image): "), "no byte progress: \(progress)")
            #expect(progress.contains("MiB of"), "no byte progress: \(progress)")
            #expect(progress.contains("\"ready\":true"), "not ready: \(progress)")
        }
    }

    func startRegistry(folder: String, port: Int) throws -> Process {
        let config = """
            version: 0.1
            storage:
              filesystem:
                rootdirectory: \(folder)/registry
            http:
              addr: 127.0.0.1:\(port)
            """
        try config.write(toFile: folder + "/registry.yml", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.registryBinary)
        process.arguments = ["serve", folder + "/registry.yml"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            if connects(port: port) { return process }
            usleep(50_000)
        }
        process.terminate()
        throw BrowserError("the registry did not start on port \(port)")
    }

    func connects(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// Whether the registry test can run: the Docker test setup plus Debian's `docker-registry`.
enum RegistryTesting {
    static let binary = "/usr/bin/docker-registry"

    static var enabled: Bool {
        let ready = DockerTesting.enabled && FileManager.default.isExecutableFile(atPath: binary)
        if !ready && !Integration.required {
            print("SKIP: the registry pull test needs \(binary) (apt-get install docker-registry) and the Docker test images")
        }
        return ready || Integration.required
    }
}
