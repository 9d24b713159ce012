import Synchronization

/// The live routing table, shared by the hub (writes) and every proxy connection (reads).
/// Changes take effect for the next request; there is no separate proxy process to sync.
public final class RouteTable: Sendable {
    private let routes = Mutex<[String: Route]>([:])

    public init() {}

    public func add(_ route: Route) {
        routes.withLock { $0[route.prefix] = route }
    }

    public func remove(prefix: String) {
        _ = routes.withLock { $0.removeValue(forKey: prefix) }
    }

    public func route(prefix: String) -> Route? {
        routes.withLock { $0[prefix] }
    }

    public var all: [Route] {
        routes.withLock { Array($0.values) }.sorted { $0.prefix < $1.prefix }
    }

    /// The route serving `path`: a named server's `/user/<name>/<server>/` first, then the
    /// user's default `/user/<name>/`. Paths outside `/user/` never match.
    func route(forPath path: Substring) -> Route? {
        guard path.hasPrefix("/user/") else { return nil }
        let afterUser = path.dropFirst("/user/".count)
        guard let nameEnd = afterUser.firstIndex(of: "/") else {
            // `/user/alice` without the slash belongs to alice's default server.
            let name = afterUser.prefix { $0 != "?" && $0 != "#" }
            return route(prefix: "/user/\(name)/")
        }
        let userPrefix = path[..<afterUser.index(after: nameEnd)]
        let rest = afterUser[afterUser.index(after: nameEnd)...]
        return routes.withLock { table in
            if let serverEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }), rest[serverEnd] == "/",
               let named = table[String(path[..<rest.index(after: serverEnd)])] {
                return named
            }
            return table[String(userPrefix)]
        }
    }
}
