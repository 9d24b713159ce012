import Foundation
import GRDB

/// An API token. Only a SHA-256 hash of the secret is stored; the secret is shown once.
public struct TokenRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "api_tokens"

    /// Why the token exists, which decides when it goes away.
    public enum Kind: String, Codable, Sendable {
        /// Made by a person or `ganymede token`; lives until deleted or expired.
        case api
        /// A single-user server's `JUPYTERHUB_API_TOKEN`; deleted when the server stops.
        case server
        /// Issued to a browser through a server's OAuth client; deleted at logout.
        case oauth
    }

    public var id: Int64?
    public var userID: Int64
    public var hash: String
    /// The first characters of the secret, for recognising a token in lists and logs.
    public var prefix: String
    public var kind: Kind
    /// Scopes as written at creation (`inherit` means the owner's).
    public var scopes: [String]
    public var note: String
    public var clientID: String?
    public var sessionID: String?
    public var serverID: Int64?
    public var created: Date
    public var expiresAt: Date?
    public var lastActivity: Date?

    public init(userID: Int64, hash: String, prefix: String, kind: Kind, scopes: [String], note: String,
                clientID: String? = nil, sessionID: String? = nil, serverID: Int64? = nil, expiresAt: Date? = nil) {
        self.userID = userID
        self.hash = hash
        self.prefix = prefix
        self.kind = kind
        self.scopes = scopes
        self.note = note
        self.clientID = clientID
        self.sessionID = sessionID
        self.serverID = serverID
        self.created = Date()
        self.expiresAt = expiresAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The public id used in the REST API (`a42`).
    public var apiID: String { "a\(id ?? 0)" }

    enum CodingKeys: String, CodingKey {
        case id, hash, prefix, kind, scopes, note, created
        case userID = "user_id"
        case clientID = "client_id"
        case sessionID = "session_id"
        case serverID = "server_id"
        case expiresAt = "expires_at"
        case lastActivity = "last_activity"
    }
}
