import ArgumentParser
import Foundation
import HubApp
import HubConfig

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Try Ganymede on this machine: SQLite in ./ganymede-data, servers as local processes, sign in with any username on http://127.0.0.1:8000. Installs jupyterhub + JupyterLab into a venv if needed.")

    @Option(name: .long, help: "Port for the browser.")
    var port = 8000

    @Option(name: .long, help: "Folder for state, logs and users' files.")
    var dataDir = "ganymede-data"

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        var base = HubConfiguration()
        base.bind = SocketAddressSpec(host: "127.0.0.1", port: port)
        base.hubBind = SocketAddressSpec(host: "127.0.0.1", port: port == 8081 ? 8082 : 8081)
        base.dataDir = dataDir
        let configuration = try options.load(base: base)
        if SingleUserCommand.resolve(configuration) == nil {
            try DemoVenv.install(into: DataDirectory(path: configuration.dataDir).demoVenv)
        }
        print("""

        Ganymede demo: open http://127.0.0.1:\(configuration.bind.port)/ and sign in with any username.
        State lives in \(configuration.dataDir)/. Stop with Ctrl-C; running servers keep running and are adopted on the next start.

        """)
        try await Serve.serve(configuration)
    }
}

/// Installs `jupyterhub-singleuser` and JupyterLab into a venv, showing pip's progress.
enum DemoVenv {
    static let packages = ["jupyterhub>=5,<6", "jupyterlab>=4,<5"]

    static func install(into directory: String) throws {
        print("No jupyterhub-singleuser found: installing \(packages.joined(separator: " and ")) into \(directory) (one time, about a minute)…")
        try FileManager.default.createDirectory(atPath: (directory as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try run(["python3", "-m", "venv", directory], what: "create a Python venv (is python3 with the venv module installed?)")
        try run(["\(directory)/bin/pip", "install", "--disable-pip-version-check", "--progress-bar", "on"] + packages,
                what: "install the single-user server with pip (is PyPI reachable?)")
    }

    static func run(_ arguments: [String], what: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        do {
            try process.run()
        } catch {
            throw StartupError("could not \(what): \(error)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StartupError("could not \(what); `\(arguments.joined(separator: " "))` exited with \(process.terminationStatus)")
        }
    }
}
