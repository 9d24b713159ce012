/// Everything the hub reads at startup, after validation.
///
/// Built by ``ConfigurationLoader`` from environment variables and an optional YAML file;
/// every field has a documented key in ``ConfigurationKeys``.
public struct HubConfiguration: Sendable, Equatable {
    /// Which authenticator signs people in.
    public enum AuthenticatorKind: String, Sendable, CaseIterable {
        /// Any username, no password; loopback only.
        case dev
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

    /// True when browsers reach the hub over https.
    public var publicURLIsHTTPS: Bool { publicURL.lowercased().hasPrefix("https://") }
}

extension StringProtocol {
    func trimmingSuffix(_ suffix: String) -> SubSequence {
        var s = self[...]
        while s.hasSuffix(suffix) { s = s.dropLast(suffix.count) }
        return s
    }
}
