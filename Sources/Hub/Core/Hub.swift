import Auth
import Foundation
import HubConfig
import HubModel
import Logging
import Proxy

/// Everything the hub's routes share: configuration, state, and the pluggable parts.
public struct Hub: Sendable {
    public let configuration: HubConfiguration
    public let store: HubStore
    public let authenticator: any Authenticator
    public let servers: ServerController
    public let routes: RouteTable
    public let xsrf: XSRFToken
    public let accounts: Accounts
    /// OAuth sign-ins waiting for the provider's callback.
    let pendingSignIns = PendingSignIns()

    /// - Parameter cipher: seals authenticator state (GitHub tokens) in the database; nil keeps none.
    public init(configuration: HubConfiguration, store: HubStore, authenticator: any Authenticator,
                servers: ServerController, routes: RouteTable, secret: String, cipher: AuthStateCipher? = nil,
                logger: Logger = Logger(label: "ganymede.hub")) {
        self.configuration = configuration
        self.store = store
        self.authenticator = authenticator
        self.servers = servers
        self.routes = routes
        self.xsrf = XSRFToken(secret: secret)
        accounts = Accounts(store: store, servers: servers, authenticator: authenticator, cipher: cipher,
                            revokedServers: configuration.revokedServers, logger: logger)
    }

    var sessionLifetime: TimeInterval { TimeInterval(configuration.cookieMaxAgeDays) * 86400 }

    /// The identity behind an API token, with scopes limited to what its owner holds now.
    func identity(token secret: String) async throws -> Identity? {
        guard let (token, user) = try await store.token(secret: secret) else { return nil }
        let held = ScopeCatalogue.userScopes(name: user.name, admin: user.admin)
        let written = token.scopes.contains("inherit") ? held : ScopeSet(token.scopes.compactMap(Scope.init(parsing:)))
        if let id = token.id, token.lastActivity.map({ Date().timeIntervalSince($0) > 60 }) ?? true {
            try? await store.touchToken(id: id)
        }
        return Identity(user: user, scopes: held.intersection(written), token: token, session: nil)
    }

    /// The identity behind a login cookie.
    func identity(session secret: String) async throws -> Identity? {
        guard let (session, user) = try await store.session(secret: secret) else { return nil }
        return Identity(user: user, scopes: ScopeCatalogue.userScopes(name: user.name, admin: user.admin), token: nil, session: session)
    }

    /// Refuses a new named server when named servers are off or the user has the most allowed.
    func checkNamedServerAllowed(user: UserRecord, server: String) async throws {
        guard !server.isEmpty else { return }
        let limit = configuration.namedServerLimit
        guard limit > 0 else { throw HubError.badRequest("Named servers are not enabled on this hub") }
        let named = try await store.servers(userID: user.id ?? 0).filter { !$0.name.isEmpty }
        if !named.contains(where: { $0.name == server }) && named.count >= limit {
            throw HubError.badRequest("\(user.name) already has the most named servers allowed (\(limit)); remove one first")
        }
    }
}
