import Auth
import Foundation
import HTTPTypes
import Hummingbird

/// Finds out who is asking — an `Authorization: token|bearer` header, or the hub login
/// cookie — and, for cookie-authenticated API writes, demands a valid XSRF token.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = HubRequestContext
    let hub: Hub

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let secret = Self.bearerToken(request) {
            context.identity = try await hub.identity(token: secret)
        } else if let secret = request.cookies[CookieNames.hubLogin]?.value, let identity = try await hub.identity(session: secret) {
            context.identity = identity
            if request.uri.path.hasPrefix("/hub/api/"), !request.uri.path.hasPrefix("/hub/api/oauth2/"), !request.method.isSafe,
               let session = identity.session {
                let candidate = request.headers[.xsrfToken] ?? request.uri.queryParameters["_xsrf"].map(String.init)
                guard hub.xsrf.isValid(candidate, for: session.id) else {
                    throw HubError(.forbidden, "'_xsrf' argument missing from POST: send the X-XSRFToken header with cookie-authenticated requests")
                }
            }
        }
        return try await next(request, context)
    }

    /// `Authorization: token X` or `Authorization: bearer X` (scheme case-insensitive).
    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, ["token", "bearer"].contains(parts[0].lowercased()) else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty || token.count > 256 ? nil : token
    }
}

extension HTTPRequest.Method {
    var isSafe: Bool { self == .get || self == .head || self == .options }
}
