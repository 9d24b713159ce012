import Auth
import Foundation
import Hummingbird
import HubModel

/// The browser pages under `/hub/` and the redirects that connect them to user servers.
/// Handlers live in `PagesController+*.swift`.
struct PagesController {
    let hub: Hub
    var cookies: SessionCookies { SessionCookies(hub: hub) }
    var models: Models { Models(hub: hub) }

    func addRoutes(to router: Router<HubRequestContext>) {
        router.get("/") { _, _ in Response.redirect(to: "/hub/") }
        router.get("/hub", use: hubRoot)
        router.get("/hub/login", use: loginForm)
        router.post("/hub/login", use: login)
        router.get("/hub/logout", use: logout)
        router.get("/hub/oauth_login", use: oauthLogin)
        router.get("/hub/oauth_callback", use: oauthCallback)
        router.get("/hub/home", use: home)
        router.get("/hub/spawn", use: spawn)
        router.get("/hub/spawn/:user", use: spawn)
        router.get("/hub/spawn/:user/:server", use: spawn)
        router.post("/hub/spawn/:user", use: spawn)
        router.post("/hub/spawn/:user/:server", use: spawn)
        router.post("/hub/stop/:user", use: stop)
        router.post("/hub/stop/:user/:server", use: stop)
        router.get("/hub/spawn-pending/:user", use: spawnPending)
        router.get("/hub/spawn-pending/:user/:server", use: spawnPending)
        router.get("/hub/log/:user", use: serverLog)
        router.get("/hub/log/:user/:server", use: serverLog)
        router.get("/hub/user/:user", use: userServer)
        router.get("/hub/user/:user/**", use: userServer)
        router.get("/hub/user-redirect/**", use: userRedirect)
        router.get("/user/**", use: notRouted)
        router.get("/hub/static/ganymede.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
        }
        router.get("/hub/health") { _, _ in APIResponses.empty(.ok) }
        router.head("/hub/health") { _, _ in APIResponses.empty(.ok) }
    }

    @Sendable func hubRoot(_ request: Request, context: HubRequestContext) async throws -> Response {
        .redirect(to: context.identity?.session == nil ? "/hub/login" : "/hub/home")
    }

    /// The signed-in browser user, or a redirect to the login page that comes back here.
    func signedIn(_ request: Request, context: HubRequestContext) throws -> Identity {
        guard let identity = context.identity, identity.session != nil else {
            let here = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
            throw LoginRequired(next: here)
        }
        return identity
    }

    /// The user a page acts on: the path's `:user` (if the caller may manage their servers) or the caller.
    func targetUser(_ identity: Identity, context: HubRequestContext, scope: String = "servers") async throws -> UserRecord {
        guard let name = context.parameters.get("user").flatMap({ $0.removingPercentEncoding }), name != identity.userName else {
            return identity.user
        }
        guard identity.scopes.check(scope, user: name) == .allowed, let user = try await hub.store.user(named: name) else {
            throw HubError(.forbidden, "You (\(identity.userName)) may not manage \(name)'s servers.")
        }
        return user
    }

    func pathServerName(_ context: HubRequestContext) throws -> String {
        guard let server = context.parameters.get("server").flatMap({ $0.removingPercentEncoding }) else { return "" }
        guard ServerNames.isValid(server) else { throw HubError.badRequest("Invalid server name '\(server)': \(ServerNames.rule)") }
        return server
    }

    func nextParameter(_ request: Request) -> String? {
        request.uri.queryParameters["next"].map(String.init)
    }

    func safeNext(_ request: Request, fallback: String) -> String {
        SafeRedirect.target(nextParameter(request), host: request.head.authority, fallback: fallback)
    }
}

/// Thrown by pages that need a signed-in user; answered with a redirect to the login page.
struct LoginRequired: HTTPResponseError {
    var next: String
    var status: HTTPResponse.Status { .found }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        .redirect(to: "/hub/login?next=\(FormFields.encode(next))")
    }
}
