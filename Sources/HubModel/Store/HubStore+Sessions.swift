import Foundation
import GRDB

extension HubStore {
    /// Starts a browser session and returns it with the cookie secret (stored only as a hash).
    public func createSession(userID: Int64, lifetime: TimeInterval) async throws -> (session: SessionRecord, secret: String) {
        let secret = Secret.generate()
        let session = SessionRecord(id: Secret.generate(bytes: 16), secretHash: Secret.hash(secret), userID: userID,
                                    expiresAt: Date().addingTimeInterval(lifetime))
        try await database.write { db in try session.insert(db) }
        return (session, secret)
    }

    /// The unexpired session for a login cookie, with its user.
    public func session(secret: String) async throws -> (session: SessionRecord, user: UserRecord)? {
        let hash = Secret.hash(secret)
        return try await database.read { db in
            guard let session = try SessionRecord.filter(Column("secret_hash") == hash).fetchOne(db), session.expiresAt > Date(),
                  let user = try UserRecord.fetchOne(db, key: session.userID) else { return nil }
            return (session, user)
        }
    }

    /// Ends a session and revokes every token issued in it.
    public func endSession(id: String) async throws {
        try await database.write { db in
            try TokenRecord.filter(Column("session_id") == id).deleteAll(db)
            try SessionRecord.deleteOne(db, key: id)
        }
    }
}
