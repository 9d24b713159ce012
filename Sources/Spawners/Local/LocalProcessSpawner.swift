#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Runs each server as a process on the hub's machine, on a free loopback port, in its own
/// process group. Servers outlive the hub: after a restart the hub finds them again by pid,
/// start time and port. For development and single-person use: users share the hub's Unix
/// account and are not isolated from each other.
public struct LocalProcessSpawner: Spawner {
    let command: [String]
    let dataDir: String

    /// - Parameters:
    ///   - command: e.g. `["/path/to/venv/bin/jupyterhub-singleuser"]`.
    ///   - dataDir: servers work in `<dataDir>/users/<name>` and log to `<dataDir>/logs/`.
    public init(command: [String], dataDir: String) {
        self.command = command
        self.dataDir = dataDir
    }

    public func start(_ request: SpawnRequest, progress: @escaping @Sendable (SpawnProgress) async -> Void) async throws -> SpawnedServer {
        let port = try FreePort.find()
        let serverSlug = request.serverName.isEmpty ? "default" : request.serverName
        let home = "\(dataDir)/users/\(request.user)"
        let logPath = "\(dataDir)/logs/\(request.user)/\(serverSlug).log"
        let runtime = "\(dataDir)/runtime/\(request.user)/\(serverSlug)"
        for directory in [home, "\(dataDir)/logs/\(request.user)", runtime] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }

        var environment = ProcessInfo.processInfo.environment.filter { Self.inheritedVariables.contains($0.key) }
        environment.merge(request.environment) { _, new in new }
        environment["JUPYTERHUB_SERVICE_URL"] = "http://127.0.0.1:\(port)\(request.prefix)"
        environment["JUPYTERHUB_ROOT_DIR"] = home
        environment["JUPYTER_RUNTIME_DIR"] = runtime

        await progress(SpawnProgress(progress: 20, message: "Starting \(command.first ?? "server") on port \(port)"))
        // Jupyter refuses to run as root unless told; the local spawner runs servers as the hub's own user.
        let arguments = getuid() == 0 ? command + ["--ServerApp.allow_root=True"] : command
        let pid = try ProcessControl.spawn(command: arguments, environment: environment, directory: home, logPath: logPath)
        var state = ["pid": String(pid), "port": String(port), "log": logPath]
        state["start_time"] = ProcessControl.startTime(of: pid)
        return SpawnedServer(url: "http://127.0.0.1:\(port)", state: state)
    }

    public func stop(state: [String: String], grace: Duration) async throws {
        guard let pid = state["pid"].flatMap(pid_t.init) else { return }
        let startTime = state["start_time"]
        guard ProcessControl.isAlive(pid: pid, startTime: startTime) else { return }
        ProcessControl.signalGroup(pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline {
            if !ProcessControl.isAlive(pid: pid, startTime: startTime) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        ProcessControl.signalGroup(pid, SIGKILL)
        for _ in 0..<40 where ProcessControl.isAlive(pid: pid, startTime: startTime) {
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    public func status(state: [String: String]) async -> ServerStatus {
        guard let pid = state["pid"].flatMap(pid_t.init) else { return .stopped(reason: "it has no process") }
        return ProcessControl.isAlive(pid: pid, startTime: state["start_time"])
            ? .running : .stopped(reason: "its process (pid \(pid)) exited; see the server log")
    }

    public func log(state: [String: String], maxBytes: Int) async -> String? {
        guard let path = state["log"], let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > UInt64(maxBytes) ? size - UInt64(maxBytes) : 0)
        return (try? handle.readToEnd()).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The parts of the hub's environment a server needs to find Python and write files.
    static let inheritedVariables: Set<String> = ["PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "USER", "SHELL",
                                                   "VIRTUAL_ENV", "PYTHONPATH"]
}
