import NIOHTTP1

/// Sets `X-Forwarded-For/Proto/Host/Port` on a request going upstream. Values a client sent
/// are kept only when it is a trusted front proxy; otherwise they are replaced, so nobody can
/// claim https or another address through Ganymede.
struct ForwardedHeaders {
    let trusted: TrustedPeers

    /// - Parameter localPort: the port the client connected to.
    /// - Returns: whether the browser's own connection is https, as a trusted front proxy says.
    func apply(to headers: inout HTTPHeaders, peerIP: String?, localPort: Int) -> Bool {
        let fromTrustedPeer = peerIP.map(trusted.contains) ?? false
        let host = headers.first(name: "host") ?? ""
        let previousFor = headers[canonicalForm: "x-forwarded-for"].joined(separator: ", ")
        if fromTrustedPeer {
            // One scheme goes upstream, the browser's (the first of a list), so that the hub, the
            // servers and the cookie marking all agree on it.
            let sent = headers.first(name: "x-forwarded-proto")?.prefix { $0 != "," }.filter { $0 != " " }.lowercased() ?? ""
            let scheme = sent.isEmpty ? "http" : sent
            headers.replaceOrAdd(name: "x-forwarded-proto", value: scheme)
            setIfMissing("x-forwarded-host", host, in: &headers)
            setIfMissing("x-forwarded-port", String(localPort), in: &headers)
            let chain = previousFor.isEmpty ? (peerIP ?? "") : "\(previousFor), \(peerIP ?? "")"
            headers.replaceOrAdd(name: "x-forwarded-for", value: chain)
            return scheme == "https"
        } else {
            headers.replaceOrAdd(name: "x-forwarded-proto", value: "http")
            headers.replaceOrAdd(name: "x-forwarded-host", value: host)
            headers.replaceOrAdd(name: "x-forwarded-port", value: String(localPort))
            headers.replaceOrAdd(name: "x-forwarded-for", value: peerIP ?? "")
            return false
        }
    }

    private func setIfMissing(_ name: String, _ value: String, in headers: inout HTTPHeaders) {
        if !headers.contains(name: name) { headers.add(name: name, value: value) }
    }
}
