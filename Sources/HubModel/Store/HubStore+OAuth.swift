import Foundation
import GRDB

extension HubStore {
    /// Registers (or re-keys) the OAuth client of a server at spawn.
    public func saveClient(_ client: OAuthClientRecord) async throws {
        try await database.write { db in try client.upsert(db) }
    }

    public func client(id: String) async throws -> OAuthClientRecord? {
        try await database.read { db in try OAuthClientRecord.fetchOne(db, key: id) }
    }

    /// Deletes a server's OAuth client; its codes and the tokens it issued go with it.
    public func deleteClients(serverID: Int64) async throws {
        _ = try await database.write { db in try OAuthClientRecord.filter(Column("server_id") == serverID).deleteAll(db) }
    }

    /// Stores a new authorization code and returns the code itself.
    public func issueCode(clientID: String, userID: Int64, scopes: [String], redirectURI: String,
                          sessionID: String?, codeChallenge: String?, lifetime: TimeInterval = 300) async throws -> String {
        let code = Secret.generate()
        let record = OAuthCodeRecord(hash: Secret.hash(code), clientID: clientID, userID: userID, scopes: scopes,
                                     redirectURI: redirectURI, sessionID: sessionID, codeChallenge: codeChallenge,
                                     expiresAt: Date().addingTimeInterval(lifetime))
        try await database.write { db in try record.insert(db) }
        return code
    }

    /// Removes and returns the code if it exists and has not expired: a code works once.
    public func redeemCode(_ code: String) async throws -> OAuthCodeRecord? {
        let hash = Secret.hash(code)
        return try await database.write { db in
            guard let record = try OAuthCodeRecord.fetchOne(db, key: hash) else { return nil }
            try record.delete(db)
            return record.expiresAt > Date() ? record : nil
        }
    }
}
