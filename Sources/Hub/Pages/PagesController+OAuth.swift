import Auth
import Foundation
import Hummingbird
import HubModel

/// The browser side of signing in with an OAuth provider (GitHub): `/hub/oauth_login` sends
/// the browser to the provider; `/hub/oauth_callback` finishes the sign-in once, in the
/// browser that started it.
extension PagesController {
    @Sendable func oauthLogin(_ request: Request, context: HubRequestContext) async throws -> Response {
        guard case .button = hub.authenticator.loginStyle else { return .redirect(to: "/hub/login") }
        let (state, challenge) = await hub.pendingSignIns.begin(next: safeNext(request, fallback: "/hub/home"))
        guard let url = hub.authenticator.authorizationURL(state: state, codeChallenge: challenge) else {
            return .redirect(to: "/hub/login")
        }
        var response = Response.redirect(to: url)
        response.setCookie(cookies.cookie(CookieNames.oauthState, state, path: "/hub/", maxAge: 600, request: request, context: context))
        return response
    }

    @Sendable func oauthCallback(_ request: Request, context: HubRequestContext) async throws -> Response {
        var response = try await finishSignIn(request, context: context)
        response.setCookie(cookies.cookie(CookieNames.oauthState, "", path: "/hub/", maxAge: 0, request: request, context: context))
        return response
    }

    private func finishSignIn(_ request: Request, context: HubRequestContext) async throws -> Response {
        // Decoded as a form: GitHub writes spaces in error_description as '+'.
        let query = FormEncoding.decode(request.uri.query ?? "")
        if let error = query["error"] {
            let description = query["error_description"] ?? error
            return problem(.badRequest, "Sign-in was not completed", "GitHub said: \(description).")
        }
        guard let state = query["state"], let code = query["code"], !state.isEmpty, !code.isEmpty else {
            return problem(.badRequest, "Sign-in was not completed", "GitHub sent the browser back without a code or state.")
        }
        guard let bound = request.cookies[CookieNames.oauthState]?.value, Secret.constantTimeEquals(bound, state) else {
            return problem(.badRequest, "Sign-in was not completed",
                           "This sign-in was started in another browser, or its cookie expired (OAuth state mismatch).")
        }
        guard let pending = await hub.pendingSignIns.finish(state: state) else {
            return problem(.badRequest, "Sign-in was not completed", "This sign-in link was already used or has expired.")
        }
        let decision: AuthenticationDecision
        do {
            decision = try await hub.authenticator.authenticate(["code": code, "code_verifier": pending.codeVerifier])
        } catch GitHubError.refused(let error, let description) {
            context.logger.notice("GitHub refused a sign-in", metadata: ["error": "\(error)", "description": "\(description)"])
            return problem(.badRequest, "Sign-in was not completed", "GitHub did not accept this sign-in (\(error): \(description)).")
        } catch let error as GitHubError {
            context.logger.warning("GitHub could not be reached during a sign-in", metadata: ["error": "\(error)"])
            var why = "\(error)"
            if case .unreachable(let reason) = error { why = reason }
            return problem(.badGateway, "GitHub could not be reached",
                           "Signing in needs an answer from GitHub, and none came (\(why)). Nothing was changed; try again in a moment.")
        }
        switch decision {
        case .denied(let denial):
            return denied(denial, request: request, context: context)
        case .admitted(let person):
            return try await startSession(for: person, next: pending.next, request: request, context: context)
        }
    }

    private func problem(_ status: HTTPResponse.Status, _ title: String, _ message: String) -> Response {
        Page.response(MessagePage.render(title: title, message: message, action: (label: "Sign in again", href: "/hub/login")), status: status)
    }
}
