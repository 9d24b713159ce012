import Foundation
import GRDB

/// A hub user. The name is the normalized login and appears in URLs (`/user/<name>/`).
public struct UserRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "users"

    public var id: Int64?
    public var name: String
    public var admin: Bool
    public var created: Date
    public var lastActivity: Date?
    /// The sign-in provider's stable id (GitHub's numeric id); nil for users made by name.
    public var externalID: String?
    /// Authenticator state, sealed by the hub (never returned by the API).
    public var authState: Data?

    public init(id: Int64? = nil, name: String, admin: Bool = false, created: Date = Date(), lastActivity: Date? = nil) {
        self.id = id
        self.name = name
        self.admin = admin
        self.created = created
        self.lastActivity = lastActivity
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    enum CodingKeys: String, CodingKey {
        case id, name, admin, created
        case lastActivity = "last_activity"
        case externalID = "external_id"
        case authState = "auth_state"
    }
}
