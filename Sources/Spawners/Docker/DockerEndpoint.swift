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
