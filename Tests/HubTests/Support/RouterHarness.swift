import Auth
import Foundation
import HTTPTypes
import Hub
import HubConfig
import HubModel
import Hummingbird
import HummingbirdTesting
import Logging
import Proxy
import Spawners

/// A hub app with an in-memory store and no real spawner, for in-process HTTP tests.
struct RouterHarness {
    let hub: Hub
    let store: HubStore

    /// A spawner for tests that never start servers.
    struct NoSpawner: Spawner {
        func start(_ request: SpawnRequest, progress: @escaping @Sendable (SpawnProgress) async -> Void) async throws -> SpawnedServer {
            throw SpawnError("this test does not start servers")
        }
        func stop(state: [String: String], grace: Duration) async throws {}
        func status(state: [String: String]) async -> ServerStatus { .stopped(reason: "test") }
        func log(state: [String: String], maxBytes: Int) async -> String? { nil }
    }

    init(_ adjust: (inout HubConfiguration) -> Void = { _ in }) throws {
        var configuration = HubConfiguration()
        configuration.bind = SocketAddressSpec(host: "127.0.0.1", port: 8000)
        configuration.adminUsers = ["admin"]
        adjust(&configuration)
        store = try HubStore()
        let routes = RouteTable()
        let servers = ServerController(
            store: store, spawner: NoSpawner(), routes: routes, probe: ReadinessProbe(client: Browser.sharedClient),
            settings: .init(environment: SingleUserEnvironment(hubAPIURL: "http://127.0.0.1:8081/hub/api", publicURL: "", defaultURL: ""),
                            startTimeout: .seconds(5), httpTimeout: .seconds(5)),
            logger: Logger(label: "test"))
        hub = Hub(configuration: configuration, store: store, authenticator: DevAuthenticator(adminUsers: configuration.adminUsers),
                  servers: servers, routes: routes, secret: "test-secret")
    }

    func run(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: HubRouter.build(hub: hub))
        try await app.test(.router, body)
    }
}

/// Cookies a test carries between requests (name → value; paths are not needed in-process).
struct CookieJar: Sendable {
    var values: [String: String] = [:]

    mutating func take(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            guard let pair = header.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]), value = String(pair[pair.index(after: equals)...])
            values[name] = value.isEmpty ? nil : value
        }
    }

    var header: String { values.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
}

extension TestClientProtocol {
    /// Gets the login form, posts it, and returns the cookies of the signed-in browser.
    func logIn(_ name: String, next: String = "/hub/home") async throws -> (CookieJar, TestResponse) {
        var jar = CookieJar()
        let form = try await execute(uri: "/hub/login", method: .get)
        jar.take(form)
        let token = Browser.xsrf(in: String(buffer: form.body)) ?? ""
        let response = try await execute(uri: "/hub/login?next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")",
                                         method: .post, headers: [.cookie: jar.header, .contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: "_xsrf=\(token)&username=\(name)"))
        jar.take(response)
        return (jar, response)
    }
}
