import Foundation
import GRDB

/// One single-user server of a user: the default one (name `""`) or a named one.
public struct ServerRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "servers"

    /// Where a server is in its life.
    public enum Phase: String, Codable, Sendable {
        case stopped, spawning, running, stopping
    }

    public var id: Int64?
    public var userID: Int64
    public var name: String
    public var phase: Phase
    /// Where the proxy sends this server's traffic, e.g. `http://127.0.0.1:43123`.
    public var url: String?
    /// What the spawner needs to find the server again after a hub restart (pid, port, container id…).
    public var spawnerState: [String: String]
    public var userOptions: [String: String]
    public var started: Date?
    public var lastActivity: Date?
    /// Why the server last stopped when it was not asked to (shown to its user).
    public var stopReason: String?

    public init(userID: Int64, name: String) {
        self.userID = userID
        self.name = name
        self.phase = .stopped
        self.spawnerState = [:]
        self.userOptions = [:]
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    enum CodingKeys: String, CodingKey {
        case id, name, phase, url, started
        case userID = "user_id"
        case spawnerState = "spawner_state"
        case userOptions = "user_options"
        case lastActivity = "last_activity"
        case stopReason = "stop_reason"
    }
}
