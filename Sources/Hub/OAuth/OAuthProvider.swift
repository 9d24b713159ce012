import Auth
import Crypto
import Foundation
import Hummingbird
import HubModel

/// The OAuth 2 provider single-user servers use to let browsers in (singleuser-protocol.md §6):
/// authorization codes for signed-in users who may access the server, exchanged for tokens
/// that can do nothing on the hub but identify the user and open that one server.
struct OAuthProvider {
    let hub: Hub

    func addRoutes(to router: Router<HubRequestContext>) {
        router.get("/hub/api/oauth2/authorize", use: authorize)
        router.post("/hub/api/oauth2/authorize", use: confirm)
        router.post("/hub/api/oauth2/token", use: token)
    }

    /// A validated authorization request.
    struct Grant {
        var client: OAuthClientRecord
        var owner: UserRecord
        var serverName: String
        var parameters: [String: String]
    }

    @Sendable func authorize(_ request: Request, context: HubRequestContext) async throws -> Response {
        guard let identity = context.identity, identity.session != nil else {
            let here = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
            return .redirect(to: "/hub/login?next=\(FormFields.encode(here))")
        }
        let parameters = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { a, _ in a })
        let grant = try await validate(parameters, identity: identity)
        if grant.owner.id == identity.user.id {
            return try await issueCode(grant, identity: identity)
        }
        let token = hub.xsrf.token(for: identity.session?.id ?? "")
        return Page.response(AuthorizePage.render(grant: grant, identity: identity, xsrf: token))
    }

    /// The confirmation form an admin submits to open another user's server.
    @Sendable func confirm(_ request: Request, context: HubRequestContext) async throws -> Response {
        guard let identity = context.identity, let session = identity.session else { throw HubError.missingCredentials }
        let fields = try await FormFields.read(request, context: context)
        guard hub.xsrf.isValid(fields["_xsrf"], for: session.id) else {
            throw HubError(.forbidden, "The form expired or came from another site; reload the page and try again")
        }
        return try await issueCode(try await validate(fields, identity: identity), identity: identity)
    }

    private func validate(_ parameters: [String: String], identity: Identity) async throws -> Grant {
        guard let clientID = parameters["client_id"], let client = try await hub.store.client(id: clientID) else {
            throw HubError.badRequest("Unknown OAuth client; start the server again from the hub home page")
        }
        guard parameters["redirect_uri"] == client.redirectURI else {
            throw HubError.badRequest("The redirect_uri does not match the one registered for \(clientID)")
        }
        guard parameters["response_type"] == "code" else { throw HubError.badRequest("Only response_type=code is supported") }
        guard let server = try await hub.store.server(id: client.serverID),
              let owner = try await hub.store.user(id: server.userID) else {
            throw HubError.badRequest("The server behind \(clientID) no longer exists")
        }
        guard identity.scopes.check("access:servers", user: owner.name, server: server.name) == .allowed else {
            throw HubError(.forbidden, "\(identity.userName) may not access \(owner.name)'s server. Sign in as \(owner.name), or ask an admin.")
        }
        return Grant(client: client, owner: owner, serverName: server.name, parameters: parameters)
    }

    private func issueCode(_ grant: Grant, identity: Identity) async throws -> Response {
        let scopes = ScopeCatalogue.oauthTokenScopes(serverOwner: grant.owner.name, server: grant.serverName, user: identity.userName)
            .filter { identity.scopes.covers($0) }
        let challenge = grant.parameters["code_challenge"].flatMap { $0.isEmpty ? nil : $0 }
        if challenge != nil, let method = grant.parameters["code_challenge_method"], method != "S256" {
            throw HubError.badRequest("Only the S256 code_challenge_method is supported")
        }
        let code = try await hub.store.issueCode(clientID: grant.client.id, userID: identity.user.id ?? 0, scopes: scopes.map(\.description),
                                                 redirectURI: grant.client.redirectURI, sessionID: identity.session?.id, codeChallenge: challenge)
        let separator = grant.client.redirectURI.contains("?") ? "&" : "?"
        var location = "\(grant.client.redirectURI)\(separator)code=\(code)"
        if let state = grant.parameters["state"] { location += "&state=\(FormFields.encode(state))" }
        return .redirect(to: location)
    }

    /// `POST /hub/api/oauth2/token`: the server trades a code for a token (client secret = its API token).
    @Sendable func token(_ request: Request, context: HubRequestContext) async throws -> Response {
        let fields = try await FormFields.read(request, context: context)
        guard fields["grant_type"] == "authorization_code" else {
            return Self.error("unsupported_grant_type", "only authorization_code is supported", status: .badRequest)
        }
        guard let clientID = fields["client_id"], let secret = fields["client_secret"], !secret.isEmpty,
              let client = try await hub.store.client(id: clientID),
              Secret.constantTimeEquals(Secret.hash(secret), client.secretHash) else {
            return Self.error("invalid_client", "unknown client or wrong client secret", status: .unauthorized)
        }
        guard let code = fields["code"], let grant = try await hub.store.redeemCode(code), grant.clientID == client.id else {
            return Self.error("invalid_grant", "the code is unknown, expired, already used, or for another client", status: .badRequest)
        }
        guard fields["redirect_uri"] == grant.redirectURI else {
            return Self.error("invalid_grant", "redirect_uri does not match the authorization request", status: .badRequest)
        }
        if let challenge = grant.codeChallenge {
            guard let verifier = fields["code_verifier"], Self.s256(verifier) == challenge else {
                return Self.error("invalid_grant", "code_verifier does not match the code_challenge", status: .badRequest)
            }
        }
        let lifetime = TimeInterval(hub.configuration.cookieMaxAgeDays) * 86400
        let issued = try await hub.store.issueToken(userID: grant.userID, kind: .oauth, scopes: grant.scopes, note: "OAuth token for \(client.id)",
                                                    clientID: client.id, sessionID: grant.sessionID, expiresIn: lifetime)
        var response = APIResponses.json([
            "access_token": .string(issued.secret), "token_type": "Bearer",
            "expires_in": .number(lifetime), "scope": .string(grant.scopes.joined(separator: " ")),
        ])
        response.headers[.cacheControl] = "no-store"
        return response
    }

    static func s256(_ verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func error(_ code: String, _ description: String, status: HTTPResponse.Status) -> Response {
        APIResponses.json(["error": .string(code), "error_description": .string(description)], status: status)
    }
}

extension Response {
    static func redirect(to location: String) -> Response {
        Response(status: .found, headers: [.location: location, .contentLength: "0"])
    }
}
