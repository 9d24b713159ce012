import Foundation
import Spawners

/// Whether the Docker engine tests can run here. `.ci/run` starts an engine, imports the test
/// image and sets `GANYMEDE_REQUIRE_INTEGRATION=1`, which turns a missing engine into a failure.
enum DockerAvailability {
    static let image = "local/busybox:test"
    static let endpoint = DockerEndpoint(dockerHost: ProcessInfo.processInfo.environment["DOCKER_HOST"]) ?? .default

    static var enabled: Bool {
        let required = ProcessInfo.processInfo.environment["GANYMEDE_REQUIRE_INTEGRATION"] == "1"
        let reachable = endpoint.acceptsConnections()
        if !reachable && !required {
            print("SKIP: Docker engine tests need a running engine at \(endpoint) and the image \(image) (scripts/docker-test-image)")
        }
        return reachable || required
    }
}
