import Foundation
import HubConfig
import HubModel

/// A snapshot of the hub's state: the database (copied online, while the hub runs) and the
/// secrets in the data dir, in one folder; and putting it back into a data dir.
///
/// User servers' data is not in it: it lives in Docker volumes (see docs for backing those up).
public enum StateBackup {
    /// Data-dir files copied beside the database when present.
    static let dataFiles = ["cookie_secret", "crypt_key", "hub_id", "allowed_users.txt"]
    static let databaseFile = "ganymede.sqlite"
    static let manifestFile = "backup.json"

    struct Manifest: Codable {
        var created: Date
        var ganymedeVersion: String
        var files: [String]
    }

    /// Writes a snapshot of the hub state of `configuration` into `folder` (created; must be empty).
    public static func create(configuration: HubConfiguration, into folder: String, version: String) throws -> [String] {
        let manager = FileManager.default
        if manager.fileExists(atPath: folder), !((try? manager.contentsOfDirectory(atPath: folder)) ?? []).isEmpty {
            throw StartupError("\(folder) is not empty; back up into a new folder")
        }
        guard manager.fileExists(atPath: configuration.resolvedDatabasePath) else {
            throw StartupError("there is no database at \(configuration.resolvedDatabasePath); check GANYMEDE_DATA_DIR / GANYMEDE_DATABASE")
        }
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try HubStore(path: configuration.resolvedDatabasePath).backup(to: folder + "/" + databaseFile)
        try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder + "/" + databaseFile)
        var files = [databaseFile]
        for name in dataFiles where manager.fileExists(atPath: configuration.dataDir + "/" + name) {
            try copyPrivately(configuration.dataDir + "/" + name, to: folder + "/" + name)
            files.append(name)
        }
        let manifest = Manifest(created: Date(), ganymedeVersion: version, files: files)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: folder + "/" + manifestFile))
        return files
    }

    /// Puts a snapshot back into the data dir of `configuration`. Refuses to replace an
    /// existing database unless `force`; the hub must not be running on that data dir.
    public static func restore(from folder: String, configuration: HubConfiguration, force: Bool) throws -> [String] {
        let manager = FileManager.default
        guard let data = manager.contents(atPath: folder + "/" + manifestFile) else {
            throw StartupError("\(folder) holds no \(manifestFile); is it a folder written by ganymede backup?")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let manifest = try decoder.decode(Manifest.self, from: data)
        let database = configuration.resolvedDatabasePath
        if manager.fileExists(atPath: database) && !force {
            throw StartupError("\(database) already exists; restore into an empty data dir, or pass --force to replace it (stop the hub first)")
        }
        try DataDirectory(path: configuration.dataDir).prepare()
        for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: database + suffix) }
        for name in manifest.files {
            let target = name == databaseFile ? database : configuration.dataDir + "/" + name
            try? manager.removeItem(atPath: target)
            try copyPrivately(folder + "/" + name, to: target)
        }
        _ = try HubStore(path: database)  // applies migrations a newer Ganymede added since the backup
        return manifest.files
    }

    private static func copyPrivately(_ source: String, to target: String) throws {
        try FileManager.default.copyItem(atPath: source, toPath: target)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target)
    }
}
