/// Decides who may sign in. The hub depends on this protocol only; `DevAuthenticator` and
/// (later) the GitHub authenticator implement it, as JupyterHub's `Authenticator` classes do.
public protocol Authenticator: Sendable {
    /// What the login page offers.
    var loginStyle: LoginStyle { get }

    /// Checks a sign-in attempt: the login form's fields, or an OAuth callback's query.
    func authenticate(_ fields: [String: String]) async throws -> AuthenticationDecision
}

/// How the login page looks for an authenticator.
public enum LoginStyle: Sendable, Equatable {
    /// A username form posted back to `/hub/login`; `note` explains who may sign in.
    case usernameForm(note: String)
    /// A single button that starts an external sign-in (e.g. "Sign in with GitHub").
    case button(label: String, path: String)
}

/// The outcome of a sign-in attempt, always with a reason a person can read.
public enum AuthenticationDecision: Sendable, Equatable {
    case admitted(AuthenticatedUser)
    /// `reason` is shown on the denial page.
    case denied(reason: String)
}

/// Who signed in, as the authenticator vouches for them.
public struct AuthenticatedUser: Sendable, Equatable {
    /// The normalized hub username.
    public var name: String
    /// Admin status to apply, or nil to leave the stored flag alone.
    public var admin: Bool?

    public init(name: String, admin: Bool?) {
        self.name = name
        self.admin = admin
    }
}
