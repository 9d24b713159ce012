import Foundation

/// Decides who may sign in. The hub depends on this protocol only; `DevAuthenticator` and
/// (later) the GitHub authenticator implement it, as JupyterHub's `Authenticator` classes do.
public protocol Authenticator: Sendable {
    /// What the login page offers.
    var loginStyle: LoginStyle { get }

    /// Checks a sign-in attempt: the login form's fields, or an OAuth callback's `code` with
    /// the `code_verifier` the hub kept for its `state`.
    func authenticate(_ fields: [String: String]) async throws -> AuthenticationDecision

    /// For external sign-in: the provider page the login button leads to.
    func authorizationURL(state: String, codeChallenge: String) -> String?

    /// Decides again whether someone who signed in earlier still qualifies, with what was
    /// stored at sign-in; called on a schedule.
    func recheck(_ identity: StoredIdentity) async -> RecheckOutcome
}

extension Authenticator {
    public func authorizationURL(state: String, codeChallenge: String) -> String? { nil }
    public func recheck(_ identity: StoredIdentity) async -> RecheckOutcome { .admitted(admin: nil, authState: nil) }
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
    /// Shown on the denial page.
    case denied(Denial)
}

/// Why someone may not sign in, in words for them, and what the provider answered, for administrators.
public struct Denial: Error, Sendable, Equatable {
    /// One sentence.
    public var summary: String
    /// Further paragraphs: what the hub admits, what failed, how to fix it.
    public var details: [String]
    /// The provider's raw answers (shown only to administrators, and logged).
    public var answers: [String]

    public init(_ summary: String, details: [String] = [], answers: [String] = []) {
        self.summary = summary
        self.details = details
        self.answers = answers
    }
}

/// What the hub stored about a user at their last sign-in.
public struct StoredIdentity: Sendable {
    public var name: String
    /// The provider's stable id (GitHub's numeric user id).
    public var externalID: String?
    /// The authenticator's state (decrypted), e.g. the GitHub token.
    public var authState: Data?

    public init(name: String, externalID: String?, authState: Data?) {
        self.name = name
        self.externalID = externalID
        self.authState = authState
    }
}

/// The answer of a re-check.
public enum RecheckOutcome: Sendable, Equatable {
    /// Still qualifies; `authState` is new state to store (a refreshed token), if any.
    case admitted(admin: Bool?, authState: Data?)
    /// No longer qualifies: sessions and tokens go, servers stop (or stay unreachable).
    case revoked(reason: String)
    /// The user must sign in again (the provider no longer accepts the stored token).
    case signInAgain(reason: String)
    /// Could not decide now (the provider is unreachable); nothing changes.
    case undecided(reason: String)
}

/// Who signed in, as the authenticator vouches for them.
public struct AuthenticatedUser: Sendable, Equatable {
    /// The normalized hub username.
    public var name: String
    /// Admin status to apply, or nil to leave the stored flag alone.
    public var admin: Bool?
    /// The provider's stable id (GitHub's numeric id); accounts are found by it first.
    public var externalID: String?
    /// State to keep (encrypted) for re-checks, e.g. the GitHub token.
    public var authState: Data?

    public init(name: String, admin: Bool?, externalID: String? = nil, authState: Data? = nil) {
        self.name = name
        self.admin = admin
        self.externalID = externalID
        self.authState = authState
    }
}
