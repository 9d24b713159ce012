import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Testing

/// A minimal browser for tests: a cookie jar with paths, manual redirect following, and form posts.
final class Browser: @unchecked Sendable {
    struct Page {
        var status: Int
        var url: String
        var headers: HTTPHeaders
        var body: String
        /// Every URL visited, in order (the redirect chain).
        var chain: [String]
    }

    struct StoredCookie {
        var name: String
        var value: String
        var path: String
    }

    /// One client for all tests (redirects are followed by `request`, which keeps cookies).
    static let sharedClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    let base: String
    let client: HTTPClient
    /// For `wss://` when `base` is https (the HTTP client has its own TLS configuration).
    let webSocketTLS: NIOSSLContext?
    private let lock = NSLock()
    private var cookies: [StoredCookie] = []
    /// Every Set-Cookie header received, for attribute checks.
    private(set) var setCookieHeaders: [String] = []
    /// Every URL requested, redirects included, in order.
    private(set) var visited: [String] = []

    init(base: String, client: HTTPClient, webSocketTLS: NIOSSLContext? = nil) {
        self.base = base
        self.client = client
        self.webSocketTLS = webSocketTLS
    }

    func cookie(_ name: String, forPath path: String) -> String? {
        lock.withLock { cookies.filter { $0.name == name && path.hasPrefix($0.path) }.max { $0.path.count < $1.path.count }?.value }
    }

    func cookieHeader(forPath path: String) -> String {
        lock.withLock {
            cookies.filter { path.hasPrefix($0.path) || path + "/" == $0.path }.map { "\($0.name)=\($0.value)" }.joined(separator: "; ")
        }
    }

    private func store(_ header: String) {
        let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let pair = parts.first, let equals = pair.firstIndex(of: "=") else { return }
        let name = String(pair[..<equals]), value = String(pair[pair.index(after: equals)...])
        var path = "/"
        var expired = false
        for attribute in parts.dropFirst() {
            let lower = attribute.lowercased()
            if lower.hasPrefix("path=") { path = String(attribute.dropFirst(5)) }
            if lower == "max-age=0" || lower.hasPrefix("expires=thu, 01 jan 1970") { expired = true }
        }
        lock.withLock {
            setCookieHeaders.append(header)
            cookies.removeAll { $0.name == name && $0.path == path }
            if !expired && !value.isEmpty { cookies.append(StoredCookie(name: name, value: value, path: path)) }
        }
    }

    /// Sends a request and follows redirects (up to 15), like a browser.
    func request(_ method: HTTPMethod = .GET, _ target: String, body: String? = nil, headers extra: [(String, String)] = [],
                 follow: Bool = true) async throws -> Page {
        var url = target.hasPrefix("http") ? target : base + target
        var method = method
        var body = body
        var chain: [String] = []
        for _ in 0..<15 {
            chain.append(url)
            lock.withLock { visited.append(url) }
            let path = URL(string: url)?.path ?? "/"
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers.add(name: "Accept", value: "text/html,application/json")
            let cookieHeader = cookieHeader(forPath: path)
            if !cookieHeader.isEmpty { request.headers.add(name: "Cookie", value: cookieHeader) }
            for (name, value) in extra { request.headers.replaceOrAdd(name: name, value: value) }
            if let body {
                request.body = .bytes(ByteBuffer(string: body))
                if !extra.contains(where: { $0.0.lowercased() == "content-type" }) {
                    request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                }
            }
            let response = try await client.execute(request, timeout: .seconds(240))  // progress streams last until a spawn ends
            for header in response.headers["set-cookie"] { store(header) }
            let text = String(buffer: try await response.body.collect(upTo: 16 * 1024 * 1024))
            if follow, [301, 302, 303, 307].contains(response.status.code), let location = response.headers.first(name: "location") {
                url = location.hasPrefix("http") ? location : base + location
                if response.status.code != 307 {
                    method = .GET
                    body = nil
                }
                continue
            }
            return Page(status: Int(response.status.code), url: url, headers: response.headers, body: text, chain: chain)
        }
        throw BrowserError("too many redirects from \(target): \(chain)")
    }

    /// Opens a WebSocket to a path on this browser's host, with its cookies for that path.
    func openWebSocket(_ path: String) async throws -> WebSocketTestClient {
        guard let url = URL(string: base) else { throw BrowserError("not a URL: \(base)") }
        return try await WebSocketTestClient.connect(host: url.host ?? "127.0.0.1", port: url.port ?? 80, path: path,
                                                     headers: [("Cookie", cookieHeader(forPath: path))], tls: webSocketTLS)
    }

    /// Starts `user`'s default server through the REST API and reads its progress until ready.
    func startServer(of user: String, token: String) async throws {
        let api = [("Authorization", "token \(token)"), ("Content-Type", "application/json")]
        let start = try await request(.POST, "/hub/api/users/\(user)/server", body: "{}", headers: api)
        #expect([201, 202].contains(start.status), "starting \(user)'s server: \(start.status) \(start.body)")
        let progress = try await request(.GET, "/hub/api/users/\(user)/server/progress", headers: api)
        #expect(progress.body.contains("\"ready\":true"), "\(user): \(progress.body.suffix(300))")
    }

    /// The first `name="_xsrf" value="…"` in a page.
    static func xsrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="_xsrf" value="([0-9a-f]+)""#, options: .regularExpression) else { return nil }
        return html[range].split(separator: "\"").dropFirst(3).first.map(String.init)
    }

    /// Signs in through the dev login form (with its XSRF token).
    func logIn(as name: String) async throws {
        let form = try await request(.GET, "/hub/login")
        guard let token = Self.xsrf(in: form.body) else { throw BrowserError("no _xsrf on the login page") }
        let result = try await request(.POST, "/hub/login", body: "_xsrf=\(token)&username=\(name)")
        guard result.status == 200, result.url.hasSuffix("/hub/home") else { throw BrowserError("login failed: \(result.status) at \(result.url)") }
    }
}

struct BrowserError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
