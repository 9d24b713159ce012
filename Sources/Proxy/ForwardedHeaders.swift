import NIOHTTP1

/// Sets `X-Forwarded-For/Proto/Host/Port` on a request going upstream. Values a client sent
/// are kept only when it is a trusted front proxy; otherwise they are replaced, so nobody can
/// claim https or another address through Ganymede.
struct ForwardedHeaders {
    let trusted: TrustedPeers

    /// - Parameter localPort: the port the client connected to.
    func apply(to headers: inout HTTPHeaders, peerIP: String?, localPort: Int) {
        let fromTrustedPeer = peerIP.map(trusted.contains) ?? false
        let host = headers.first(name: "host") ?? ""
        let previousFor = headers[canonicalForm: "x-forwarded-for"].joined(separator: ", ")
        if fromTrustedPeer {
            setIfMissing("x-forwarded-proto", "http", in: &headers)
            setIfMissing("x-forwarded-host", host, in: &headers)
            setIfMissing("x-forwarded-port", String(localPort), in: &headers)
            let chain = previousFor.isEmpty ? (peerIP ?? "") : "\(previousFor), \(peerIP ?? "")"
            headers.replaceOrAdd(name: "x-forwarded-for", value: chain)
        } else {
            headers.replaceOrAdd(name: "x-forwarded-proto", value: "http")
            headers.replaceOrAdd(name: "x-forwarded-host", value: host)
            headers.replaceOrAdd(name: "x-forwarded-port", value: String(localPort))
            headers.replaceOrAdd(name: "x-forwarded-for", value: peerIP ?? "")
        }
    }

    /// The browser's scheme in `X-Forwarded-Proto` as `apply` left it (the first of a list), lowercased.
    static func browserProtocol(of headers: HTTPHeaders) -> String? {
        headers.first(name: "x-forwarded-proto")?.split(separator: ",").first
            .map { $0.filter { $0 != " " }.lowercased() }
    }

    private func setIfMissing(_ name: String, _ value: String, in headers: inout HTTPHeaders) {
        if !headers.contains(name: name) { headers.add(name: name, value: value) }
    }
}
