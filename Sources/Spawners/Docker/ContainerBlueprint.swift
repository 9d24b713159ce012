import Crypto
import Foundation
import HubConfig

/// Turns a spawn request and its profile into the exact `ContainerSpec` to create. Pure, so
/// tests can check every field; nothing a user sends reaches the spec except the profile name.
struct ContainerBlueprint {
    /// Port `jupyterhub-singleuser` listens on inside the container.
    static let port = 8888

    var settings: DockerSpawnerSettings
    var profile: ImageProfile
    var names: StorageNames

    var memoryLimit: Int64? { profile.memoryLimit ?? settings.memLimit }
    var cpuLimit: Double? { profile.cpuLimit ?? settings.cpuLimit }
    var gpus: GPURequest? { profile.gpus ?? (settings.enableGPU ? .all : nil) }

    func spec(for request: SpawnRequest) -> ContainerSpec {
        var spec = ContainerSpec(image: profile.image, environment: [], labels: labels(for: request), hostConfig: hostConfig())
        spec.environment = environment(for: request).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        spec.labels[DockerSpawnerSettings.Labels.spec] = Self.hash(of: spec)
        return spec
    }

    /// The profile's variables first, so that the hub's `JUPYTERHUB_*` contract always wins.
    func environment(for request: SpawnRequest) -> [String: String] {
        var environment = profile.environment
        environment.merge(request.environment) { _, hub in hub }
        environment["JUPYTERHUB_SERVICE_URL"] = "http://0.0.0.0:\(Self.port)\(request.prefix)"
        environment["JUPYTERHUB_ROOT_DIR"] = settings.notebookDir
        environment["JUPYTER_IMAGE_SPEC"] = profile.image
        environment["JUPYTER_IMAGE"] = profile.image
        if let memoryLimit { environment["MEM_LIMIT"] = String(memoryLimit) }
        if let cpuLimit { environment["CPU_LIMIT"] = String(cpuLimit) }
        return environment
    }

    func labels(for request: SpawnRequest) -> [String: String] {
        volumeLabels(for: request).merging([DockerSpawnerSettings.Labels.profile: profile.name]) { $1 }
    }

    /// A volume outlives profiles: it names only its hub, user and server.
    func volumeLabels(for request: SpawnRequest) -> [String: String] {
        typealias Labels = DockerSpawnerSettings.Labels
        return [Labels.hub: settings.hubID, Labels.user: request.user, Labels.server: request.serverName]
    }

    func hostConfig() -> HostConfig {
        var mounts = [Mount(kind: .volume, source: names.volume, target: settings.notebookDir)]
        if !settings.hostWorkspace.isEmpty {
            mounts.append(Mount(kind: .bind, source: settings.hostWorkspace, target: settings.hostWorkspace, readOnly: settings.workspaceReadOnly))
            if let shared = sharedFolder {
                mounts.append(Mount(kind: .bind, source: shared, target: settings.notebookDir + "/Shared", readOnly: settings.sharedReadOnly))
            }
        }
        let devices: [DeviceRequest]? = switch gpus {
        case nil: nil
        case .all: [DeviceRequest(count: -1)]
        case .count(let count): [DeviceRequest(count: count)]
        case .devices(let ids): [DeviceRequest(deviceIDs: ids)]
        }
        return HostConfig(memory: memoryLimit, nanoCPUs: cpuLimit.map { Int64(($0 * 1e9).rounded()) },
                          pidsLimit: settings.pidsLimit > 0 ? Int64(settings.pidsLimit) : nil,
                          networkMode: settings.network, mounts: mounts, deviceRequests: devices)
    }

    /// `${HOST_WORKSPACE}/${SHARED_DIR}` on the host, or nil when either is unset.
    var sharedFolder: String? {
        guard !settings.hostWorkspace.isEmpty, !settings.sharedDir.isEmpty else { return nil }
        return (settings.hostWorkspace.hasSuffix("/") ? String(settings.hostWorkspace.dropLast()) : settings.hostWorkspace) + "/" + settings.sharedDir
    }

    /// A short hash of what defines the container, secrets left out: equal hashes mean the
    /// configuration that made a container has not changed.
    static func hash(of spec: ContainerSpec) -> String {
        var stable = spec
        stable.environment = spec.environment.filter { !$0.hasPrefix("JUPYTERHUB_API_TOKEN=") && !$0.hasPrefix("JPY_API_TOKEN=") }
        stable.labels[DockerSpawnerSettings.Labels.spec] = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(stable)) ?? Data()
        return SHA256.hash(data: data).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}

/// A server's container and volume names: computed at its first start, then kept in its state.
struct StorageNames: Equatable {
    var container: String
    var volume: String

    init(container: String, volume: String) {
        self.container = container
        self.volume = volume
    }

    init(request: SpawnRequest, settings: DockerSpawnerSettings) {
        container = request.previousState[DockerSpawner.StateKeys.containerName]
            ?? DockerNames.container(user: request.user, server: request.serverName, prefix: settings.containerPrefix)
        volume = request.previousState[DockerSpawner.StateKeys.volume]
            ?? DockerNames.volume(user: request.user, server: request.serverName, prefix: settings.volumePrefix)
    }
}
