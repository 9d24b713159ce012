import Foundation
import GRDB

extension HubStore {
    /// Stores a new token and returns its record and the secret, which is not kept anywhere.
    public func issueToken(
        userID: Int64, kind: TokenRecord.Kind, scopes: [String], note: String,
        clientID: String? = nil, sessionID: String? = nil, serverID: Int64? = nil, expiresIn: TimeInterval? = nil
    ) async throws -> (record: TokenRecord, secret: String) {
        let secret = Secret.generate()
        let draft = TokenRecord(userID: userID, hash: Secret.hash(secret), prefix: String(secret.prefix(4)), kind: kind,
                                 scopes: scopes, note: note, clientID: clientID, sessionID: sessionID, serverID: serverID,
                                 expiresAt: expiresIn.map { Date().addingTimeInterval($0) })
        let record = try await database.write { db in
            var record = draft
            try record.insert(db)
            return record
        }
        return (record, secret)
    }

    /// The unexpired token whose secret is `secret`, with its owner.
    public func token(secret: String) async throws -> (token: TokenRecord, user: UserRecord)? {
        let hash = Secret.hash(secret)
        return try await database.read { db in
            guard let token = try TokenRecord.filter(Column("hash") == hash).fetchOne(db),
                  token.expiresAt.map({ $0 > Date() }) ?? true,
                  let user = try UserRecord.fetchOne(db, key: token.userID) else { return nil }
            return (token, user)
        }
    }

    public func tokens(userID: Int64) async throws -> [TokenRecord] {
        try await database.read { db in try TokenRecord.filter(Column("user_id") == userID).order(Column("id")).fetchAll(db) }
    }

    public func deleteToken(id: Int64) async throws {
        _ = try await database.write { db in try TokenRecord.deleteOne(db, key: id) }
    }

    /// Deletes a server's own token (when it stops).
    public func deleteServerTokens(serverID: Int64) async throws {
        _ = try await database.write { db in
            try TokenRecord.filter(Column("server_id") == serverID && Column("kind") == TokenRecord.Kind.server.rawValue).deleteAll(db)
        }
    }

    /// Records that a token was used (callers limit this to about once a minute per token).
    public func touchToken(id: Int64, at date: Date = Date()) async throws {
        try await database.write { db in
            try db.execute(sql: "UPDATE api_tokens SET last_activity = ? WHERE id = ?", arguments: [date, id])
        }
    }
}
