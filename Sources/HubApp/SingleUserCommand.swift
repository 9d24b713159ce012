import Foundation
import HubConfig

/// Finds the command that starts a single-user server for the local spawner.
public enum SingleUserCommand {
    /// The configured command, else `jupyterhub-singleuser` on PATH, else the demo venv's; nil if none exists.
    public static func resolve(_ configuration: HubConfiguration) -> [String]? {
        if !configuration.singleuserCommand.isEmpty { return configuration.singleuserCommand }
        if let onPath = findOnPath("jupyterhub-singleuser") { return [onPath] }
        let venv = DataDirectory(path: configuration.dataDir).demoVenv + "/bin/jupyterhub-singleuser"
        return FileManager.default.isExecutableFile(atPath: venv) ? [venv] : nil
    }

    static func findOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Checks that the first word of a configured command can be run.
    static func check(_ command: [String]) throws {
        guard let executable = command.first else { throw StartupError("GANYMEDE_SINGLEUSER_CMD is empty") }
        let found = executable.contains("/") ? FileManager.default.isExecutableFile(atPath: executable) : findOnPath(executable) != nil
        guard found else {
            throw StartupError("GANYMEDE_SINGLEUSER_CMD: '\(executable)' is not an executable file — install jupyterhub (pip install jupyterhub jupyterlab) or point the setting at its jupyterhub-singleuser")
        }
    }
}
