/// A `host:port` pair as written in configuration (`127.0.0.1:8000`, `[::1]:8000`, `:8000`).
public struct SocketAddressSpec: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`; an empty host means all interfaces.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: " ")
        guard let colon = trimmed.lastIndex(of: ":") else { return nil }
        var host = String(trimmed[..<colon])
        guard let port = Int(trimmed[trimmed.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "0.0.0.0" }
        if host.contains(":") == false, host.contains(where: { $0 == " " || $0 == "/" }) { return nil }
        self.host = host
        self.port = port
    }

    public var description: String { "\(hostForURL):\(port)" }

    /// The host as it appears in a URL (IPv6 in brackets).
    public var hostForURL: String { host.contains(":") ? "[\(host)]" : host }

    public var isAllInterfaces: Bool { host == "0.0.0.0" || host == "::" || host == "*" }

    /// True for addresses that only this machine can reach.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = self[...]
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
