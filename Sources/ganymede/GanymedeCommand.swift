import ArgumentParser

/// `ganymede`: a multi-user Jupyter hub and proxy in one process.
@main
struct GanymedeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ganymede",
        abstract: "A multi-user Jupyter hub and proxy in one process, compatible with JupyterHub's single-user servers and REST API.",
        subcommands: [Serve.self, Demo.self, CheckConfig.self, IssueToken.self, Backup.self, Restore.self, Health.self, Version.self])
}
