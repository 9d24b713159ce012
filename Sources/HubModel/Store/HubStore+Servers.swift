import Foundation
import GRDB

extension HubStore {
    public func server(userID: Int64, name: String) async throws -> ServerRecord? {
        try await database.read { db in
            try ServerRecord.filter(Column("user_id") == userID && Column("name") == name).fetchOne(db)
        }
    }

    public func servers(userID: Int64) async throws -> [ServerRecord] {
        try await database.read { db in try ServerRecord.filter(Column("user_id") == userID).order(Column("name")).fetchAll(db) }
    }

    /// Servers the hub believes are spawning, running or stopping (to re-adopt at startup).
    public func activeServers() async throws -> [ServerRecord] {
        try await database.read { db in try ServerRecord.filter(Column("phase") != ServerRecord.Phase.stopped.rawValue).fetchAll(db) }
    }

    /// Returns the server record, creating a stopped one when missing.
    public func ensureServer(userID: Int64, name: String) async throws -> ServerRecord {
        try await database.write { db in
            if let server = try ServerRecord.filter(Column("user_id") == userID && Column("name") == name).fetchOne(db) {
                return server
            }
            var server = ServerRecord(userID: userID, name: name)
            try server.insert(db)
            return server
        }
    }

    public func save(_ server: ServerRecord) async throws {
        try await database.write { db in try server.update(db) }
    }

    public func deleteServer(id: Int64) async throws {
        _ = try await database.write { db in try ServerRecord.deleteOne(db, key: id) }
    }

    /// Moves a server's (and its user's) last activity forward.
    public func recordServerActivity(serverID: Int64, userID: Int64, at date: Date) async throws {
        try await database.write { db in
            try db.execute(sql: "UPDATE servers SET last_activity = ? WHERE id = ? AND (last_activity IS NULL OR last_activity < ?)",
                           arguments: [date, serverID, date])
            try db.execute(sql: "UPDATE users SET last_activity = ? WHERE id = ? AND (last_activity IS NULL OR last_activity < ?)",
                           arguments: [date, userID, date])
        }
    }
}

extension HubStore {
    public func server(id: Int64) async throws -> ServerRecord? {
        try await database.read { db in try ServerRecord.fetchOne(db, key: id) }
    }
}
