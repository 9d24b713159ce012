import NIOHTTP1

/// Header rules for a forwarding proxy (RFC 9110 §7.6.1): connection-scoped headers do not
/// cross the proxy, except the `Upgrade` handshake that a WebSocket needs.
enum HopByHopHeaders {
    static let names = ["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
                        "proxy-authenticate", "proxy-authorization"]

    /// Removes hop-by-hop headers, including any the `Connection` header lists.
    static func strip(_ headers: inout HTTPHeaders) {
        for token in headers[canonicalForm: "connection"] {
            headers.remove(name: String(token))
        }
        for name in names { headers.remove(name: name) }
    }

    /// True for `Connection: upgrade` + `Upgrade: websocket` (the only upgrade passed through).
    static func isWebSocketUpgrade(_ head: HTTPRequestHead) -> Bool {
        head.headers[canonicalForm: "connection"].contains { $0.lowercased() == "upgrade" }
            && head.headers["upgrade"].contains { $0.lowercased() == "websocket" }
    }
}
