import Crypto
import Foundation
import HubModel

/// Tokens that prove a form or API write came from one of the hub's own pages. A token is an
/// HMAC of the browser's session (or, before login, of its pre-login cookie) under the hub's
/// secret, so it cannot be guessed or planted from another site.
public struct XSRFToken: Sendable {
    let secret: Data

    public init(secret: String) {
        self.secret = Data(secret.utf8)
    }

    /// The token for a browser identified by `binding` (session id or pre-login cookie).
    public func token(for binding: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data("xsrf:\(binding)".utf8), using: SymmetricKey(data: secret)).map { String(format: "%02x", $0) }.joined()
    }

    public func isValid(_ candidate: String?, for binding: String) -> Bool {
        guard let candidate, !candidate.isEmpty, !binding.isEmpty else { return false }
        return Secret.constantTimeEquals(candidate, token(for: binding))
    }
}
