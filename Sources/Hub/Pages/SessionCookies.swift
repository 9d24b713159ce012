import Auth
import Foundation
import HTTPTypes
import Hummingbird
import HubModel

/// The hub's browser cookies: always HttpOnly and SameSite=Lax; Secure when users reach the
/// hub over https (the public URL says so, or the proxy saw `X-Forwarded-Proto: https` from a
/// trusted front proxy).
struct SessionCookies {
    let hub: Hub

    func isHTTPS(_ request: Request, context: HubRequestContext) -> Bool {
        if hub.configuration.publicURLIsHTTPS { return true }
        // Only the built-in proxy (on loopback) relays X-Forwarded-Proto to the hub.
        let fromProxy = context.peerIP.map { $0 == "127.0.0.1" || $0 == "::1" || $0.hasPrefix("::ffff:127.") } ?? false
        return fromProxy && request.headers[.xForwardedProto]?.lowercased() == "https"
    }

    func cookie(_ name: String, _ value: String, path: String, maxAge: Int?, request: Request, context: HubRequestContext) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: isHTTPS(request, context: context), httpOnly: true, sameSite: .lax)
    }

    /// Cookies for a new session: the login secret (path /hub/) and the public session id (path /).
    func signIn(_ response: inout Response, session: SessionRecord, secret: String, request: Request, context: HubRequestContext) {
        let maxAge = Int(hub.sessionLifetime)
        response.setCookie(cookie(CookieNames.hubLogin, secret, path: "/hub/", maxAge: maxAge, request: request, context: context))
        response.setCookie(cookie(CookieNames.sessionID, session.id, path: "/", maxAge: maxAge, request: request, context: context))
    }

    func signOut(_ response: inout Response, request: Request, context: HubRequestContext) {
        response.setCookie(cookie(CookieNames.hubLogin, "", path: "/hub/", maxAge: 0, request: request, context: context))
        response.setCookie(cookie(CookieNames.sessionID, "", path: "/", maxAge: 0, request: request, context: context))
    }

    /// The value binding this browser's XSRF token: its session, or a pre-login cookie
    /// (returned as `newCookie` when it must be set).
    func xsrfBinding(_ request: Request, context: HubRequestContext) -> (binding: String, newCookie: Cookie?) {
        if let session = context.identity?.session { return (session.id, nil) }
        if let existing = request.cookies[CookieNames.preLogin]?.value, existing.count == 32, existing.allSatisfy(\.isHexDigit) {
            return (existing, nil)
        }
        let fresh = Secret.generate(bytes: 16)
        return (fresh, cookie(CookieNames.preLogin, fresh, path: "/hub/", maxAge: nil, request: request, context: context))
    }

    /// Checks the `_xsrf` field of a form post against the browser's binding.
    func checkForm(_ fields: [String: String], request: Request, context: HubRequestContext) throws {
        let binding = context.identity?.session?.id ?? request.cookies[CookieNames.preLogin]?.value ?? ""
        guard hub.xsrf.isValid(fields["_xsrf"], for: binding) else {
            throw HubError(.forbidden, "This form expired or was sent from another site. Reload the page and try again.")
        }
    }
}
