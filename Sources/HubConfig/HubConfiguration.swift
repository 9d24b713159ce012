/// Everything the hub reads at startup, after validation.
///
/// Built by ``ConfigurationLoader`` from environment variables and an optional YAML file;
/// every field has a documented key in ``ConfigurationKeys``.
public struct HubConfiguration: Sendable, Equatable {
    /// Which authenticator signs people in.
    public enum AuthenticatorKind: String, Sendable, CaseIterable {
        /// Any username, no password; loopback only.
        case dev
        /// GitHub OAuth with allowed users, orgs and teams.
        case github
    }

    /// What happens to the servers of a user who no longer qualifies.
    public enum RevokedServers: String, Sendable, CaseIterable {
        /// Stop them (their data stays in volumes).
        case stop
        /// Leave them running; the user can no longer reach them once their credentials are gone.
        case keep
    }

    /// Which spawner runs single-user servers.
    public enum SpawnerKind: String, Sendable, CaseIterable {
        /// Child processes on this machine.
        case local
        /// One container per server on a Docker engine.
        case docker
    }

    /// When the Docker spawner pulls a profile's image.
    public enum PullPolicy: String, Sendable, CaseIterable {
        /// Pull only when the image is not on the engine yet.
        case ifnotpresent
        /// Pull before every start (picks up a moved tag).
        case always
        /// Never pull; a missing image is an error.
        case never
    }

    /// The public address the proxy listens on (browsers connect here).
    public var bind = SocketAddressSpec(host: "0.0.0.0", port: 8000)
    /// The address of the hub API that single-user servers call directly.
    public var hubBind = SocketAddressSpec(host: "127.0.0.1", port: 8081)
    /// The URL users type, e.g. `https://hub.example.org`; empty when unknown.
    public var publicURL: String = ""
    /// The hub API URL handed to single-user servers; derived from `hubBind` when empty.
    public var hubConnectURL: String = ""
    /// Folder for the database, secrets, logs and local users' files.
    public var dataDir: String = "ganymede-data"
    /// SQLite database path; `<dataDir>/ganymede.sqlite` when empty.
    public var databasePath: String = ""
    public var authenticator: AuthenticatorKind = .dev
    public var spawner: SpawnerKind = .local
    /// Users who are hub administrators.
    public var adminUsers: [String] = []
    /// Hex secret for signing; generated and persisted in the data dir when empty.
    public var cookieSecret: String = ""
    /// The command that starts a single-user server (local spawner).
    public var singleuserCommand: [String] = []
    /// Where a freshly started server opens, e.g. `/lab`.
    public var defaultURL: String = "/lab"
    /// Seconds a spawner may take to start a server process.
    public var startTimeout: Double = 60
    /// Seconds a started server may take to answer its readiness probe.
    public var httpTimeout: Double = 30
    /// How many named servers one user may have (0 disables named servers).
    public var namedServerLimit: Int = 5
    /// The JupyterHub version advertised to single-user servers and API clients (PEP 440).
    public var jupyterhubVersion: String = "5.4.0"
    /// Days a login session and the OAuth tokens issued in it stay valid.
    public var cookieMaxAgeDays: Int = 14
    /// Peers whose `X-Forwarded-*` headers the proxy keeps (front proxies such as nginx).
    public var trustedProxies: [String] = ["127.0.0.1", "::1"]
    /// trace, debug, info, notice, warning, error, critical.
    public var logLevel: String = "info"

    // MARK: Docker spawner

    /// The engine's address (`unix:///var/run/docker.sock` when empty).
    public var dockerHost: String = ""
    /// Images users may start; empty means one profile with ``ImageProfile/fallback``.
    public var profiles: [ImageProfile] = []
    public var pullPolicy: PullPolicy = .ifnotpresent
    /// Seconds a pull may go without receiving a byte before it is abandoned.
    public var pullStallTimeout: Double = 120
    /// The bridge network servers run on; created when missing.
    public var dockerNetwork: String = "ganymede"
    /// Container names are `<prefix>-<user>[__<server>]`.
    public var containerPrefix: String = "jupyter"
    /// Volume names are `<prefix>-<user>[__<server>]`.
    public var volumePrefix: String = "jupyterhub-user"
    /// Where each server's own volume is mounted: the image user's home.
    public var notebookDir: String = "/home/jovyan"
    /// The team's folder on the Docker host, mounted at the same path in every server; empty for none.
    public var hostWorkspace: String = "/workspace"
    public var workspaceReadOnly: Bool = false
    /// A folder of the workspace mounted at `~/Shared` in every server; empty for none.
    public var sharedDir: String = "shared"
    public var sharedReadOnly: Bool = false
    /// Bytes of memory per server unless its profile says otherwise; nil for no limit.
    public var memLimit: Int64?
    /// CPUs per server unless its profile says otherwise; nil for no limit.
    public var cpuLimit: Double?
    /// Processes per server (a fork bomb stops there); 0 for no limit.
    public var pidsLimit: Int = 4096
    /// Give every server all NVIDIA GPUs unless its profile says otherwise.
    public var enableGPU: Bool = false

    // MARK: GitHub sign-in

    public var githubClientID: String = ""
    public var githubClientSecret: String = ""
    /// `<public URL>/hub/oauth_callback`, as registered with the OAuth app; derived from the public URL when empty.
    public var oauthCallbackURL: String = ""
    /// GitHub, or a GitHub Enterprise Server, e.g. `https://github.example.com`.
    public var githubURL: String = "https://github.com"
    /// The REST API base; derived from ``githubURL`` when empty.
    public var githubAPIURL: String = ""
    /// Seconds one call to GitHub may take.
    public var githubTimeout: Double = 10
    /// GitHub logins admitted by name.
    public var allowedUsers: [String] = []
    /// A file of admitted logins, one per line; `<dataDir>/allowed_users.txt` when empty.
    public var allowedUsersFile: String = ""
    /// `org` or `org:team-slug` entries whose members are admitted.
    public var allowedOrgs: [String] = []
    /// Admit every GitHub account (explicit open sign-up).
    public var allowAll: Bool = false
    /// Seconds between re-checks of every user's admission (0: only at sign-in).
    public var authRecheckInterval: Double = 3600
    public var revokedServers: RevokedServers = .stop
    /// Hex or base64 key (32 bytes) encrypting stored GitHub tokens; generated into the data dir when empty.
    public var cryptKey: String = ""
    /// Give each server its user's GitHub token as `GITHUB_TOKEN`.
    public var githubTokenInServer: Bool = false

    public init() {}

    /// The database file, with the data-dir default applied.
    public var resolvedDatabasePath: String {
        databasePath.isEmpty ? dataDir + "/ganymede.sqlite" : databasePath
    }

    /// The hub API base URL single-user servers use, without trailing slash.
    public var resolvedHubAPIURL: String {
        if !hubConnectURL.isEmpty { return String(hubConnectURL.trimmingSuffix("/")) }
        let host = hubBind.isAllInterfaces ? "127.0.0.1" : hubBind.hostForURL
        return "http://\(host):\(hubBind.port)/hub/api"
    }

    /// The configured profiles, or the single fallback profile.
    public var resolvedProfiles: [ImageProfile] { profiles.isEmpty ? [ImageProfile.fallback] : profiles }

    /// The OAuth callback URL: as configured, or derived from the public URL.
    public var resolvedOAuthCallbackURL: String {
        if !oauthCallbackURL.isEmpty { return oauthCallbackURL }
        return publicURL.isEmpty ? "" : String(publicURL.trimmingSuffix("/")) + "/hub/oauth_callback"
    }

    /// The public URL: as configured, or the origin of the OAuth callback URL.
    public var resolvedPublicURL: String {
        if !publicURL.isEmpty || oauthCallbackURL.isEmpty { return publicURL }
        return String(oauthCallbackURL.dropLast(Self.callbackPath.count))
    }

    static let callbackPath = "/hub/oauth_callback"

    /// The GitHub REST API base URL without trailing slash: `https://api.github.com` for
    /// github.com, `<GITHUB_URL>/api/v3` for GitHub Enterprise Server, unless set.
    public var resolvedGitHubAPIURL: String {
        if !githubAPIURL.isEmpty { return String(githubAPIURL.trimmingSuffix("/")) }
        let base = String(githubURL.trimmingSuffix("/"))
        return base.lowercased() == "https://github.com" ? "https://api.github.com" : base + "/api/v3"
    }

    /// The allowed-users file, with the data-dir default applied.
    public var resolvedAllowedUsersFile: String {
        allowedUsersFile.isEmpty ? dataDir + "/allowed_users.txt" : allowedUsersFile
    }

    /// True when browsers reach the hub over https.
    public var publicURLIsHTTPS: Bool { resolvedPublicURL.lowercased().hasPrefix("https://") }
}

extension StringProtocol {
    /// The string without any number of trailing `suffix`es.
    public func trimmingSuffix(_ suffix: String) -> SubSequence {
        var s = self[...]
        while s.hasSuffix(suffix) { s = s.dropLast(suffix.count) }
        return s
    }
}
