import Foundation
import GRDB

/// A signed-in browser. The login cookie's secret is stored hashed; `id` is the public
/// `jupyterhub-session-id` that single-user servers see and that OAuth tokens remember.
public struct SessionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "sessions"

    public var id: String
    public var secretHash: String
    public var userID: Int64
    public var created: Date
    public var expiresAt: Date

    public init(id: String, secretHash: String, userID: Int64, expiresAt: Date) {
        self.id = id
        self.secretHash = secretHash
        self.userID = userID
        self.created = Date()
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case id, created
        case secretHash = "secret_hash"
        case userID = "user_id"
        case expiresAt = "expires_at"
    }
}
