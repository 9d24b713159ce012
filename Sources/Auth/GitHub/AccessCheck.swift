import Foundation
import HubConfig

/// Checks one GitHub account against the access rules: rules that need no GitHub call first,
/// then each org and team, until one admits.
struct AccessCheck {
    let rules: AccessRules
    let github: GitHubClient

    struct Verdict {
        var admitted: Bool
        var admin: Bool
        /// Per org/team rule that failed: what GitHub said, in words.
        var failures: [String] = []
        /// GitHub's raw answers.
        var answers: [String] = []
    }

    func run(login: String, token: GitHubToken) async throws -> Verdict {
        let admin = rules.admins.contains(login.lowercased())
        if rules.admitsByName(login) { return Verdict(admitted: true, admin: admin) }
        var verdict = Verdict(admitted: false, admin: false)
        let hasOrgScope = token.scopes.contains("read:org") || token.scopes.contains("admin:org")
        for rule in rules.orgs {
            let (membership, answer): (Membership, String)
            if let team = rule.team {
                (membership, answer) = try await github.teamMembership(org: rule.org, team: team, login: login, token: token)
            } else {
                (membership, answer) = try await github.orgMembership(org: rule.org, login: login, token: token)
            }
            verdict.answers.append(answer)
            switch membership {
            case .member:
                verdict.admitted = true
                return verdict
            case .pending:
                verdict.failures.append("Your invitation to the team \(rule) is still pending: accept it on GitHub, then sign in again.")
            case .notVisible:
                verdict.failures.append(explainNotVisible(rule, hasOrgScope: hasOrgScope))
            }
        }
        return verdict
    }

    private func explainNotVisible(_ rule: OrgRule, hasOrgScope: Bool) -> String {
        let what = rule.team == nil ? "the org \(rule.org)" : "the team \(rule)"
        let web = github.settings.webURL
        if !hasOrgScope {
            return "GitHub does not show you as a member of \(what). If your membership is private, this hub cannot see it: "
                + "its sign-in was not granted the read:org scope. Make your membership public (\(web)/orgs/\(rule.org)/people), or ask the hub's administrators."
        }
        return "GitHub says you are not a member of \(what) — or your membership is private and the org has not approved this hub's OAuth app. "
            + "Request approval at \(web)/settings/connections/applications/\(github.settings.clientID); "
            + "an owner of \(rule.org) grants it at \(web)/organizations/\(rule.org)/settings/oauth_application_policy."
    }
}
