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

    public func allUsers() async throws -> [UserRecord] {
        try await database.read { db in try UserRecord.order(Column("id")).fetchAll(db) }
    }

    /// Moves the user's last activity forward (never back).
    public func recordUserActivity(userID: Int64, at date: Date) async throws {
        try await database.write { db in
            try db.execute(sql: "UPDATE users SET last_activity = ? WHERE id = ? AND (last_activity IS NULL OR last_activity < ?)",
                           arguments: [date, userID, date])
        }
    }
}
