/// The body of `POST /containers/create`: only the fields Ganymede sets.
public struct ContainerSpec: Encodable, Sendable, Equatable {
    public var image: String
    /// Nil keeps the image's own command (as DockerSpawner does).
    public var command: [String]?
    /// Nil keeps the image's own entrypoint.
    public var entrypoint: [String]?
    public var environment: [String]
    public var labels: [String: String]
    public var user: String?
    public var hostConfig: HostConfig

    public init(image: String, command: [String]? = nil, entrypoint: [String]? = nil, environment: [String] = [],
                labels: [String: String] = [:], user: String? = nil, hostConfig: HostConfig = HostConfig()) {
        self.image = image
        self.command = command
        self.entrypoint = entrypoint
        self.environment = environment
        self.labels = labels
        self.user = user
        self.hostConfig = hostConfig
    }

    enum CodingKeys: String, CodingKey {
        case image = "Image", command = "Cmd", entrypoint = "Entrypoint", environment = "Env", labels = "Labels", user = "User"
        case hostConfig = "HostConfig"
    }
}

/// Resources, mounts, network and devices of a container.
public struct HostConfig: Encodable, Sendable, Equatable {
    /// Bytes; nil for no limit.
    public var memory: Int64?
    /// CPUs × 10⁹; nil for no limit.
    public var nanoCPUs: Int64?
    public var pidsLimit: Int64?
    public var networkMode: String?
    public var mounts: [Mount]
    /// `source:target[:ro]` binds; unlike `mounts`, Docker creates a missing host folder.
    public var binds: [String]?
    public var deviceRequests: [DeviceRequest]?

    public init(memory: Int64? = nil, nanoCPUs: Int64? = nil, pidsLimit: Int64? = nil, networkMode: String? = nil,
                mounts: [Mount] = [], binds: [String]? = nil, deviceRequests: [DeviceRequest]? = nil) {
        self.memory = memory
        self.nanoCPUs = nanoCPUs
        self.pidsLimit = pidsLimit
        self.networkMode = networkMode
        self.mounts = mounts
        self.binds = binds
        self.deviceRequests = deviceRequests
    }

    enum CodingKeys: String, CodingKey {
        case memory = "Memory", nanoCPUs = "NanoCpus", pidsLimit = "PidsLimit", networkMode = "NetworkMode", mounts = "Mounts"
        case binds = "Binds", deviceRequests = "DeviceRequests"
    }
}

/// A volume or bind mount.
public struct Mount: Encodable, Sendable, Equatable {
    public enum Kind: String, Encodable, Sendable { case volume, bind }
    public var kind: Kind
    public var source: String
    public var target: String
    public var readOnly: Bool

    public init(kind: Kind, source: String, target: String, readOnly: Bool = false) {
        self.kind = kind
        self.source = source
        self.target = target
        self.readOnly = readOnly
    }

    enum CodingKeys: String, CodingKey { case kind = "Type", source = "Source", target = "Target", readOnly = "ReadOnly" }
}

/// A GPU request (`--gpus`): all, a count, or specific device ids.
public struct DeviceRequest: Encodable, Sendable, Equatable {
    public var driver = ""
    public var count: Int?
    public var deviceIDs: [String]?
    public var capabilities = [["gpu"]]

    public init(count: Int? = nil, deviceIDs: [String]? = nil) {
        self.count = count
        self.deviceIDs = deviceIDs
    }

    enum CodingKeys: String, CodingKey { case driver = "Driver", count = "Count", deviceIDs = "DeviceIDs", capabilities = "Capabilities" }
}

/// What `GET /containers/{id}/json` says that Ganymede reads.
public struct ContainerInfo: Decodable, Sendable {
    public struct State: Decodable, Sendable {
        public var status: String
        public var running: Bool
        public var exitCode: Int
        public var oomKilled: Bool
        public var error: String?
        enum CodingKeys: String, CodingKey {
            case status = "Status", running = "Running", exitCode = "ExitCode", oomKilled = "OOMKilled", error = "Error"
        }
    }

    public struct Config: Decodable, Sendable {
        public var image: String
        public var labels: [String: String]?
        enum CodingKeys: String, CodingKey { case image = "Image", labels = "Labels" }
    }

    public struct Limits: Decodable, Sendable {
        public var memory: Int64?
        public var nanoCPUs: Int64?
        public var pidsLimit: Int64?
        enum CodingKeys: String, CodingKey { case memory = "Memory", nanoCPUs = "NanoCpus", pidsLimit = "PidsLimit" }
    }

    public struct Networks: Decodable, Sendable {
        public struct Endpoint: Decodable, Sendable {
            public var ipAddress: String
            enum CodingKeys: String, CodingKey { case ipAddress = "IPAddress" }
        }
        public var networks: [String: Endpoint]
        enum CodingKeys: String, CodingKey { case networks = "Networks" }
    }

    public var id: String
    public var name: String
    public var state: State
    public var config: Config
    public var hostConfig: Limits
    public var networkSettings: Networks

    enum CodingKeys: String, CodingKey {
        case id = "Id", name = "Name", state = "State", config = "Config", hostConfig = "HostConfig", networkSettings = "NetworkSettings"
    }
}

/// What `GET /images/{name}/json` says that Ganymede reads.
public struct ImageInfo: Decodable, Sendable {
    public struct Config: Decodable, Sendable {
        public var user: String?
        public var command: [String]?
        public var environment: [String]?
        enum CodingKeys: String, CodingKey { case user = "User", command = "Cmd", environment = "Env" }
    }

    public var id: String
    public var config: Config?

    enum CodingKeys: String, CodingKey { case id = "Id", config = "Config" }
}

/// One entry of the engine's event stream.
public struct ContainerEvent: Decodable, Sendable, Equatable {
    public struct Actor: Decodable, Sendable, Equatable {
        public var id: String
        public var attributes: [String: String]
        enum CodingKeys: String, CodingKey { case id = "ID", attributes = "Attributes" }
    }

    /// `create`, `start`, `die`, `oom`, `destroy`…
    public var action: String
    public var actor: Actor

    enum CodingKeys: String, CodingKey { case action = "Action", actor = "Actor" }
}

/// What `GET /networks/{name}` says that Ganymede reads.
public struct NetworkInfo: Decodable, Sendable, Equatable {
    public struct IPAM: Decodable, Sendable, Equatable {
        public struct Config: Decodable, Sendable, Equatable {
            public var gateway: String?
            enum CodingKeys: String, CodingKey { case gateway = "Gateway" }
        }
        public var config: [Config]?
        enum CodingKeys: String, CodingKey { case config = "Config" }
    }

    public var id: String
    public var ipam: IPAM

    /// The host's address on this network (the first IPv4 gateway).
    public var gateway: String? { ipam.config?.compactMap(\.gateway).first { !$0.contains(":") } }

    enum CodingKeys: String, CodingKey { case id = "Id", ipam = "IPAM" }
}

/// Splits `docker logs` output: without a TTY each chunk has an 8-byte header
/// (`[stream, 0, 0, 0, size as 32-bit big-endian]`).
enum DockerLogFrames {
    static func text(of bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index + 8 <= bytes.count, [0, 1, 2].contains(bytes[index]), bytes[index + 1] == 0 {
            let size = bytes[(index + 4)..<(index + 8)].reduce(0) { $0 << 8 | Int($1) }
            let end = min(index + 8 + size, bytes.count)
            out += bytes[(index + 8)..<end]
            index = end
        }
        if index == 0 { return String(decoding: bytes, as: UTF8.self) }  // a TTY container: plain text
        return String(decoding: out, as: UTF8.self)
    }
}
