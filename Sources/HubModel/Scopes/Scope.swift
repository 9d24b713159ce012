/// A JupyterHub permission string: `base` or `base!kind=value` (e.g. `access:servers!server=alice/`).
///
/// The exact string form matters: `jupyterhub-singleuser` evaluates scopes itself.
public struct Scope: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// What a filtered scope is limited to.
    public enum Filter: Hashable, Sendable {
        case user(String)
        /// `user/server`, with `""` for the default server (`alice/`).
        case server(user: String, server: String)
        case group(String)
        case service(String)
    }

    public var base: String
    public var filter: Filter?

    public init(_ base: String, filter: Filter? = nil) {
        self.base = base
        self.filter = filter
    }

    /// Parses `base`, `base!user=alice`, `base!server=alice/srv`, `base!group=g`, `base!service=s`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "!", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty else { return nil }
        base = String(first)
        guard parts.count == 2 else { filter = nil; return }
        let filterParts = parts[1].split(separator: "=", maxSplits: 1)
        guard filterParts.count == 2 else { return nil }
        let value = String(filterParts[1])
        switch filterParts[0] {
        case "user": filter = .user(value)
        case "group": filter = .group(value)
        case "service": filter = .service(value)
        case "server":
            guard let slash = value.firstIndex(of: "/") else { return nil }
            filter = .server(user: String(value[..<slash]), server: String(value[value.index(after: slash)...]))
        default: return nil
        }
    }

    public var description: String {
        switch filter {
        case nil: base
        case .user(let name): "\(base)!user=\(name)"
        case .server(let user, let server): "\(base)!server=\(user)/\(server)"
        case .group(let name): "\(base)!group=\(name)"
        case .service(let name): "\(base)!service=\(name)"
        }
    }

    public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs.description < rhs.description }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let scope = Scope(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a scope: \(text)"))
        }
        self = scope
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The same scope limited to `filter`, or unchanged if already filtered.
    func limited(to filter: Filter?) -> Scope { self.filter == nil ? Scope(base, filter: filter) : self }
}
