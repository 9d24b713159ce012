import Crypto
import Foundation

/// Random secrets (tokens, codes, session keys) and the hash that is stored instead of them.
public enum Secret {
    /// 32 random bytes as 64 lowercase hex characters.
    public static func generate(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// SHA-256 of a high-entropy secret, hex. (Hub-made secrets have 256 bits of entropy,
    /// so one unsalted round is enough, as in JupyterHub for generated tokens.)
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares two strings in time independent of where they differ.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8), b = Array(b.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
