import AsyncHTTPClient
import Auth
import Foundation
import Hub
import HubConfig
import Logging
import ServiceLifecycle

/// The authenticator of a configuration, with what it needs: for GitHub, the client, the
/// access rules (logged at startup), the cipher for stored tokens, and the re-check service.
struct AccessSetup: Sendable {
    let authenticator: any Authenticator
    let cipher: AuthStateCipher?
    /// GitHub only: the rules the re-checks reload.
    let rules: LiveAccessRules?
    let recheckInterval: Duration?
    let logger: Logger

    static func make(configuration: HubConfiguration, data: DataDirectory, client: HTTPClient, logger: Logger) throws -> AccessSetup {
        switch configuration.authenticator {
        case .dev:
            return AccessSetup(authenticator: DevAuthenticator(adminUsers: configuration.adminUsers), cipher: nil, rules: nil,
                               recheckInterval: nil, logger: logger)
        case .github:
            let rules: AccessRules
            switch AccessRules.load(configuration) {
            case .success(let loaded): rules = loaded
            case .failure(let error): throw StartupError("\(error)")
            }
            let keyText = configuration.cryptKey.isEmpty ? try data.secret(named: "crypt_key") : configuration.cryptKey
            guard let key = CryptKey.decode(keyText) else { throw StartupError("the crypt key is not 32 bytes of hex or base64") }
            let github = GitHubClient(settings: .init(
                webURL: String(configuration.githubURL.trimmingSuffix("/")), apiURL: configuration.resolvedGitHubAPIURL,
                clientID: configuration.githubClientID, clientSecret: configuration.githubClientSecret,
                callbackURL: configuration.resolvedOAuthCallbackURL, timeout: .seconds(configuration.githubTimeout)), http: client)
            let authenticator = GitHubAuthenticator(github: github, rules: rules)
            let recheck = configuration.authRecheckInterval > 0 ? "every \(Int(configuration.authRecheckInterval)) s" : "at sign-in only"
            var policy: [String] = rules.summary
            policy.append("GitHub at \(configuration.githubURL), API \(configuration.resolvedGitHubAPIURL)")
            policy.append("scopes asked for: \(authenticator.scopes.joined(separator: " "))")
            policy.append("membership re-checked \(recheck); servers of users who no longer qualify: \(configuration.revokedServers.rawValue)")
            logger.info("GitHub sign-in admits:\n  \(policy.joined(separator: "\n  "))")
            return AccessSetup(authenticator: authenticator, cipher: AuthStateCipher(key: key), rules: authenticator.rules,
                               recheckInterval: configuration.authRecheckInterval > 0 ? .seconds(configuration.authRecheckInterval) : nil,
                               logger: logger)
        }
    }

    func services(hub: Hub) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard let rules else { return [] }
        return [.init(service: AccessRecheck(accounts: hub.accounts, rules: rules, interval: recheckInterval, logger: logger))]
    }
}

/// Re-checks every GitHub user on a schedule, and at once when the allowed-users file changes.
struct AccessRecheck: Service {
    let accounts: Accounts
    let rules: LiveAccessRules
    /// Nil: only when the file changes.
    let interval: Duration?
    let logger: Logger
    /// How often the allowed-users file is looked at (and a due re-check noticed).
    var filePoll: Duration { min(.seconds(5), interval ?? .seconds(5)) }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            // Servers of revoked users stop beside the loop: a slow stop never holds back the next re-check.
            await withDiscardingTaskGroup { stops in
                var lastFull = ContinuousClock.now
                while (try? await Task.sleep(for: filePoll)) != nil {
                    let fileChanged = await allowedUsersFileChanged()
                    let fullDue = interval.map { ContinuousClock.now - lastFull >= $0 } ?? false
                    guard fileChanged || fullDue else { continue }
                    lastFull = .now
                    let revoked = await accounts.recheckAll()
                    guard !revoked.isEmpty else { continue }
                    logger.notice("access re-check done", metadata: ["revoked": "\(revoked.count)"])
                    stops.addTask { await accounts.stopServers(ofRevoked: revoked) }
                }
            }
        }
    }

    /// Reloads the allowed-users file when it changed on disk; an invalid file is logged and the previous list kept.
    private func allowedUsersFileChanged() async -> Bool {
        switch await rules.reloadIfChanged() {
        case .success(let changed):
            if changed { logger.info("the allowed-users file changed; re-checking everyone") }
            return changed
        case .failure(let problem):
            logger.error("the allowed-users file is not valid; keeping the previous list", metadata: [
                "problem": "\(problem.problem)", "fix": "\(problem.fix)"])
            return false
        }
    }
}
