import Auth
import Foundation
import Hummingbird
import HubModel

extension PagesController {
    @Sendable func loginForm(_ request: Request, context: HubRequestContext) async throws -> Response {
        if context.identity?.session != nil { return .redirect(to: safeNext(request, fallback: "/hub/home")) }
        return renderLogin(request, context: context, status: .ok, error: nil)
    }

    func renderLogin(_ request: Request, context: HubRequestContext, status: HTTPResponse.Status, error: String?) -> Response {
        let (binding, newCookie) = cookies.xsrfBinding(request, context: context)
        let next = safeNext(request, fallback: "/hub/home")
        var response = Page.response(LoginPage.render(style: hub.authenticator.loginStyle, next: next,
                                                      xsrf: hub.xsrf.token(for: binding), error: error), status: status)
        if let newCookie { response.setCookie(newCookie) }
        return response
    }

    @Sendable func login(_ request: Request, context: HubRequestContext) async throws -> Response {
        let fields = try await FormFields.read(request, context: context)
        try cookies.checkForm(fields, request: request, context: context)
        switch try await hub.authenticator.authenticate(fields) {
        case .denied(let reason):
            context.logger.info("login denied", metadata: ["username": "\((fields["username"] ?? "").prefix(64))"])
            return renderLogin(request, context: context, status: .forbidden, error: reason)
        case .admitted(let person):
            let user = try await hub.store.ensureUser(named: person.name, admin: person.admin)
            let (session, secret) = try await hub.store.createSession(userID: user.id ?? 0, lifetime: hub.sessionLifetime)
            context.logger.info("signed in", metadata: ["user": "\(user.name)"])
            var response = Response.redirect(to: safeNext(request, fallback: "/hub/home"))
            cookies.signIn(&response, session: session, secret: secret, request: request, context: context)
            return response
        }
    }

    /// Ends the browser session and revokes every token issued in it (singleuser-protocol.md §10).
    @Sendable func logout(_ request: Request, context: HubRequestContext) async throws -> Response {
        if let session = context.identity?.session {
            try await hub.store.endSession(id: session.id)
        }
        var response = Response.redirect(to: "/hub/login")
        cookies.signOut(&response, request: request, context: context)
        return response
    }
}
