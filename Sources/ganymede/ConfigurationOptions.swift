import ArgumentParser
import Foundation
import HubConfig
import Logging

/// `--config FILE`, shared by the commands that read configuration.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .long, help: "A YAML configuration file (environment variables override it). Default: $GANYMEDE_CONFIG.")
    var config: String?

    /// Loads configuration, or prints every problem and exits 1. `acrossKeys: false` for commands
    /// that need only a few settings (see `ConfigurationLoader.load`).
    func load(base: HubConfiguration = HubConfiguration(), acrossKeys: Bool = true) throws -> HubConfiguration {
        let outcome = ConfigurationLoader.load(environment: ProcessInfo.processInfo.environment, filePath: config, base: base,
                                               acrossKeys: acrossKeys)
        guard outcome.errors.isEmpty else {
            Terminal.error("ganymede: configuration has \(outcome.errors.count) problem\(outcome.errors.count == 1 ? "" : "s"):")
            for error in outcome.errors { Terminal.error("  \(error)") }
            throw ExitCode(1)
        }
        return outcome.configuration
    }
}

enum Terminal {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func bootstrapLogging(level: String) -> Logger {
        let logLevel = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        return Logger(label: "ganymede")
    }
}
