import Foundation
import GRDB

/// The hub's state in SQLite (WAL). All access goes through this type; its methods are
/// grouped by table in `HubStore+*.swift`.
public final class HubStore: Sendable {
    let database: any DatabaseWriter

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA foreign_keys = ON") }
        database = try DatabasePool(path: path, configuration: configuration)
        try Migrations.migrator.migrate(database)
    }

    /// An in-memory database, for tests.
    public init() throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA foreign_keys = ON") }
        database = try DatabaseQueue(configuration: configuration)
        try Migrations.migrator.migrate(database)
    }

    /// Writes a consistent copy of the database to `path` while the hub keeps running (SQLite's
    /// online backup: readers and writers go on; the copy is one point in time).
    public func backup(to path: String) throws {
        let copy = try DatabaseQueue(path: path)
        try database.backup(to: copy)
        try copy.close()
    }

    /// Reads raw rows, for tests and diagnostics.
    public func rawRows(_ sql: String) async throws -> [[String: String]] {
        try await database.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                Dictionary(uniqueKeysWithValues: row.columnNames.map { ($0, row[$0].map { "\($0)" } ?? "NULL") })
            }
        }
    }
}
