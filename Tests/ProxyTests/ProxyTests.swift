import AsyncHTTPClient
import Foundation
import NIOCore
import Proxy
import Testing

@Suite struct RouteTableTests {
    @Test func namedServersWinOverTheDefaultServer() {
        let routes = RouteTable()
        let target = ProxyTarget(host: "127.0.0.1", port: 1)
        routes.add(Route(prefix: "/user/alice/", target: target, user: "alice", serverName: ""))
        routes.add(Route(prefix: "/user/alice/gpu/", target: target, user: "alice", serverName: "gpu"))
        #expect(routes.route(prefix: "/user/alice/gpu/")?.serverName == "gpu")
        routes.remove(prefix: "/user/alice/gpu/")
        #expect(routes.route(prefix: "/user/alice/gpu/") == nil)
        #expect(routes.all.map(\.prefix) == ["/user/alice/"])
    }

    @Test("targets parse from spawner URLs", arguments: [("http://127.0.0.1:8888", "127.0.0.1", 8888), ("http://[::1]:9/x", "::1", 9),
                                                        ("http://jupyter-alice:8888/", "jupyter-alice", 8888)])
    func targets(url: String, host: String, port: Int) {
        #expect(ProxyTarget(url: url) == ProxyTarget(host: host, port: port))
    }
}

@Suite(.serialized) struct ProxyDataPathTests {
    @Test func routesUserServersAndEverythingElseToTheHub() async throws {
        let proxy = try await ProxyHarness.start()
        defer { Task { await proxy.stop() } }
        let user = try await proxy.get("/user/alice/api/status?x=1", headers: [("X-Forwarded-For", "6.6.6.6"), ("X-Forwarded-Proto", "https")])
        #expect(user.status == 200)
        #expect(user.body.contains("path=/user/alice/api/status?x=1"))
        #expect(user.body.contains("host=127.0.0.1:\(proxy.port)"), "Host must be preserved: \(user.body)")
        #expect(user.body.contains("xff=127.0.0.1\n"), "an untrusted client's X-Forwarded-For is replaced")
        #expect(user.body.contains("proto=http\n"), "an untrusted client cannot claim https")
        #expect(user.body.contains("xfport=\(proxy.port)\n"), "X-Forwarded-Port is the port actually bound")
        #expect(user.body.hasSuffix("connection="), "hop-by-hop headers do not cross")

        for path in ["/hub/home", "/", "/user/bob/lab", "/user/alicex/", "/userx"] {
            let hub = try await proxy.get(path)
            #expect(hub.body.contains("path=\(path)"), "\(path) → \(hub.body)")
        }
        let bare = try await proxy.get("/user/alice")
        #expect(bare.body.contains("path=/user/alice"))
        let seen = try #require(proxy.routes.route(prefix: "/user/alice/")?.lastActivity)
        #expect(abs(seen.timeIntervalSinceNow) < 5)
    }

    @Test func trustedFrontProxiesKeepTheirForwardedHeaders() async throws {
        let proxy = try await ProxyHarness.start(trustedProxies: ["127.0.0.0/8"])
        defer { Task { await proxy.stop() } }
        let user = try await proxy.get("/user/alice/", headers: [("X-Forwarded-For", "203.0.113.9"), ("X-Forwarded-Proto", "https"),
                                                                  ("X-Forwarded-Host", "hub.example.org")])
        #expect(user.body.contains("xff=203.0.113.9, 127.0.0.1"))
        #expect(user.body.contains("proto=https"))
        #expect(user.body.contains("xfhost=hub.example.org"))
    }

    @Test("cookies from servers become Secure when a trusted front proxy says the browser is on https, and only then")
    func serverCookiesAreSecureBehindHTTPS() async throws {
        let proxy = try await ProxyHarness.start(trustedProxies: ["127.0.0.0/8"])
        defer { Task { await proxy.stop() } }
        let https = try await proxy.get("/user/alice/cookies", headers: [("X-Forwarded-Proto", "https")])
        #expect(https.headers["set-cookie"] == ["_xsrf=abc; Path=/user/alice/; Secure",
                                                "session=s; path=/user/alice/marimo; httponly; samesite=lax; Secure",
                                                "kept=k; Path=/; Secure; HttpOnly", "Secured=x; Path=/; Secure"])
        let chained = try await proxy.get("/user/alice/cookies", headers: [("X-Forwarded-Proto", "HTTPS, http")])
        #expect(chained.headers["set-cookie"] == https.headers["set-cookie"], "the first proxy in a chain saw the browser")
        let echoed = try await proxy.get("/user/alice/echo", headers: [("X-Forwarded-Proto", "HTTPS, http")])
        #expect(echoed.body.contains("proto=https\n"), "upstream gets the one scheme the proxy decided on: \(echoed.body)")
        let http = try await proxy.get("/user/alice/cookies")
        #expect(http.headers["set-cookie"] == TestUpstream.cookies)

        let untrusted = try await ProxyHarness.start()
        defer { Task { await untrusted.stop() } }
        let claimed = try await untrusted.get("/user/alice/cookies", headers: [("X-Forwarded-Proto", "https")])
        #expect(claimed.headers["set-cookie"] == TestUpstream.cookies)
    }

    @Test func largeBodiesStreamBothWaysWithFlatMemory() async throws {
        let proxy = try await ProxyHarness.start()
        defer { Task { await proxy.stop() } }
        let size = 1024 * 1024 * 1024
        let before = residentBytes()

        let response = try await ProxyHarness.client.execute(HTTPClientRequest(url: proxy.url("/user/alice/bytes/\(size)")), timeout: .seconds(120))
        var downloaded = 0
        for try await chunk in response.body { downloaded += chunk.readableBytes }
        #expect(downloaded == size)

        var upload = HTTPClientRequest(url: proxy.url("/user/alice/count"))
        upload.method = .POST
        let chunk = ByteBuffer(repeating: 0x62, count: 256 * 1024)
        upload.body = .stream(UploadChunks(chunk: chunk, count: size / chunk.readableBytes), length: .known(Int64(size)))
        let counted = try await ProxyHarness.client.execute(upload, timeout: .seconds(120))
        #expect(String(buffer: try await counted.body.collect(upTo: 100)) == String(size))

        let growth = residentBytes() - before
        #expect(growth < 96 * 1024 * 1024, "memory grew by \(growth / 1_048_576) MiB while moving 2 GiB")
    }

    @Test func webSocketUpgradesBecomeAByteTunnel() async throws {
        let proxy = try await ProxyHarness.start()
        defer { Task { await proxy.stop() } }
        let connection = try await RawConnection(port: proxy.port)
        try await connection.send("GET /user/alice/ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")
        let head = await connection.read { $0.contains("\r\n\r\n") }
        #expect(head.hasPrefix("HTTP/1.1 101"))
        try await connection.send("ping-through-the-tunnel")
        let echoed = await connection.read { $0.contains("ping-through-the-tunnel") }
        #expect(echoed.contains("ping-through-the-tunnel"))
    }

    @Test func aRefusedUpgradeIsAnsweredAndTheConnectionEnds() async throws {
        let proxy = try await ProxyHarness.start()
        defer { Task { await proxy.stop() } }
        let connection = try await RawConnection(port: proxy.port)
        try await connection.send("GET /user/alice/refuse HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")
        let answer = await connection.read { $0.contains("no upgrades here") }
        #expect(answer.hasPrefix("HTTP/1.1 400"))
        #expect(await connection.closes(within: 2))
    }

    @Test func headAndClosingHTTP10UpstreamsKeepTheClientConnectionUsable() async throws {
        let proxy = try await ProxyHarness.start()
        defer { Task { await proxy.stop() } }
        let connection = try await RawConnection(port: proxy.port)
        try await connection.send("HEAD /user/alice/bytes/100 HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = await connection.read { $0.contains("\r\n\r\n") }
        #expect(head.lowercased().contains("content-length: 100"))
        try await connection.send("GET /user/alice/http10 HTTP/1.1\r\nHost: x\r\n\r\n")
        let old = await connection.read { $0.contains("old-school") && ($0.contains("0\r\n\r\n") || $0.lowercased().contains("content-length")) }
        #expect(old.contains("old-school"))
        try await connection.send("GET /user/alice/again HTTP/1.1\r\nHost: x\r\n\r\n")
        let again = await connection.read { $0.contains("path=/user/alice/again") }
        #expect(again.contains("path=/user/alice/again"))
    }

    @Test func anUnreachableServerGets503AndTheHubIsTold() async throws {
        let proxy = try await ProxyHarness.start()
        defer { Task { await proxy.stop() } }
        proxy.routes.add(Route(prefix: "/user/bob/", target: ProxyTarget(host: "127.0.0.1", port: 1), user: "bob", serverName: ""))
        let response = try await proxy.get("/user/bob/lab")
        #expect(response.status == 503)
        #expect(response.body.contains("/hub/user/bob/"))
        #expect(proxy.unreachable.all == ["/user/bob/"])
    }
}

/// An upload body made of `count` copies of `chunk`, produced on demand.
struct UploadChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let chunk: ByteBuffer
    let count: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let chunk: ByteBuffer
        var left: Int
        mutating func next() async -> ByteBuffer? {
            guard left > 0 else { return nil }
            left -= 1
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunk: chunk, left: count) }
}
