import ArgumentParser
import Foundation
import HubConfig
import HubModel

struct IssueToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Issue an API token for a user (for scripts and services such as jupyterhub-idle-culler). The token is printed once.")

    @Argument(help: "The user who owns the token.")
    var user: String

    @Option(name: .long, parsing: .singleValue, help: "A scope to grant (repeatable), e.g. --scope list:users --scope delete:servers. Default: all of the user's permissions.")
    var scope: [String] = []

    @Option(name: .long, help: "A note shown in token lists.")
    var note: String = "Issued with ganymede token"

    @Option(name: .long, help: "Seconds until the token expires (default: never).")
    var expiresIn: Int?

    @Flag(name: .long, help: "Create the user if it does not exist.")
    var createUser = false

    @Flag(name: .long, help: "With --create-user: make the new user an admin.")
    var admin = false

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        let configuration = try options.load()
        let name = UsernameRules.normalize(user)
        guard UsernameRules.isValid(name) else { throw ValidationError("'\(user)' is not a valid username: \(UsernameRules.description)") }
        for text in scope {
            guard let parsed = Scope(parsing: text), ScopeCatalogue.knownBases.contains(parsed.base) else {
                throw ValidationError("--scope '\(text)' is not a known scope (e.g. list:users, read:users:activity, delete:servers)")
            }
        }
        if let expiresIn, expiresIn <= 0 { throw ValidationError("--expires-in must be a positive number of seconds") }
        try FileManager.default.createDirectory(atPath: configuration.dataDir, withIntermediateDirectories: true)
        let store = try HubStore(path: configuration.resolvedDatabasePath)
        let owner: UserRecord
        if let existing = try await store.user(named: name) {
            owner = existing
        } else if createUser {
            owner = try await store.ensureUser(named: name, admin: admin)
        } else {
            throw ValidationError("no user '\(name)'; add --create-user to create it")
        }
        let issued = try await store.issueToken(userID: owner.id ?? 0, kind: .api, scopes: scope.isEmpty ? ["inherit"] : scope,
                                                note: note, expiresIn: expiresIn.map(TimeInterval.init))
        print(issued.secret)
    }
}
