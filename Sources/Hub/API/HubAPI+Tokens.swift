import Foundation
import Hummingbird
import HubModel

extension HubAPI {
    @Sendable func listTokens(_ request: Request, context: HubRequestContext) async throws -> Response {
        let name = try context.pathParameter("name")
        _ = try context.require(anyOf: ["read:tokens"], user: name)
        guard let user = try await hub.store.user(named: name) else { throw HubError.notFound }
        let tokens = try await hub.store.tokens(userID: user.id ?? 0).filter { $0.expiresAt.map { $0 > Date() } ?? true }
        return APIResponses.json(["api_tokens": .array(tokens.map { models.token($0, owner: name) })])
    }

    /// `POST /hub/api/users/:name/tokens` `{"note", "expires_in", "scopes"}`: 201 with the secret, shown once.
    @Sendable func createToken(_ request: Request, context: HubRequestContext) async throws -> Response {
        let name = try context.pathParameter("name")
        let identity = try context.require(anyOf: ["tokens"], user: name)
        guard let user = try await hub.store.user(named: name), let userID = user.id else { throw HubError.notFound }
        let body = try await APIResponses.jsonObject(request, context: context) ?? [:]
        let note = try Self.optional(body, "note", as: String.self) ?? "Requested via API"
        let expiresIn = try Self.optional(body, "expires_in", as: Int.self)
        if let expiresIn, expiresIn <= 0 { throw HubError.badRequest("expires_in must be a positive number of seconds") }
        let requested = try Self.optional(body, "scopes", as: [String].self) ?? ["inherit"]
        let owner = ScopeCatalogue.userScopes(name: user.name, admin: user.admin)
        for text in requested where text != "inherit" {
            guard let scope = Scope(parsing: text), ScopeCatalogue.knownBases.contains(scope.base) else {
                throw HubError.badRequest("Unknown scope '\(text)'")
            }
            guard identity.scopes.covers(scope), owner.covers(scope) else {
                throw HubError(.forbidden, "Not assigning requested scope \(text): it exceeds the permissions of \(identity.userName) or \(name)")
            }
        }
        if requested.contains("inherit"), identity.user.id != userID, !identity.scopes.holdsUnfiltered("admin:users") {
            throw HubError(.forbidden, "Only \(name) or an admin may create a token with all of \(name)'s permissions; list scopes instead")
        }
        let issued = try await hub.store.issueToken(userID: userID, kind: .api, scopes: requested, note: note,
                                                    expiresIn: expiresIn.map(TimeInterval.init))
        guard case .object(var model) = models.token(issued.record, owner: name) else { throw HubError(.internalServerError, "token model") }
        model["token"] = .string(issued.secret)
        return APIResponses.json(.object(model), status: .created)
    }

    @Sendable func getToken(_ request: Request, context: HubRequestContext) async throws -> Response {
        let (name, token) = try await ownedToken(context, scope: "read:tokens")
        return APIResponses.json(models.token(token, owner: name))
    }

    @Sendable func deleteToken(_ request: Request, context: HubRequestContext) async throws -> Response {
        let (_, token) = try await ownedToken(context, scope: "tokens")
        try await hub.store.deleteToken(id: token.id ?? 0)
        return APIResponses.empty(.noContent)
    }

    private func ownedToken(_ context: HubRequestContext, scope: String) async throws -> (String, TokenRecord) {
        let name = try context.pathParameter("name")
        _ = try context.require(anyOf: [scope], user: name)
        let idText = try context.pathParameter("id")
        guard let user = try await hub.store.user(named: name), idText.hasPrefix("a"), let id = Int64(idText.dropFirst()),
              let token = try await hub.store.tokens(userID: user.id ?? 0).first(where: { $0.id == id }) else {
            throw HubError(.notFound, "No such token")
        }
        return (name, token)
    }

    static func optional<T>(_ body: [String: Any], _ key: String, as type: T.Type) throws -> T? {
        guard let value = body[key], !(value is NSNull) else { return nil }
        guard let typed = value as? T else { throw HubError.badRequest("\(key) has the wrong type") }
        return typed
    }
}
