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
        guard case .usernameForm = hub.authenticator.loginStyle else {
            throw HubError(.notFound, "This hub signs people in with its sign-in button, not with a form")
        }
        let fields = try await FormFields.read(request, context: context)
        try cookies.checkForm(fields, request: request, context: context)
        switch try await hub.authenticator.authenticate(fields) {
        case .denied(let denial):
            context.logger.info("login denied", metadata: ["username": "\((fields["username"] ?? "").prefix(64))"])
            return renderLogin(request, context: context, status: .forbidden, error: denial.summary)
        case .admitted(let person):
            return try await startSession(for: person, next: safeNext(request, fallback: "/hub/home"), request: request, context: context)
        }
    }

    /// Signs an admitted person in: their account (found, renamed or created), a session, and a
    /// redirect to `next`; a refused account link answers with the denial page.
    func startSession(for person: AuthenticatedUser, next: String, request: Request, context: HubRequestContext) async throws -> Response {
        switch try await hub.accounts.signIn(person) {
        case .failure(let denial):
            return denied(denial, request: request, context: context)
        case .success(let user):
            let (session, secret) = try await hub.store.createSession(userID: user.id ?? 0, lifetime: hub.sessionLifetime)
            context.logger.info("signed in", metadata: ["user": "\(user.name)"])
            var response = Response.redirect(to: next)
            cookies.signIn(&response, session: session, secret: secret, request: request, context: context)
            return response
        }
    }

    /// The denial page; an administrator's browser also sees the provider's raw answers.
    func denied(_ denial: Denial, request: Request, context: HubRequestContext) -> Response {
        context.logger.notice("sign-in denied", metadata: ["summary": "\(denial.summary)", "answers": "\(denial.answers.joined(separator: "; "))"])
        let isAdmin = context.identity?.session != nil && context.identity?.user.admin == true
        return Page.response(DenialPage.render(denial, showAnswers: isAdmin), status: .forbidden)
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
