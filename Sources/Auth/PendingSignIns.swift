import Crypto
import Foundation
import HubModel

/// OAuth sign-ins on their way through the provider, keyed by `state`: each is bound to the
/// browser that started it (a cookie carries the state) and can be finished once, within ten
/// minutes. Kept in memory: a hub restart only makes a sign-in in progress start over.
public actor PendingSignIns {
    public struct Pending: Sendable {
        /// Where to go after signing in (a local path).
        public var next: String
        /// The PKCE verifier sent when the code is exchanged.
        public var codeVerifier: String
        var expires: ContinuousClock.Instant
    }

    private var pending: [String: Pending] = [:]
    let lifetime: Duration
    let capacity: Int

    public init(lifetime: Duration = .seconds(600), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// Starts a sign-in: returns the `state` and the PKCE challenge to send to the provider.
    public func begin(next: String) -> (state: String, codeChallenge: String) {
        let now = ContinuousClock.now
        pending = pending.filter { $0.value.expires > now }
        if pending.count >= capacity, let oldest = pending.min(by: { $0.value.expires < $1.value.expires })?.key {
            pending[oldest] = nil
        }
        let state = Secret.generate(bytes: 16)
        let verifier = Secret.generate(bytes: 32)
        pending[state] = Pending(next: next, codeVerifier: verifier, expires: now + lifetime)
        return (state, Self.challenge(for: verifier))
    }

    /// Ends a sign-in (once): nil when the state is unknown, used or expired.
    public func finish(state: String) -> Pending? {
        guard let found = pending.removeValue(forKey: state), found.expires > .now else { return nil }
        return found
    }

    /// base64url(SHA-256(verifier)) without padding (RFC 7636, S256).
    static func challenge(for verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
