#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Thin wrappers over the POSIX process calls the local spawner needs.
enum ProcessControl {
    /// Starts `command` in its own process group (so a Ctrl-C or the hub's exit does not reach
    /// it), in `directory`, with output appended to `logPath`.
    static func spawn(command: [String], environment: [String: String], directory: String, logPath: String) throws -> pid_t {
        guard let executable = command.first else { throw SpawnError("no single-user command is configured") }
        let logFD = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard logFD >= 0 else { throw SpawnError("cannot open the server log \(logPath): \(String(cString: strerror(errno)))") }
        defer { close(logFD) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, logFD, 1)
        posix_spawn_file_actions_adddup2(&actions, logFD, 2)
        // The server must not inherit the hub's sockets (it would keep the hub's ports bound after a restart).
        try closeInheritedDescriptors(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaultSignals = sigset_t()
        sigfillset(&defaultSignals)
        var noSignalsBlocked = sigset_t()
        sigemptyset(&noSignalsBlocked)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignalsBlocked)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        // posix_spawn has no portable chdir; a shell changes directory, then execs in place (same pid).
        let launcher = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory] + command
        let argv = launcher.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnError("cannot start \(executable): \(String(cString: strerror(result))); set GANYMEDE_SINGLEUSER_CMD to a jupyterhub-singleuser that exists")
        }
        return pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), looked up at run time
    /// because Swift's Glibc module does not export GNU extensions.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) throws {
        if let addCloseFrom, addCloseFrom(&actions, 3) == 0 { return }
        // Older C libraries: mark every open descriptor close-on-exec instead.
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else {
            throw SpawnError("cannot keep the hub's sockets from leaking into the server (no /proc/self/fd)")
        }
        for fd in entries.compactMap(Int32.init) where fd > 2 {
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// A fingerprint of the process with this pid (its start time), so that a pid reused by
    /// another program after a crash is not mistaken for our server. Nil for zombies.
    static func startTime(of pid: pid_t) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let afterName = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: afterName)...].split(separator: " ")
        // Fields after the name start at field 3 (state); the start time is field 22.
        guard fields.count > 19, fields[0] != "Z" else { return nil }
        return String(fields[19])
    }

    /// Whether the process runs, reaping it if it is our child and has exited.
    static func isAlive(pid: pid_t, startTime: String?) -> Bool {
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { return false }
        guard kill(pid, 0) == 0 else { return false }
        guard let startTime else { return true }
        return self.startTime(of: pid) == startTime
    }

    /// Signals the whole process group the server leads.
    static func signalGroup(_ pid: pid_t, _ signal: Int32) {
        if kill(-pid, signal) != 0 { kill(pid, signal) }
    }
}
