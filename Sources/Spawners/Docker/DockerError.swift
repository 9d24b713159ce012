/// A failed Docker Engine call, carrying the engine's own message.
public enum DockerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The engine could not be reached at all.
    case unreachable(endpoint: String, reason: String)
    /// The engine answered with an error status; `message` is its explanation.
    case engine(status: Int, message: String)
    /// The engine's API is older than Ganymede supports.
    case unsupportedVersion(String)
    /// An answer that could not be decoded.
    case badResponse(String)

    public var description: String {
        switch self {
        case .unreachable(let endpoint, let reason):
            "cannot reach the Docker engine at \(endpoint) (\(reason)); is dockerd running, and may this user use its socket?"
        case .engine(let status, let message): "Docker engine error \(status): \(message)"
        case .unsupportedVersion(let version):
            "the Docker engine speaks API \(version), older than the 1.41 Ganymede needs (Docker 20.10); upgrade Docker"
        case .badResponse(let detail): "unexpected answer from the Docker engine: \(detail)"
        }
    }

    /// True for "no such container/image/volume/network".
    public var isNotFound: Bool {
        if case .engine(404, _) = self { return true }
        return false
    }
}
