import ArgumentParser
import HubApp
import HubConfig

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the hub and proxy from configuration (environment and optional YAML file).")

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        try await Self.serve(try options.load())
    }

    static func serve(_ configuration: HubConfiguration) async throws {
        let logger = Terminal.bootstrapLogging(level: configuration.logLevel)
        let server: GanymedeServer
        do {
            server = try await GanymedeServer.build(configuration: configuration, logger: logger)
        } catch let error as StartupError {
            Terminal.error("ganymede: \(error)")
            throw ExitCode(1)
        }
        let url = "http://\(server.configuration.bind.hostForURL):\(server.configuration.bind.port)/"
        logger.info("Ganymede is ready", metadata: ["url": "\(server.configuration.resolvedPublicURL.isEmpty ? url : server.configuration.resolvedPublicURL)"])
        try await server.run()
    }
}
