import Foundation
import GRDB

extension HubStore {
    public func user(named name: String) async throws -> UserRecord? {
        try await database.read { db in try UserRecord.filter(Column("name") == name).fetchOne(db) }
    }

    public func user(id: Int64) async throws -> UserRecord? {
        try await database.read { db in try UserRecord.fetchOne(db, key: id) }
    }

    /// Returns the user, creating it when missing; `admin` (when given) is applied either way.
    public func ensureUser(named name: String, admin: Bool? = nil) async throws -> UserRecord {
        try await database.write { db in
            if var user = try UserRecord.filter(Column("name") == name).fetchOne(db) {
                if let admin, user.admin != admin {
                    user.admin = admin
                    try user.update(db)
                }
                return user
            }
            var user = UserRecord(name: name, admin: admin ?? false)
            try user.insert(db)
            return user
        }
    }

    public func user(externalID: String) async throws -> UserRecord? {
        try await database.read { db in try UserRecord.filter(Column("external_id") == externalID).fetchOne(db) }
    }

    /// Saves a user's name, admin flag, external id and auth state.
    public func save(_ user: UserRecord) async throws {
        try await database.write { db in try user.update(db) }
    }

    /// Creates a user signed in through a provider, with its external id and auth state.
    public func createUser(_ user: UserRecord) async throws -> UserRecord {
        try await database.write { db in
            var user = user
            try user.insert(db)
            return user
        }
    }

    /// Removes every way a user is signed in: browser sessions, and API and OAuth tokens
    /// (servers' own tokens go when their servers stop).
    public func revokeCredentials(userID: Int64) async throws {
        try await database.write { db in
            try TokenRecord.filter(Column("user_id") == userID && Column("kind") != TokenRecord.Kind.server.rawValue).deleteAll(db)
            try SessionRecord.filter(Column("user_id") == userID).deleteAll(db)
        }
    }

    public func allUsers() async throws -> [UserRecord] {
        try await database.read { db in try UserRecord.order(Column("id")).fetchAll(db) }
    }

    /// Users who can still do something here: an unexpired session, an unexpired API or OAuth
    /// token, or a server that is not stopped. The others have nothing a re-check could take away.
    public func usersHoldingAccess() async throws -> [UserRecord] {
        try await database.read { db in
            try UserRecord.fetchAll(db, sql: """
                SELECT * FROM users u WHERE
                  EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND s.expires_at > :now)
                  OR EXISTS (SELECT 1 FROM api_tokens t WHERE t.user_id = u.id AND t.kind != :server
                             AND (t.expires_at IS NULL OR t.expires_at > :now))
                  OR EXISTS (SELECT 1 FROM servers v WHERE v.user_id = u.id AND v.phase != :stopped)
                ORDER BY u.id
                """, arguments: ["now": Date(), "server": TokenRecord.Kind.server.rawValue,
                                 "stopped": ServerRecord.Phase.stopped.rawValue])
        }
    }

    /// Moves the user's last activity forward (never back).
    public func recordUserActivity(userID: Int64, at date: Date) async throws {
        try await database.write { db in
            try db.execute(sql: "UPDATE users SET last_activity = ? WHERE id = ? AND (last_activity IS NULL OR last_activity < ?)",
                           arguments: [date, userID, date])
        }
    }
}
