/// Which scopes imply which (JupyterHub's `scopes.py` table), and the built-in roles.
public enum ScopeCatalogue {
    static let implied: [String: [String]] = [
        "admin:users": ["admin:auth_state", "users", "read:roles:users", "delete:users"],
        "users": ["read:users", "list:users", "users:activity"],
        "list:users": ["read:users:name"],
        "read:users": ["read:users:name", "read:users:groups", "read:users:activity"],
        "users:activity": ["read:users:activity"],
        "admin:servers": ["admin:server_state", "servers"],
        "servers": ["read:servers", "delete:servers", "start:servers"],
        "read:servers": ["read:users:name"],
        "tokens": ["read:tokens"],
        "admin:groups": ["groups", "read:roles:groups", "delete:groups"],
        "groups": ["read:groups", "list:groups"],
        "list:groups": ["read:groups:name"],
        "read:groups": ["read:groups:name"],
        "read:roles": ["read:roles:users", "read:roles:services", "read:roles:groups"],
    ]

    /// Bases every user holds on themselves (the `user` role's `self`).
    static let selfBases = [
        "read:users", "read:users:name", "read:users:groups", "read:users:activity", "users:activity",
        "servers", "read:servers", "delete:servers", "tokens", "read:tokens", "access:servers",
    ]

    /// Bases an admin holds on everything (the `admin` role).
    static let adminBases = [
        "admin-ui", "admin:users", "admin:servers", "tokens", "admin:groups", "read:hub", "proxy",
        "shutdown", "access:servers", "read:roles", "read:metrics",
    ]

    /// Every base that exists; tokens may only ask for these (or `inherit`).
    public static var knownBases: Set<String> {
        var all = Set(implied.keys).union(selfBases).union(adminBases)
        for values in implied.values { all.formUnion(values) }
        return all.union(["inherit", "self"])
    }

    /// `scope` plus everything it implies, with the same filter. As in JupyterHub, a
    /// `!server=` filter does not carry over to `read:users…` sub-scopes.
    public static func expand(_ scope: Scope) -> Set<Scope> {
        var result: Set<Scope> = [scope]
        var pending = [scope.base]
        while let base = pending.popLast() {
            for child in implied[base] ?? [] {
                if case .server = scope.filter, child.hasPrefix("read:users") { continue }
                if result.insert(Scope(child, filter: scope.filter)).inserted { pending.append(child) }
            }
        }
        return result
    }

    public static func expand<S: Sequence>(_ scopes: S) -> Set<Scope> where S.Element == Scope {
        scopes.reduce(into: Set<Scope>()) { $0.formUnion(expand($1)) }
    }

    /// Everything a user holds: their own resources, plus the admin role when `admin`.
    public static func userScopes(name: String, admin: Bool) -> ScopeSet {
        var scopes = expand(selfBases.map { Scope($0, filter: .user(name)) })
        if admin { scopes.formUnion(expand(adminBases.map { Scope($0) })) }
        return ScopeSet(scopes)
    }

    /// The single-user server's own token: report activity, and be the OAuth client of its server.
    public static func serverTokenScopes(user: String, server: String) -> [Scope] {
        [Scope("users:activity", filter: .user(user)), Scope("access:servers", filter: .server(user: user, server: server))]
    }

    /// What a browser gets on a single-user server after the OAuth dance: use that server, know who it is.
    public static func oauthTokenScopes(serverOwner: String, server: String, user: String) -> [Scope] {
        [Scope("access:servers", filter: .server(user: serverOwner, server: server)),
         Scope("read:users:name", filter: .user(user)),
         Scope("read:users:groups", filter: .user(user))]
    }
}
