import Foundation
import HTTPTypes
import Hummingbird
import HubModel

/// The JupyterHub-compatible REST API under `/hub/api` (rest-api.md). Handlers live in
/// `HubAPI+*.swift`, grouped by resource.
struct HubAPI {
    let hub: Hub
    var models: Models { Models(hub: hub) }

    func addRoutes(to router: Router<HubRequestContext>) {
        let api = router.group("/hub/api")
        api.get("/", use: version)
        api.get("/health", use: health)
        api.head("/health", use: health)
        api.get("/info", use: info)
        api.get("/user", use: currentUser)
        api.get("/users", use: listUsers)
        api.get("/users/:name", use: getUser)
        api.post("/users/:name/activity", use: recordActivity)
        api.post("/users/:name/server", use: startServer)
        api.delete("/users/:name/server", use: stopServer)
        api.get("/users/:name/server/progress", use: progress)
        // `/servers/` with an empty name is the default server (JupyterHub's admin UI uses it).
        api.post("/users/:name/servers", use: startServer)
        api.delete("/users/:name/servers", use: stopServer)
        api.post("/users/:name/servers/:server", use: startServer)
        api.delete("/users/:name/servers/:server", use: stopServer)
        api.get("/users/:name/servers/:server/progress", use: progress)
        api.get("/users/:name/tokens", use: listTokens)
        api.post("/users/:name/tokens", use: createToken)
        api.get("/users/:name/tokens/:id", use: getToken)
        api.delete("/users/:name/tokens/:id", use: deleteToken)
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            api.on("/**", method: method) { _, _ -> Response in throw HubError(.notFound, "Not found") }
        }
    }

    @Sendable func version(_ request: Request, context: HubRequestContext) async throws -> Response {
        var response = APIResponses.json(["version": .string(hub.configuration.jupyterhubVersion)])
        response.headers[.accessControlAllowOrigin] = "*"
        return response
    }

    @Sendable func health(_ request: Request, context: HubRequestContext) async throws -> Response {
        APIResponses.empty(.ok)
    }

    @Sendable func info(_ request: Request, context: HubRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard identity.scopes.holdsUnfiltered("read:hub") else { throw HubError.missingScope("read:hub") }
        return APIResponses.json([
            "version": .string(hub.configuration.jupyterhubVersion),
            "ganymede": .string(GanymedeVersion.current),
            "spawner": ["class": .string(hub.configuration.spawner.rawValue), "version": .string(GanymedeVersion.current)],
            "authenticator": ["class": .string(hub.configuration.authenticator.rawValue), "version": .string(GanymedeVersion.current)],
        ])
    }

    /// `GET /hub/api/user`: who the credential belongs to, with its expanded scopes.
    @Sendable func currentUser(_ request: Request, context: HubRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let name = identity.user.name
        let identify = ScopeSet(identity.scopes.scopes.union([Scope("read:users:name", filter: .user(name)),
                                                               Scope("read:users:groups", filter: .user(name))]))
        let servers = try await hub.store.servers(userID: identity.user.id ?? 0)
        guard case .object(var model) = models.user(identity.user, servers: servers, scopes: identify) else {
            throw HubError(.internalServerError, "could not build the user model")
        }
        model["scopes"] = .strings(identity.scopes.strings)
        model["token_id"] = identity.token.map { .string($0.apiID) } ?? .null
        model["session_id"] = (identity.token?.sessionID ?? identity.session?.id).map { .string($0) } ?? .null
        return APIResponses.json(.object(model))
    }
}
