import Foundation
import GRDB

/// The OAuth client of one single-user server. Its secret is the server's API token (hashed here).
public struct OAuthClientRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "oauth_clients"

    /// `jupyterhub-user-<name>` or `jupyterhub-user-<name>-<server>`.
    public var id: String
    public var secretHash: String
    public var redirectURI: String
    public var serverID: Int64

    public init(id: String, secretHash: String, redirectURI: String, serverID: Int64) {
        self.id = id
        self.secretHash = secretHash
        self.redirectURI = redirectURI
        self.serverID = serverID
    }

    enum CodingKeys: String, CodingKey {
        case id
        case secretHash = "secret_hash"
        case redirectURI = "redirect_uri"
        case serverID = "server_id"
    }
}

/// A one-time authorization code, valid for a few minutes.
public struct OAuthCodeRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "oauth_codes"

    public var hash: String
    public var clientID: String
    public var userID: Int64
    public var scopes: [String]
    public var redirectURI: String
    public var sessionID: String?
    public var codeChallenge: String?
    public var expiresAt: Date

    public init(hash: String, clientID: String, userID: Int64, scopes: [String], redirectURI: String,
                sessionID: String?, codeChallenge: String?, expiresAt: Date) {
        self.hash = hash
        self.clientID = clientID
        self.userID = userID
        self.scopes = scopes
        self.redirectURI = redirectURI
        self.sessionID = sessionID
        self.codeChallenge = codeChallenge
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case hash, scopes
        case clientID = "client_id"
        case userID = "user_id"
        case redirectURI = "redirect_uri"
        case sessionID = "session_id"
        case codeChallenge = "code_challenge"
        case expiresAt = "expires_at"
    }
}
