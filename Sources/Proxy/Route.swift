import Foundation
import Synchronization

/// Where the proxy sends a prefix's traffic.
public struct ProxyTarget: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `http://host:port` (the form spawners report).
    public init?(url: String) {
        guard url.hasPrefix("http://") else { return nil }
        var rest = url.dropFirst("http://".count)
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        guard let address = rest.lastIndex(of: ":").map({ (rest[..<$0], rest[rest.index(after: $0)...]) }),
              let port = Int(address.1), !address.0.isEmpty else { return nil }
        host = String(address.0).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        self.port = port
    }

    public var description: String { host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)" }
}

/// One user server's route: `/user/alice/` or `/user/alice/srv/` → its target, with the last
/// time traffic passed (read by the hub for `last_activity` and idle culling).
public final class Route: Sendable {
    public let prefix: String
    public let target: ProxyTarget
    public let user: String
    public let serverName: String
    let lastActivitySeconds: Atomic<Int64>

    public init(prefix: String, target: ProxyTarget, user: String, serverName: String) {
        self.prefix = prefix
        self.target = target
        self.user = user
        self.serverName = serverName
        self.lastActivitySeconds = Atomic(0)
    }

    /// Called on the data path; one relaxed atomic store.
    func recordActivity() {
        lastActivitySeconds.store(Int64(time(nil)), ordering: .relaxed)
    }

    /// When traffic last passed through this route, or nil if none did since it was added.
    public var lastActivity: Date? {
        let seconds = lastActivitySeconds.load(ordering: .relaxed)
        return seconds == 0 ? nil : Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
