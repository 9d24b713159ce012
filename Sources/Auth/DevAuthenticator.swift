import HubConfig

/// Lets anyone sign in under any valid username, with no password. For trying Ganymede on
/// one machine: configuration refuses it unless the hub listens on loopback only.
public struct DevAuthenticator: Authenticator {
    let adminUsers: Set<String>

    public init(adminUsers: [String]) {
        self.adminUsers = Set(adminUsers.map(UsernameRules.normalize))
    }

    public var loginStyle: LoginStyle {
        .usernameForm(note: "Development login: any username, no password. Only reachable from this machine.")
    }

    public func authenticate(_ fields: [String: String]) async throws -> AuthenticationDecision {
        let raw = fields["username"] ?? ""
        guard raw.count <= UsernameRules.maxLength * 4 else {
            return .denied(Denial("That username is too long: \(UsernameRules.description)."))
        }
        let name = UsernameRules.normalize(raw)
        guard UsernameRules.isValid(name) else {
            return .denied(Denial("That is not a valid username: \(UsernameRules.description)."))
        }
        return .admitted(AuthenticatedUser(name: name, admin: adminUsers.contains(name) ? true : nil))
    }
}
