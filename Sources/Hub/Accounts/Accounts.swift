import Auth
import Foundation
import HubConfig
import HubModel
import Logging

/// Turns an authenticator's verdict into a hub account, and takes access away again when a
/// re-check says someone no longer qualifies.
///
/// Accounts are found by the provider's stable id first, so a renamed GitHub login keeps its
/// account (renamed to match); then by name, for users an administrator created.
public struct Accounts: Sendable {
    let store: HubStore
    let servers: ServerController
    let authenticator: any Authenticator
    /// Seals auth state at rest; without one (dev login) no auth state is kept.
    let cipher: AuthStateCipher?
    let revokedServers: HubConfiguration.RevokedServers
    let logger: Logger

    public init(store: HubStore, servers: ServerController, authenticator: any Authenticator, cipher: AuthStateCipher?,
                revokedServers: HubConfiguration.RevokedServers, logger: Logger) {
        self.store = store
        self.servers = servers
        self.authenticator = authenticator
        self.cipher = cipher
        self.revokedServers = revokedServers
        self.logger = logger
    }

    /// The account for someone the authenticator admitted: found, renamed, or created.
    func signIn(_ person: AuthenticatedUser) async throws -> Result<UserRecord, Denial> {
        let sealed = try person.authState.flatMap { state in try cipher?.seal(state) }
        let existing: UserRecord?
        switch try await existingAccount(for: person) {
        case .failure(let denial): return .failure(denial)
        case .success(let found): existing = found
        }
        guard var user = existing else {
            var user = UserRecord(name: person.name, admin: person.admin ?? false)
            user.externalID = person.externalID
            user.authState = sealed
            return .success(try await store.createUser(user))
        }
        user.externalID = person.externalID ?? user.externalID
        user.authState = sealed ?? user.authState
        if let admin = person.admin { user.admin = admin }
        try await store.save(user)
        return .success(user)
    }

    /// The account with the person's provider id (renamed if their login changed), else the
    /// account of that name unless another provider id owns it; nil when there is none.
    private func existingAccount(for person: AuthenticatedUser) async throws -> Result<UserRecord?, Denial> {
        let otherAccount = ["Ask the hub's administrators to rename or remove the other account."]
        if let externalID = person.externalID, let user = try await store.user(externalID: externalID) {
            guard user.name != person.name else { return .success(user) }
            guard let renamed = try await rename(user, to: person.name) else {
                return .failure(Denial("Your GitHub login changed to \(person.name), but another account on this hub already has that name.",
                                       details: otherAccount))
            }
            return .success(renamed)
        }
        guard let user = try await store.user(named: person.name) else { return .success(nil) }
        if let owner = user.externalID, owner != person.externalID {
            return .failure(Denial("The name \(person.name) belongs to a different GitHub account on this hub (one that has since been renamed).",
                                   details: otherAccount))
        }
        return .success(user)
    }

    /// Renames an account whose provider login changed: its servers stop and its tokens go
    /// (both carry the old name), its data stays. Nil when the new name is taken.
    private func rename(_ user: UserRecord, to name: String) async throws -> UserRecord? {
        guard try await store.user(named: name) == nil, let id = user.id else { return nil }
        try await stopServers(of: user)
        try await store.revokeCredentials(userID: id)
        var renamed = user
        renamed.name = name
        try await store.save(renamed)
        logger.notice("account renamed after its GitHub login changed", metadata: ["from": "\(user.name)", "to": "\(name)"])
        return renamed
    }

    /// Re-checks everyone who signed in through the provider and still holds access (a session,
    /// a token or a server); returns those who lost it. Someone already revoked is not asked
    /// about again until they sign in.
    ///
    /// Sessions and tokens of everyone who lost access go as soon as their verdict is in. Their
    /// servers are left to ``stopServers(ofRevoked:)``, so a slow stop delays nobody's revocation,
    /// nor the next re-check.
    public func recheckAll() async -> [UserRecord] {
        guard let users = try? await store.usersHoldingAccess() else { return [] }
        var revoked: [UserRecord] = []
        for user in users where user.externalID != nil {
            let state = user.authState.flatMap { try? cipher?.open($0) }
            let outcome = await authenticator.recheck(StoredIdentity(name: user.name, externalID: user.externalID, authState: state))
            switch outcome {
            case .admitted(let admin, let newState):
                var updated = user
                if let admin { updated.admin = admin }
                if let newState, let sealed = try? cipher?.seal(newState) { updated.authState = sealed }
                if updated != user { try? await store.save(updated) }
            case .revoked(let reason):
                logger.notice("user no longer qualifies; access revoked", metadata: [
                    "user": "\(user.name)", "reason": "\(reason)",
                    "servers": "\(revokedServers == .stop ? "stopped" : "kept running")"])
                try? await store.revokeCredentials(userID: user.id ?? 0)
                revoked.append(user)
            case .signInAgain(let reason):
                logger.notice("user must sign in again", metadata: ["user": "\(user.name)", "reason": "\(reason)"])
                try? await store.revokeCredentials(userID: user.id ?? 0)
            case .undecided(let reason):
                logger.warning("could not re-check a user; nothing changed", metadata: ["user": "\(user.name)", "reason": "\(reason)"])
            }
        }
        return revoked
    }

    /// Stops the servers of users who lost access, together, unless the hub keeps them running.
    public func stopServers(ofRevoked users: [UserRecord]) async {
        guard revokedServers == .stop else { return }
        await withDiscardingTaskGroup { group in
            for user in users { group.addTask { try? await stopServers(of: user) } }
        }
    }

    private func stopServers(of user: UserRecord) async throws {
        for server in try await store.servers(userID: user.id ?? 0) where server.phase != .stopped {
            do {
                _ = try await servers.stop(user: user, server: server.name, wait: .seconds(30))
            } catch {
                logger.warning("could not stop a server", metadata: ["user": "\(user.name)", "server": "\(server.name)", "error": "\(error)"])
            }
        }
    }

    /// Variables a user's servers get from their auth state: `GITHUB_TOKEN` (for hubs configured to pass it).
    public static func githubTokenEnvironment(for user: UserRecord, cipher: AuthStateCipher?) -> [String: String] {
        guard let sealed = user.authState, let state = try? cipher?.open(sealed),
              let github = try? GitHubAuthState.decode(state) else { return [:] }
        return ["GITHUB_TOKEN": github.token.accessToken]
    }
}
