import ArgumentParser
import Hub
import HubApp

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent snapshot of the hub's state (database and secrets) into a new folder, while the hub runs.")

    @Argument(help: "The folder to create.")
    var folder: String

    @OptionGroup var options: ConfigurationOptions

    func run() throws {
        do {
            let files = try StateBackup.create(configuration: try options.load(acrossKeys: false), into: folder, version: GanymedeVersion.current)
            print("Backed up \(files.joined(separator: ", ")) into \(folder)")
        } catch let error as StartupError {
            Terminal.error("ganymede backup: \(error)")
            throw ExitCode(1)
        }
    }
}

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put a snapshot written by `ganymede backup` into the data dir (stop the hub first).")

    @Argument(help: "The folder written by ganymede backup.")
    var folder: String

    @Flag(name: .long, help: "Replace an existing database.")
    var force = false

    @OptionGroup var options: ConfigurationOptions

    func run() throws {
        do {
            let files = try StateBackup.restore(from: folder, configuration: try options.load(acrossKeys: false), force: force)
            print("Restored \(files.joined(separator: ", ")); start the hub to re-adopt running servers")
        } catch let error as StartupError {
            Terminal.error("ganymede restore: \(error)")
            throw ExitCode(1)
        }
    }
}
