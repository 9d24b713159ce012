import AsyncHTTPClient
import Foundation
import NIOSSL
import Spawners

/// Debian's nginx terminating TLS on loopback in front of a hub, configured with the nginx block
/// that `docs/deploy.md` gives operators (only its ports, names and certificate paths are
/// changed), and a self-signed certificate for `127.0.0.1` that the test's clients trust.
/// (`@unchecked`: the nginx `Process` is touched only by `start` and then `stop`.)
final class TLSFront: @unchecked Sendable {
    let directory = RunningHub.temporaryDataDir()
    let httpsPort: Int
    let httpPort: Int
    /// Trusts only this front's certificate; redirects are left to `Browser`.
    let client: HTTPClient
    let webSocketTLS: NIOSSLContext
    private let nginx: Process

    var base: String { "https://127.0.0.1:\(httpsPort)" }

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") }

    /// Writes the certificate and configuration; `start(hubPort:)` runs nginx.
    init() throws {
        httpsPort = try FreePort.find()
        httpPort = try FreePort.find()
        let (status, output) = try Command.run("/usr/bin/env", [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem",
        ])
        guard status == 0 else { throw BrowserError("openssl: \(output)") }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(directory + "/cert.pem")
        webSocketTLS = try NIOSSLContext(configuration: tls)
        client = HTTPClient(eventLoopGroupProvider: .singleton,
                            configuration: .init(tlsConfiguration: tls, redirectConfiguration: .disallow))
        nginx = Process()
    }

    /// Starts nginx in front of the hub published on `127.0.0.1:hubPort`.
    func start(hubPort: Int) async throws {
        try configuration(hubPort: hubPort).write(toFile: directory + "/nginx.conf", atomically: true, encoding: .utf8)
        nginx.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        nginx.arguments = ["-p", directory, "-c", directory + "/nginx.conf", "-e", directory + "/error.log", "-g", "daemon off;"]
        try nginx.run()
        // nginx writes its pid file once its sockets listen.
        for _ in 0..<100 where nginx.isRunning && !FileManager.default.fileExists(atPath: directory + "/nginx.pid") {
            try await Task.sleep(for: .milliseconds(100))
        }
        guard nginx.isRunning, FileManager.default.fileExists(atPath: directory + "/nginx.pid") else {
            throw BrowserError("nginx did not start: \(log())")
        }
    }

    /// Stops the nginx this front started, by its PID, and removes its files.
    func stop() async {
        if nginx.isRunning { nginx.terminate() }
        try? await client.shutdown()
        _ = try? await Command.detached { [nginx, directory] in
            if nginx.processIdentifier != 0 { nginx.waitUntilExit() }
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    func log() -> String {
        (try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? "(no error log)"
    }

    /// The documented server blocks inside a minimal `http {}` whose files all live in `directory`.
    private func configuration(hubPort: Int) throws -> String {
        var block = try Self.documentedBlock()
        let replacements = [
            ("listen 443 ssl;", "listen 127.0.0.1:\(httpsPort) ssl;"),
            ("listen 80;", "listen 127.0.0.1:\(httpPort);"),
            ("server_name hub.example.org;", "server_name 127.0.0.1;"),
            ("/etc/letsencrypt/live/hub.example.org/fullchain.pem", directory + "/cert.pem"),
            ("/etc/letsencrypt/live/hub.example.org/privkey.pem", directory + "/key.pem"),
            ("proxy_pass http://127.0.0.1:8000;", "proxy_pass http://127.0.0.1:\(hubPort);"),
        ]
        for (documented, local) in replacements {
            guard block.contains(documented) else { throw BrowserError("docs/deploy.md's nginx block no longer has `\(documented)`") }
            block = block.replacingOccurrences(of: documented, with: local)
        }
        let temporary = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
            .map { "    \($0)_temp_path \(directory)/\($0);" }.joined(separator: "\n")
        return """
            pid \(directory)/nginx.pid;
            error_log \(directory)/error.log info;
            events { worker_connections 512; }
            http {
                access_log \(directory)/access.log;
            \(temporary)
            \(block)
            }
            """
    }

    /// The first ```nginx fenced block of `docs/deploy.md`.
    static func documentedBlock() throws -> String {
        let text = try String(contentsOfFile: Integration.root + "/docs/deploy.md", encoding: .utf8)
        guard let start = text.range(of: "```nginx\n"),
              let end = text.range(of: "```", range: start.upperBound..<text.endIndex) else {
            throw BrowserError("docs/deploy.md has no ```nginx block")
        }
        return String(text[start.upperBound..<end.lowerBound])
    }
}
