import Foundation

/// How servers are named in URLs, OAuth client ids and scopes (JupyterHub's conventions).
public enum ServerNames {
    /// Named-server names follow JupyterHub 6: 1–30 characters, lowercase letters, digits and
    /// single hyphens, starting with a letter and ending with a letter or digit.
    public static func isValid(_ name: String) -> Bool {
        guard (1...30).contains(name.count), let first = name.first, let last = name.last,
              first.isASCII, first.isLowercase, last.isASCII, last.isLowercase || last.isNumber,
              !name.contains("--") else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }

    public static let rule = "use 1–30 lowercase letters, digits and single hyphens, starting with a letter"

    /// `/user/alice/` or `/user/alice/srv/`.
    public static func prefix(user: String, server: String) -> String {
        server.isEmpty ? "/user/\(user)/" : "/user/\(user)/\(server)/"
    }

    /// `jupyterhub-user-alice` or `jupyterhub-user-alice-srv` (names percent-encoded as Python's `quote`).
    public static func clientID(user: String, server: String) -> String {
        let base = "jupyterhub-user-\(quote(user))"
        return server.isEmpty ? base : "\(base)-\(quote(server))"
    }

    /// `alice/` or `alice/srv`, as in scopes and `full_name`.
    public static func fullName(user: String, server: String) -> String { "\(user)/\(server)" }

    static func quote(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: quoteSafe) ?? text
    }

    private static let quoteSafe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-~/")
}
