extension HubConfiguration {
    /// Checks that need more than one key; each error names the key to change.
    public func validate() -> [ConfigurationError] {
        var errors: [ConfigurationError] = []
        if authenticator == .dev {
            for (key, address) in [("GANYMEDE_BIND", bind), ("GANYMEDE_HUB_BIND", hubBind)] where !address.isLoopback {
                errors.append(ConfigurationError(
                    key: key,
                    problem: "the dev login lets anyone sign in as anyone, so it only listens on loopback, but \(address) is reachable from other machines",
                    fix: "bind 127.0.0.1 (e.g. \(key)=127.0.0.1:\(address.port)) or choose a real authenticator"))
            }
        }
        if bind.port != 0 && bind.port == hubBind.port && (bind.host == hubBind.host || bind.isAllInterfaces || hubBind.isAllInterfaces) {
            errors.append(ConfigurationError(key: "GANYMEDE_HUB_BIND", problem: "uses the same port as GANYMEDE_BIND (\(bind.port))",
                                             fix: "give the hub API its own port, e.g. 127.0.0.1:8081"))
        }
        if authenticator == .github { errors += validateGitHub() }
        return errors
    }

    private func validateGitHub() -> [ConfigurationError] {
        var errors: [ConfigurationError] = []
        let guide = "create a GitHub OAuth app (see docs/github.md) and set"
        if githubClientID.isEmpty {
            errors.append(ConfigurationError(key: "GITHUB_CLIENT_ID", problem: "is not set, and GitHub sign-in needs it", fix: "\(guide) its client ID"))
        }
        if githubClientSecret.isEmpty {
            errors.append(ConfigurationError(key: "GITHUB_CLIENT_SECRET", problem: "is not set, and GitHub sign-in needs it",
                                             fix: "\(guide) a client secret generated there"))
        }
        let callback = resolvedOAuthCallbackURL
        if callback.isEmpty {
            errors.append(ConfigurationError(key: "OAUTH_CALLBACK_URL", problem: "is not set, and neither is GANYMEDE_PUBLIC_URL",
                                             fix: "set OAUTH_CALLBACK_URL=https://hub.example.org/hub/oauth_callback (the callback registered with the OAuth app)"))
        } else if !publicURL.isEmpty, callback != String(publicURL.trimmingSuffix("/")) + Self.callbackPath {
            errors.append(ConfigurationError(key: "OAUTH_CALLBACK_URL", problem: "\(callback) is not on the public URL \(publicURL)",
                                             fix: "set it to \(publicURL.trimmingSuffix("/"))\(Self.callbackPath), in Ganymede and in the GitHub OAuth app"))
        }
        switch AccessRules.load(self) {
        case .failure(let error):
            errors.append(error)
        case .success(let rules) where rules.admitsNobody:
            errors.append(ConfigurationError(
                key: "ALLOWED_USERS",
                problem: "nobody could sign in: ALLOWED_USERS, ALLOWED_ORGS and ADMIN_USERS are empty, \(rules.fileName) lists nobody, and ALLOW_ALL is off",
                fix: "name who may sign in (ALLOWED_USERS=alice,bob or ALLOWED_ORGS=my-org or ADMIN_USERS=you), or set ALLOW_ALL=true for open sign-up"))
        case .success:
            break
        }
        return errors
    }
}
