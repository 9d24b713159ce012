import Foundation

/// Where integration tests find real `jupyterhub-singleuser` installs, and whether they must run.
///
/// `.ci/run` creates `.cache/venv-jh4`, `-jh5` and `-jh6` with `scripts/singleuser-venv` and sets
/// `GANYMEDE_REQUIRE_INTEGRATION=1`, which turns a missing venv into a failure instead of a skip.
enum Integration {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The `ganymede` executable `swift test` built beside the tests.
    static let ganymede = root + "/.build/debug/ganymede"

    static var required: Bool { ProcessInfo.processInfo.environment["GANYMEDE_REQUIRE_INTEGRATION"] == "1" }

    static func venv(major: Int) -> String { "\(root)/.cache/venv-jh\(major)" }

    static func singleUserCommand(major: Int) -> String { venv(major: major) + "/bin/jupyterhub-singleuser" }

    static func hasVenv(major: Int) -> Bool {
        FileManager.default.isExecutableFile(atPath: singleUserCommand(major: major))
    }

    /// Run when the venv exists, or always when CI requires integration tests (they then fail loudly).
    static func enabled(major: Int) -> Bool {
        let available = hasVenv(major: major)
        if !available && !required {
            print("SKIP: integration tests for jupyterhub \(major).x need \(venv(major: major)); create it with: scripts/singleuser-venv .cache/venv-jh\(major) 'jupyterhub>=\(major),<\(major + 1)'")
        }
        return available || required
    }
}
