import Hummingbird
import HubModel
import NIOCore

/// Per-request state: who is asking (if anyone) and from where.
public struct HubRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthenticationMiddleware` when a token or login cookie is valid.
    public var identity: Identity?
    /// The TCP peer (the proxy, for browser traffic; a server, for its API calls).
    public let peerIP: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerIP = source.channel.remoteAddress?.ipAddress
    }

    /// API bodies are small; uploads go to single-user servers, not the hub.
    public var maxUploadSize: Int { 1024 * 1024 }
}

/// A signed-in user or a token holder, with what they may do.
public struct Identity: Sendable {
    public var user: UserRecord
    /// Effective scopes: the credential's, limited to what the user holds now.
    public var scopes: ScopeSet
    /// The API token used, if the request carried one.
    public var token: TokenRecord?
    /// The browser session, if the request carried the login cookie.
    public var session: SessionRecord?

    public var userName: String { user.name }
}
