/// A set of expanded scopes held by a credential, with JupyterHub's access checks.
public struct ScopeSet: Sendable, Equatable {
    public private(set) var scopes: Set<Scope>

    public init<S: Sequence>(_ scopes: S) where S.Element == Scope {
        self.scopes = ScopeCatalogue.expand(scopes)
    }

    /// The result of checking one scope against one resource.
    public enum Access: Sendable, Equatable {
        case allowed
        /// The scope is held, but only for other resources: answer 404 so existence does not leak.
        case otherResourcesOnly
        /// The scope is not held at all: answer 403.
        case missing
    }

    /// Whether `base` is held for `user` (and, when given, that user's `server`).
    public func check(_ base: String, user: String, server: String? = nil) -> Access {
        var sawBase = false
        for scope in scopes where scope.base == base {
            sawBase = true
            switch scope.filter {
            case nil: return .allowed
            case .user(let name) where name == user: return .allowed
            case .server(let owner, let name) where owner == user && server == name: return .allowed
            default: continue
            }
        }
        return sawBase ? .otherResourcesOnly : .missing
    }

    /// Whether `base` is held in any form (for list endpoints that filter their results).
    public func holdsAny(_ base: String) -> Bool { scopes.contains { $0.base == base } }

    /// Whether `base` is held without a filter.
    public func holdsUnfiltered(_ base: String) -> Bool { scopes.contains(Scope(base)) }

    /// Whether this set grants `scope` (used to cap what tokens and OAuth codes may carry).
    public func covers(_ scope: Scope) -> Bool {
        if scopes.contains(scope) || holdsUnfiltered(scope.base) { return true }
        switch scope.filter {
        case .server(let user, _): return scopes.contains(Scope(scope.base, filter: .user(user)))
        default: return false
        }
    }

    /// The scopes of `requested` that this set grants, expanded.
    public func intersection(_ requested: ScopeSet) -> ScopeSet {
        ScopeSet(requested.scopes.filter { covers($0) })
    }

    /// Sorted strings, as `GET /hub/api/user` returns them.
    public var strings: [String] { scopes.map(\.description).sorted() }
}
