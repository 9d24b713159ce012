#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Spawners

/// Whether the Docker engine tests can run here. `.ci/run` starts an engine, imports the test
/// image and sets `GANYMEDE_REQUIRE_INTEGRATION=1`, which turns a missing engine into a failure.
enum DockerAvailability {
    static let image = "local/busybox:test"
    static let endpoint = DockerEndpoint(dockerHost: ProcessInfo.processInfo.environment["DOCKER_HOST"]) ?? .default

    static var enabled: Bool {
        let required = ProcessInfo.processInfo.environment["GANYMEDE_REQUIRE_INTEGRATION"] == "1"
        let reachable = socketAnswers()
        if !reachable && !required {
            print("SKIP: Docker engine tests need a running engine at \(endpoint) and the image \(image) (scripts/docker-test-image)")
        }
        return reachable || required
    }

    /// A plain connect to the engine's unix socket (TCP endpoints are assumed reachable).
    static func socketAnswers() -> Bool {
        guard case .unix(let path) = endpoint else { return true }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 }
        }
    }
}
