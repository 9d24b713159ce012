/// Where the Docker engine listens, from `DOCKER_HOST` (`unix:///var/run/docker.sock` when unset).
public enum DockerEndpoint: Sendable, Equatable, CustomStringConvertible {
    case unix(path: String)
    case tcp(host: String, port: Int)

    public static let `default` = DockerEndpoint.unix(path: "/var/run/docker.sock")

    /// Parses `unix:///path` or `tcp://host:port`; nil for anything else (such as `ssh://`).
    public init?(dockerHost: String?) {
        guard let dockerHost, !dockerHost.isEmpty else {
            self = .default
            return
        }
        if dockerHost.hasPrefix("unix://") {
            let path = String(dockerHost.dropFirst("unix://".count))
            guard path.hasPrefix("/") else { return nil }
            self = .unix(path: path)
        } else if dockerHost.hasPrefix("tcp://") {
            let address = dockerHost.dropFirst("tcp://".count).split(separator: "/").first ?? ""
            guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
                  !address[..<colon].isEmpty else { return nil }
            self = .tcp(host: String(address[..<colon]), port: port)
        } else {
            return nil
        }
    }

    /// The base URL AsyncHTTPClient understands (`http+unix://` with only the slashes of the socket path encoded).
    var baseURL: String {
        switch self {
        case .unix(let path): "http+unix://" + path.replacingOccurrences(of: "/", with: "%2F")
        case .tcp(let host, let port): "http://\(host):\(port)"
        }
    }

    public var description: String {
        switch self {
        case .unix(let path): "unix://\(path)"
        case .tcp(let host, let port): "tcp://\(host):\(port)"
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension DockerEndpoint {
    /// Whether something accepts connections on the engine's unix socket (TCP endpoints are
    /// assumed to); a quick check before anything asks the engine for real.
    public func acceptsConnections() -> Bool {
        guard case .unix(let path) = self else { return true }
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
