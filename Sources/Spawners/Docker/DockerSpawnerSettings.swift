import HubConfig

/// What the Docker spawner takes from configuration, plus the id that marks this hub's containers.
public struct DockerSpawnerSettings: Sendable {
    /// Labels every container, volume and network of this hub (`org.ganymede.hub`).
    public var hubID: String
    public var network: String
    public var containerPrefix: String
    public var volumePrefix: String
    public var notebookDir: String
    public var hostWorkspace: String
    public var workspaceReadOnly: Bool
    public var sharedDir: String
    public var sharedReadOnly: Bool
    public var memLimit: Int64?
    public var cpuLimit: Double?
    public var pidsLimit: Int
    public var enableGPU: Bool
    /// The allow-list; the first is the default.
    public var profiles: [ImageProfile]
    public var pullPolicy: HubConfiguration.PullPolicy
    public var pullStallTimeout: Duration

    public init(configuration: HubConfiguration, hubID: String) {
        self.hubID = hubID
        network = configuration.dockerNetwork
        containerPrefix = configuration.containerPrefix
        volumePrefix = configuration.volumePrefix
        notebookDir = configuration.notebookDir
        hostWorkspace = configuration.hostWorkspace
        workspaceReadOnly = configuration.workspaceReadOnly
        sharedDir = configuration.sharedDir
        sharedReadOnly = configuration.sharedReadOnly
        memLimit = configuration.memLimit
        cpuLimit = configuration.cpuLimit
        pidsLimit = configuration.pidsLimit
        enableGPU = configuration.enableGPU
        profiles = configuration.resolvedProfiles
        pullPolicy = configuration.pullPolicy
        pullStallTimeout = .seconds(configuration.pullStallTimeout)
    }

    /// The label that marks this hub's objects, as `key=value` for event filters.
    var hubLabel: String { "\(Labels.hub)=\(hubID)" }

    /// Label keys on containers and volumes (the `org.jupyter.hub.*` ones follow JupyterHub's conventions).
    enum Labels {
        static let hub = "org.ganymede.hub"
        static let user = "org.jupyter.hub.user"
        static let server = "org.jupyter.hub.server"
        static let profile = "org.ganymede.profile"
        static let spec = "org.ganymede.spec"
        static let role = "org.ganymede.role"
    }
}
