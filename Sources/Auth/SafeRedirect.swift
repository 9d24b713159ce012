import Foundation

/// Keeps `next=` redirects on the hub. Only a local path is returned; anything that a browser
/// could read as another host (`//evil`, `/\evil`, `https://evil`, `https://HOST//evil`…) is not.
public enum SafeRedirect {
    /// - Parameters:
    ///   - next: the requested target, as received (already URL-decoded once by the query parser).
    ///   - host: the request's own `Host`, so `https://HOST/path` becomes `/path`.
    ///   - fallback: where to go when `next` is missing or unsafe.
    public static func target(_ next: String?, host: String?, fallback: String) -> String {
        guard var candidate = next, !candidate.isEmpty, candidate.count <= 4096 else { return fallback }
        if candidate.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f || $0 == "\\" }) { return fallback }

        if !candidate.hasPrefix("/") {
            // Absolute URL: allowed only for our own host, and reduced to its path.
            guard let host, let path = sameHostPath(candidate, host: host) else { return fallback }
            candidate = "/" + path.drop(while: { $0 == "/" })
        }
        guard isLocalPath(candidate), let decoded = candidate.removingPercentEncoding, isLocalPath(decoded) else { return fallback }
        return candidate
    }

    static func isLocalPath(_ path: String) -> Bool {
        guard path.hasPrefix("/") else { return false }
        let second = path.dropFirst().first
        return second != "/" && second != "\\" && !path.contains("\\")
    }

    static func sameHostPath(_ url: String, host: String) -> Substring? {
        let lower = url.lowercased()
        let scheme = ["https://", "http://"].first { lower.hasPrefix($0) }
        guard let scheme else { return nil }
        let rest = url.dropFirst(scheme.count)
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        guard rest[..<authorityEnd].lowercased() == host.lowercased() else { return nil }
        let path = rest[authorityEnd...]
        return path.hasPrefix("/") ? path : "/" + path
    }
}
