import ArgumentParser
import AsyncHTTPClient
import HubConfig

/// `ganymede health`: exit status 0 when the hub on this machine answers `/hub/health` — the
/// container's health check, which has no curl to call.
struct Health: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that the hub on this machine answers /hub/health (exit status 0), as a container health check.")

    @Option(name: .long, help: "The URL to check. Default: /hub/health on the port of GANYMEDE_BIND, on loopback.")
    var url: String?

    @OptionGroup var options: ConfigurationOptions

    func validate() throws {
        if let url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ValidationError("--url '\(url)' is not an http(s) URL; write it like http://127.0.0.1:8000/hub/health")
        }
    }

    func run() async throws {
        let target = try url ?? Self.defaultURL(options.load(acrossKeys: false))
        do {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: target), timeout: .seconds(4))
            guard response.status == .ok else {
                Terminal.error("ganymede health: \(target) answered HTTP \(response.status.code)")
                throw ExitCode(1)
            }
            print("ok: \(target)")
        } catch let error as ExitCode {
            throw error
        } catch {
            Terminal.error("ganymede health: \(target): \(error)")
            throw ExitCode(1)
        }
    }

    /// The public listener as seen from the same machine.
    static func defaultURL(_ configuration: HubConfiguration) -> String {
        var bind = configuration.bind
        if bind.isAllInterfaces { bind.host = bind.host.contains(":") ? "::1" : "127.0.0.1" }
        return "http://\(bind)/hub/health"
    }
}
