import Foundation

extension ConfigurationKeys {
    /// Settings of GitHub sign-in (names as OAuthenticator and jupyterhub-deploy-docker read them).
    static let github: [ConfigurationKey] = [
        .string("GITHUB_CLIENT_ID", aliases: ["OAUTH_CLIENT_ID"], yaml: "github_client_id", "Client ID of the GitHub OAuth app.",
                \.githubClientID),
        .string("GITHUB_CLIENT_SECRET", aliases: ["OAUTH_CLIENT_SECRET"], yaml: "github_client_secret", secret: true,
                "Client secret of the GitHub OAuth app.", \.githubClientSecret),
        .string("OAUTH_CALLBACK_URL", yaml: "oauth_callback_url",
                "Callback URL registered with the OAuth app: <public URL>/hub/oauth_callback (derived from GANYMEDE_PUBLIC_URL when unset).",
                \.oauthCallbackURL, validate: { text in
                    if let problem = httpURL(text) { return problem }
                    return text.isEmpty || text.hasSuffix(HubConfiguration.callbackPath) ? nil
                        : ValueProblem("'\(text)' does not end in \(HubConfiguration.callbackPath)",
                                       fix: "write it like https://hub.example.org/hub/oauth_callback, as registered with the GitHub OAuth app")
                }),
        .string("GITHUB_URL", yaml: "github_url", "GitHub, or your GitHub Enterprise Server, e.g. https://github.example.com.",
                \.githubURL, validate: { $0.isEmpty ? ValueProblem("is empty", fix: "leave it unset for github.com") : httpURL($0) }),
        .string("GITHUB_API_URL", yaml: "github_api_url",
                "GitHub REST API base (default https://api.github.com, or <GITHUB_URL>/api/v3 for Enterprise Server).",
                \.githubAPIURL, validate: httpURL),
        .number("GANYMEDE_GITHUB_TIMEOUT", yaml: "github_timeout", "Seconds one call to GitHub may take.", \.githubTimeout, range: 1...120),
        .list("ALLOWED_USERS", yaml: "allowed_users", "Comma-separated GitHub logins admitted.", \.allowedUsers, validate: githubLogins),
        .string("GANYMEDE_ALLOWED_USERS_FILE", yaml: "allowed_users_file",
                "File of admitted GitHub logins, one per line, # comments; re-read on change (default <data_dir>/allowed_users.txt).",
                \.allowedUsersFile),
        .list("ALLOWED_ORGS", aliases: ["ALLOWED_GITHUB_ORGS"], yaml: "allowed_orgs",
              "Comma-separated GitHub orgs (org) and teams (org:team-slug) whose members are admitted.", \.allowedOrgs,
              validate: { entries in
                  for entry in entries {
                      if case .failure(let problem) = OrgRule.parse(entry) { return problem }
                  }
                  return nil
              }),
        .flag("ALLOW_ALL", yaml: "allow_all", "Admit every GitHub account (open sign-up).", \.allowAll),
        .number("GANYMEDE_AUTH_RECHECK_INTERVAL", yaml: "auth_recheck_interval",
                "Seconds between re-checks of every user's org/team membership and the allowed-users file (0: only at sign-in).",
                \.authRecheckInterval, range: 0...604_800),
        .choice("GANYMEDE_REVOKED_SERVERS", yaml: "revoked_servers",
                "Servers of a user who no longer qualifies: stop, or keep (running, unreachable for them).", \.revokedServers),
        .string("GANYMEDE_CRYPT_KEY", aliases: ["JUPYTERHUB_CRYPT_KEY"], yaml: "crypt_key", secret: true,
                "Key (32 bytes, hex or base64) encrypting stored GitHub tokens; generated into the data dir when unset.",
                \.cryptKey, validate: { text in
                    text.isEmpty || CryptKey.decode(text) != nil ? nil
                        : ValueProblem("is not 32 bytes of hex or base64", fix: "generate one with: openssl rand -hex 32")
                }),
        .flag("GANYMEDE_GITHUB_TOKEN_IN_SERVER", yaml: "github_token_in_server",
              "Give each server its user's GitHub token as GITHUB_TOKEN.", \.githubTokenInServer),
    ]

    static func githubLogins(_ logins: [String]) -> ValueProblem? {
        logins.first(where: { !OrgRule.isGitHubName($0) }).map {
            ValueProblem("'\($0)' is not a GitHub login", fix: "write logins as on github.com: letters, digits and single hyphens, up to 39")
        }
    }
}

/// A 32-byte key given as hex or base64.
public enum CryptKey {
    public static func decode(_ text: String) -> [UInt8]? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.count == 64, text.allSatisfy(\.isHexDigit) {
            var bytes: [UInt8] = []
            var index = text.startIndex
            while index < text.endIndex {
                let next = text.index(index, offsetBy: 2)
                bytes.append(UInt8(text[index..<next], radix: 16)!)
                index = next
            }
            return bytes
        }
        if let data = Data(base64Encoded: text), data.count == 32 { return Array(data) }
        return nil
    }
}
