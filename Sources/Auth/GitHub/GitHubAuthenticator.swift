import Foundation
import HubConfig

/// Signs people in with GitHub's OAuth web flow and admits them by the access rules: named
/// users, the allowed-users file, org and team members, administrators, or everyone.
///
/// Accounts are keyed on GitHub's numeric id; the hub username is the lowercased login. The
/// token is kept in the auth state so that membership can be re-checked later.
public struct GitHubAuthenticator: Authenticator {
    let github: GitHubClient
    /// The rules in force (the allowed-users file is re-read on change by the hub's re-checks).
    public let rules: LiveAccessRules
    /// `read:user`, plus `read:org` when an org or team rule exists (org rules come from
    /// configuration, so this is fixed at startup).
    public let scopes: [String]

    public init(github: GitHubClient, rules: AccessRules) {
        self.github = github
        self.rules = LiveAccessRules(rules)
        scopes = ["read:user"] + (rules.needsOrgScope ? ["read:org"] : [])
    }

    public var loginStyle: LoginStyle { .button(label: "Sign in with GitHub", path: "/hub/oauth_login") }

    public func authorizationURL(state: String, codeChallenge: String) -> String? {
        github.authorizationURL(state: state, codeChallenge: codeChallenge, scopes: scopes)
    }

    public func authenticate(_ fields: [String: String]) async throws -> AuthenticationDecision {
        guard let code = fields["code"], let verifier = fields["code_verifier"] else {
            return .denied(Denial("The sign-in did not come back from GitHub with a code. Sign in again."))
        }
        let token = try await github.exchange(code: code, verifier: verifier)
        let user = try await github.user(token: token)
        guard UsernameRules.isValid(user.login.lowercased()) else {
            // github.com logins always fit; an Enterprise Server's may not.
            return .denied(Denial("Your GitHub login \(user.login) cannot be a username on this hub: \(UsernameRules.description)."))
        }
        let rules = await rules.current
        let verdict = try await AccessCheck(rules: rules, github: github).run(login: user.login, token: token)
        guard verdict.admitted else { return .denied(denial(for: user, rules: rules, verdict: verdict)) }
        return .admitted(AuthenticatedUser(name: user.login.lowercased(), admin: verdict.admin ? true : nil, externalID: String(user.id),
                                           authState: try GitHubAuthState(token: token, user: user).encoded()))
    }

    public func recheck(_ identity: StoredIdentity) async -> RecheckOutcome {
        guard let data = identity.authState, var state = try? GitHubAuthState.decode(data) else {
            return .signInAgain(reason: "no GitHub token is stored for \(identity.name)")
        }
        do {
            let stored = state
            if state.token.isExpiring() { state.token = try await github.refresh(state.token) }
            // Rules name logins, and the login may have been renamed on GitHub since the sign-in.
            state.user = try await github.user(token: state.token)
            let rules = await rules.current
            let verdict = try await AccessCheck(rules: rules, github: github).run(login: state.user.login, token: state.token)
            guard verdict.admitted else {
                let why = verdict.failures.isEmpty ? "no rule admits \(state.user.login) any more" : verdict.failures.joined(separator: " ")
                return .revoked(reason: why)
            }
            return .admitted(admin: verdict.admin ? true : nil, authState: state == stored ? nil : try state.encoded())
        } catch GitHubError.badCredentials {
            return .signInAgain(reason: "GitHub no longer accepts the token of \(identity.name) (the app was revoked or the token expired)")
        } catch GitHubError.refused(let error, let description) {
            return .signInAgain(reason: "GitHub refused to renew the token of \(identity.name) (\(error): \(description))")
        } catch {
            return .undecided(reason: "\(error)")
        }
    }

    func denial(for user: GitHubUser, rules: AccessRules, verdict: AccessCheck.Verdict) -> Denial {
        var admits: [String] = []
        if !rules.users.isEmpty || !rules.fileUsers.isEmpty { admits.append("people its administrators listed by name") }
        for org in rules.orgs { admits.append(org.team == nil ? "members of the org \(org.org)" : "members of the team \(org)") }
        if !rules.admins.isEmpty { admits.append("its administrators") }
        var details = ["This hub admits: " + admits.joined(separator: "; ") + "."]
        if !rules.users.isEmpty || !rules.fileUsers.isEmpty { details.append("\(user.login) is not on its list of people.") }
        details += verdict.failures
        details.append("If you think you should be admitted, ask the hub's administrators.")
        return Denial("You signed in to GitHub as \(user.login), but this hub does not admit that account.", details: details,
                      answers: ["GET /user → login \(user.login), id \(user.id)"] + verdict.answers)
    }
}

/// What the GitHub authenticator keeps per user (encrypted at rest by the hub).
public struct GitHubAuthState: Codable, Sendable, Equatable {
    public var token: GitHubToken
    public var user: GitHubUser

    public func encoded() throws -> Data { try JSONEncoder().encode(self) }
    public static func decode(_ data: Data) throws -> GitHubAuthState { try JSONDecoder().decode(Self.self, from: data) }
}
