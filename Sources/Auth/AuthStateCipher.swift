import Crypto
import Foundation

/// Encrypts authenticator state (GitHub tokens) for the database with AES-GCM: each value gets
/// a fresh nonce and is authenticated, so a tampered or foreign value fails to open.
public struct AuthStateCipher: Sendable {
    let keyBytes: [UInt8]
    var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// - Parameter key: 32 bytes.
    public init(key: [UInt8]) {
        keyBytes = key
    }

    public func seal(_ plaintext: Data) throws -> Data {
        guard let combined = try AES.GCM.seal(plaintext, using: key).combined else { throw CipherError() }
        return combined
    }

    public func open(_ sealed: Data) throws -> Data {
        try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key)
    }

    struct CipherError: Error {}
}
