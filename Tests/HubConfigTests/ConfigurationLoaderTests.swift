import Foundation
import HubConfig
import Testing

@Suite struct ConfigurationLoaderTests {
    @Test func defaultsAreValidForTheDevLoginOnLoopback() {
        let outcome = ConfigurationLoader.load(environment: ["GANYMEDE_BIND": "127.0.0.1:8000"])
        #expect(outcome.errors.isEmpty)
        #expect(outcome.configuration.bind == SocketAddressSpec(host: "127.0.0.1", port: 8000))
        #expect(outcome.configuration.resolvedHubAPIURL == "http://127.0.0.1:8081/hub/api")
    }

    @Test("a malformed value is an error naming the key and the fix", arguments: [
        ("GANYMEDE_BIND", "nonsense"), ("GANYMEDE_START_TIMEOUT", "soon"), ("GANYMEDE_PUBLIC_URL", "hub.example.org"),
        ("GANYMEDE_JUPYTERHUB_VERSION", "swifthub-1"), ("GANYMEDE_COOKIE_SECRET", "short"), ("GANYMEDE_AUTHENTICATOR", "magic"),
        ("GANYMEDE_LOG_LEVEL", "loud"), ("ADMIN_USERS", "Bad Name!"),
    ])
    func malformedValue(key: String, value: String) {
        var environment = ["GANYMEDE_BIND": "127.0.0.1:8000"]
        environment[key] = value
        let outcome = ConfigurationLoader.load(environment: environment)
        let error = outcome.errors.first { $0.key == key }
        #expect(error != nil, "no error for \(key)=\(value): \(outcome.errors)")
        #expect(error?.fix.isEmpty == false)
    }

    @Test func unknownGanymedeVariableIsAnErrorWithASuggestion() {
        let outcome = ConfigurationLoader.load(environment: ["GANYMEDE_BIND": "127.0.0.1:8000", "GANYMEDE_BINDD": "x"])
        #expect(outcome.errors.count == 1)
        #expect(outcome.errors.first?.key == "GANYMEDE_BINDD")
        #expect(outcome.errors.first?.fix.contains("GANYMEDE_BIND") == true)
    }

    @Test func devLoginRefusesANonLoopbackAddress() {
        let outcome = ConfigurationLoader.load(environment: ["GANYMEDE_BIND": "0.0.0.0:8000"])
        #expect(outcome.errors.map(\.key) == ["GANYMEDE_BIND"])
        #expect(outcome.errors.first?.problem.contains("loopback") == true)
    }

    @Test func commandsThatOnlyReadTheDataDirSkipTheChecksAcrossKeys() {
        let environment = ["GANYMEDE_AUTHENTICATOR": "github", "GANYMEDE_DATA_DIR": "/data", "MEM_LIMIT": "lots"]
        #expect(ConfigurationLoader.load(environment: environment).errors.count > 1)
        let outcome = ConfigurationLoader.load(environment: environment, acrossKeys: false)
        #expect(outcome.errors.map(\.key) == ["MEM_LIMIT"], "a value that does not parse is still an error")
        #expect(outcome.configuration.dataDir == "/data")
    }

    @Test func aliasesAreAccepted() {
        let secret = String(repeating: "ab", count: 32)
        let outcome = ConfigurationLoader.load(environment: ["GANYMEDE_BIND": "127.0.0.1:8000", "JUPYTERHUB_COOKIE_SECRET": secret,
                                                             "ADMIN_GITHUB_USERS": "Alice, bob"])
        #expect(outcome.errors.isEmpty)
        #expect(outcome.configuration.cookieSecret == secret)
        #expect(outcome.configuration.adminUsers == ["Alice", "bob"])
    }

    @Test func fileValuesAreReadAndTheEnvironmentWins() throws {
        let path = NSTemporaryDirectory() + "ganymede-config-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
        bind: 127.0.0.1:9000
        named_server_limit: 3
        admin_users: [alice, bob]
        singleuser_cmd: [/opt/venv/bin/jupyterhub-singleuser, --debug]
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = ConfigurationLoader.load(environment: ["GANYMEDE_NAMED_SERVER_LIMIT": "7"], filePath: path)
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        #expect(outcome.configuration.bind.port == 9000)
        #expect(outcome.configuration.namedServerLimit == 7)
        #expect(outcome.configuration.adminUsers == ["alice", "bob"])
        #expect(outcome.configuration.singleuserCommand == ["/opt/venv/bin/jupyterhub-singleuser", "--debug"])
    }

    @Test func unknownFileKeysAndBadYAMLAreErrors() throws {
        let path = NSTemporaryDirectory() + "ganymede-config-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "bind: 127.0.0.1:9000\nbnid: 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = ConfigurationLoader.load(environment: [:], filePath: path)
        #expect(outcome.errors.contains { $0.key.hasPrefix("bnid") && $0.fix.contains("bind") })

        try "bind: [unclosed\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(!ConfigurationLoader.load(environment: [:], filePath: path).errors.isEmpty)
        #expect(!ConfigurationLoader.load(environment: [:], filePath: "/nonexistent.yaml").errors.isEmpty)
    }

    @Test func everyKeyIsDocumentedInTheREADME() throws {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let readme = try String(contentsOf: url.appendingPathComponent("README.md"), encoding: .utf8)
        for key in ConfigurationKeys.all {
            #expect(readme.contains("`\(key.env)`"), "README lacks \(key.env)")
        }
    }
}
