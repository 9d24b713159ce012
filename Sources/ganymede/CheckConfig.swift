import ArgumentParser
import Foundation
import HubConfig

struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate configuration and print the effective settings (secrets masked). Exit status 1 on any error.")

    @Option(name: .long, help: "A YAML configuration file (environment variables override it).")
    var config: String?

    func run() throws {
        let outcome = ConfigurationLoader.load(environment: ProcessInfo.processInfo.environment, filePath: config)
        let width = ConfigurationKeys.all.map(\.env.count).max() ?? 20
        let failing = Set(outcome.errors.map(\.key))
        for key in ConfigurationKeys.all {
            let invalid = ([key.env] + key.aliases).contains { failing.contains($0) }
            let value = invalid ? "(invalid, see below)" : key.displayValue(in: outcome.configuration)
            let source = outcome.sources[key.env].map { " (from \($0))" } ?? ""
            print(key.env.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value + source)
        }
        if outcome.configuration.authenticator == .github, case .success(let rules) = AccessRules.load(outcome.configuration) {
            print("\nGitHub sign-in admits:")
            for line in rules.summary { print("  " + line) }
            print("")
        }
        guard outcome.errors.isEmpty else {
            for error in outcome.errors { Terminal.error("error: \(error)") }
            throw ExitCode(1)
        }
        print("Configuration is valid.")
    }
}
