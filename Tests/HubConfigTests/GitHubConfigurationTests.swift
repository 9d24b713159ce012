import Foundation
import HubConfig
import Testing

@Suite struct GitHubConfigurationTests {
    static func freshDataDir() -> String { NSTemporaryDirectory() + "ganymede-config-" + UUID().uuidString.prefix(8) }

    /// Loads with a data dir of its own (tests run in parallel; one writes an allowed-users file).
    static func load(_ extra: [String: String], dataDir: String = freshDataDir()) -> ConfigurationLoader.Outcome {
        ConfigurationLoader.load(environment: ["GANYMEDE_AUTHENTICATOR": "github", "GANYMEDE_DATA_DIR": dataDir].merging(extra) { $1 })
    }

    static let complete = ["GITHUB_CLIENT_ID": "id", "GITHUB_CLIENT_SECRET": "secret",
                           "OAUTH_CALLBACK_URL": "https://hub.example.org/hub/oauth_callback", "ALLOWED_ORGS": "acme,acme:data-team"]

    @Test("a complete configuration: public URL derived from the callback, API URL from GITHUB_URL")
    func complete() {
        let outcome = Self.load(Self.complete.merging(["GITHUB_URL": "https://github.example.com"]) { $1 })
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        #expect(outcome.configuration.resolvedPublicURL == "https://hub.example.org")
        #expect(outcome.configuration.publicURLIsHTTPS)
        #expect(outcome.configuration.resolvedGitHubAPIURL == "https://github.example.com/api/v3")
        #expect(Self.load(Self.complete).configuration.resolvedGitHubAPIURL == "https://api.github.com")
    }

    @Test("every startup error at once: missing secret, callback not on the public URL, a policy that admits nobody")
    func errorsAtOnce() {
        let outcome = Self.load(["GITHUB_CLIENT_ID": "id", "GANYMEDE_PUBLIC_URL": "https://hub.example.org",
                                 "OAUTH_CALLBACK_URL": "https://other.example.org/hub/oauth_callback"])
        let keys = Set(outcome.errors.map(\.key))
        #expect(keys == ["GITHUB_CLIENT_SECRET", "OAUTH_CALLBACK_URL", "ALLOWED_USERS"], "\(outcome.errors)")
        let nobody = outcome.errors.first { $0.key == "ALLOWED_USERS" }.map { "\($0)" } ?? ""
        #expect(nobody.contains("nobody could sign in") && nobody.contains("ALLOW_ALL=true"))
    }

    @Test("bad values name the key and the fix", arguments: [
        ("OAUTH_CALLBACK_URL", "https://hub.example.org/callback"), ("ALLOWED_ORGS", "acme:Data Team"), ("ALLOWED_ORGS", "a:b:c"),
        ("ALLOWED_USERS", "al ice"), ("GANYMEDE_CRYPT_KEY", "short"), ("GANYMEDE_REVOKED_SERVERS", "delete"),
    ])
    func badValues(key: String, value: String) {
        let outcome = Self.load(Self.complete.merging([key: value]) { $1 })
        #expect(outcome.errors.first?.key == key, "\(outcome.errors)")
    }

    @Test("aliases from other deployments are read")
    func aliases() {
        let outcome = Self.load(["OAUTH_CLIENT_ID": "id", "OAUTH_CLIENT_SECRET": "secret", "GANYMEDE_PUBLIC_URL": "https://hub.example.org",
                                 "ALLOWED_GITHUB_ORGS": "acme", "ADMIN_GITHUB_USERS": "Boss", "JUPYTERHUB_CRYPT_KEY": String(repeating: "ab", count: 32)])
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        #expect(outcome.configuration.allowedOrgs == ["acme"])
        #expect(outcome.configuration.resolvedOAuthCallbackURL == "https://hub.example.org/hub/oauth_callback")
    }

    @Test("the allowed-users file alone admits; its comments and blank lines are skipped; a bad line names its number")
    func allowedUsersFile() throws {
        let dataDir = Self.freshDataDir()
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let file = dataDir + "/allowed_users.txt"
        try "# team\n\nAlice\n bob  # intern\n".write(toFile: file, atomically: true, encoding: .utf8)
        var settings = Self.complete
        settings["ALLOWED_ORGS"] = nil
        #expect(Self.load(settings, dataDir: dataDir).errors.isEmpty)
        let rules = try AccessRules.load(Self.load(settings, dataDir: dataDir).configuration).get()
        #expect(rules.fileUsers == ["alice", "bob"])
        #expect(rules.admitsByName("ALICE") && !rules.admitsByName("carol"))

        try "alice\nnot a login\n".write(toFile: file, atomically: true, encoding: .utf8)
        let errors = Self.load(settings, dataDir: dataDir).errors
        #expect(errors.map(\.key) == ["GANYMEDE_ALLOWED_USERS_FILE"])
        #expect("\(errors)".contains("line 2"))
    }
}
