/// The front proxies (nginx, Coolify's Traefik…) whose `X-Forwarded-*` headers are believed.
/// Entries are IP addresses or IPv4 CIDR ranges such as `172.16.0.0/12`.
public struct TrustedPeers: Sendable {
    let exact: Set<String>
    let ranges: [(network: UInt32, mask: UInt32)]

    public init(_ entries: [String]) {
        var exact = Set<String>()
        var ranges: [(UInt32, UInt32)] = []
        for entry in entries {
            let parts = entry.split(separator: "/")
            if parts.count == 2, let bits = Int(parts[1]), (0...32).contains(bits), let network = Self.ipv4(parts[0]) {
                let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
                ranges.append((network & mask, mask))
            } else {
                exact.insert(entry)
            }
        }
        self.exact = exact
        self.ranges = ranges
    }

    public func contains(_ ip: String) -> Bool {
        if exact.contains(ip) { return true }
        let v4 = ip.hasPrefix("::ffff:") ? String(ip.dropFirst(7)) : ip
        guard let address = Self.ipv4(Substring(v4)) else { return false }
        return ranges.contains { address & $0.mask == $0.network }
    }

    static func ipv4(_ text: Substring) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard let byte = UInt8(octet) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }
}
