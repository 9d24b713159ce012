import Foundation

/// Who may sign in with GitHub: anyone any rule admits (a union), administrators always.
public struct AccessRules: Sendable, Equatable {
    public var allowAll = false
    /// Lowercased logins from `ALLOWED_USERS`.
    public var users: Set<String> = []
    /// Lowercased logins from the allowed-users file.
    public var fileUsers: Set<String> = []
    public var fileName = ""
    public var orgs: [OrgRule] = []
    /// Lowercased logins from `ADMIN_USERS`.
    public var admins: Set<String> = []

    public init() {}

    /// The rules of a configuration, reading the allowed-users file (a missing file admits nobody by itself).
    public static func load(_ configuration: HubConfiguration) -> Result<AccessRules, ConfigurationError> {
        var rules = AccessRules()
        rules.allowAll = configuration.allowAll
        rules.users = Set(configuration.allowedUsers.map { $0.lowercased() })
        rules.admins = Set(configuration.adminUsers.map { $0.lowercased() })
        rules.orgs = configuration.allowedOrgs.compactMap { try? OrgRule.parse($0).get() }
        rules.fileName = configuration.resolvedAllowedUsersFile
        switch AllowedUsersFile.read(rules.fileName) {
        case .success(let users): rules.fileUsers = users
        case .failure(let problem):
            return .failure(ConfigurationError(key: "GANYMEDE_ALLOWED_USERS_FILE", problem: problem.problem, fix: problem.fix))
        }
        return .success(rules)
    }

    /// True when no rule could admit anyone.
    public var admitsNobody: Bool {
        !allowAll && users.isEmpty && fileUsers.isEmpty && orgs.isEmpty && admins.isEmpty
    }

    /// Whether the org/team rules need GitHub's `read:org` scope.
    public var needsOrgScope: Bool { !orgs.isEmpty }

    /// Whether a login is admitted by name (lists, file, admins) without asking GitHub.
    public func admitsByName(_ login: String) -> Bool {
        let login = login.lowercased()
        return allowAll || admins.contains(login) || users.contains(login) || fileUsers.contains(login)
    }

    /// The effective policy, one line per rule, for the startup log and `check-config`.
    public var summary: [String] {
        var lines: [String] = []
        if allowAll { lines.append("every GitHub account (ALLOW_ALL)") }
        if !admins.isEmpty { lines.append("administrators: \(admins.sorted().joined(separator: ", "))") }
        if !users.isEmpty { lines.append("users: \(users.sorted().joined(separator: ", "))") }
        lines.append("users listed in \(fileName): " + (fileUsers.isEmpty ? "none (missing or empty)" : "\(fileUsers.count)"))
        for org in orgs { lines.append(org.team == nil ? "members of the org \(org.org)" : "members of the team \(org)") }
        return lines
    }
}

/// An `org` or `org:team-slug` entry of `ALLOWED_ORGS`.
public struct OrgRule: Sendable, Equatable, CustomStringConvertible {
    public var org: String
    public var team: String?

    public var description: String { team.map { "\(org):\($0)" } ?? org }

    public static func parse(_ entry: String) -> Result<OrgRule, ValueProblem> {
        let parts = entry.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2, let org = parts.first, isGitHubName(org) else {
            return .failure(ValueProblem("'\(entry)' is not an org or org:team-slug",
                                         fix: "write the org's login, or org:team-slug with the team's slug from its URL (github.com/orgs/ORG/teams/SLUG)"))
        }
        guard parts.count == 2 else { return .success(OrgRule(org: org, team: nil)) }
        let team = parts[1]
        guard !team.isEmpty, team.count <= 100, team.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            return .failure(ValueProblem("'\(team)' in '\(entry)' is not a team slug",
                                         fix: "use the team's slug (lowercase, hyphens), as in github.com/orgs/\(org)/teams/SLUG, not its display name"))
        }
        return .success(OrgRule(org: org, team: team))
    }

    /// GitHub logins and org names: letters, digits and single inner hyphens, up to 39.
    public static func isGitHubName(_ name: String) -> Bool {
        guard (1...39).contains(name.count), !name.hasPrefix("-"), !name.hasSuffix("-"), !name.contains("--") else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}

/// The allowed-users file: one GitHub login per line, `#` starts a comment, blank lines ignored.
public enum AllowedUsersFile {
    /// The logins in the file, lowercased; a missing file has none.
    public static func read(_ path: String) -> Result<Set<String>, ValueProblem> {
        guard FileManager.default.fileExists(atPath: path) else { return .success([]) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return .failure(ValueProblem("\(path) cannot be read as UTF-8 text", fix: "check its permissions and encoding"))
        }
        return parse(text, name: path)
    }

    public static func parse(_ text: String, name: String) -> Result<Set<String>, ValueProblem> {
        var logins: Set<String> = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let login = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if login.isEmpty { continue }
            guard OrgRule.isGitHubName(login) else {
                return .failure(ValueProblem("line \(number + 1) of \(name), '\(login)', is not a GitHub login",
                                             fix: "write one login per line; start comments with #"))
            }
            logins.insert(login.lowercased())
        }
        return .success(logins)
    }
}
