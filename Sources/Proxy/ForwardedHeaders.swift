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
            setIfMissing("x-forwarded-proto", "http", in: &headers)
            setIfMissing("x-forwarded-host", host, in: &headers)
            setIfMissing("x-forwarded-port", String(localPort), in: &headers)
            let chain = previousFor.isEmpty ? (peerIP ?? "") : "\(previousFor), \(peerIP ?? "")"
            headers.replaceOrAdd(name: "x-forwarded-for", value: chain)
            // The first of a list is the browser's; "https" fits a small string, so no allocation.
            let proto = headers.first(name: "x-forwarded-proto")?.prefix { $0 != "," }.filter { $0 != " " }
            return proto?.lowercased() == "https"
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
