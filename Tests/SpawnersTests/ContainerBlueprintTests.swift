import Foundation
import HubConfig
@testable import Spawners
import Testing

@Suite struct ContainerBlueprintTests {
    static func settings(_ adjust: (inout HubConfiguration) -> Void = { _ in }) -> DockerSpawnerSettings {
        var configuration = HubConfiguration()
        configuration.profiles = [
            ImageProfile(name: "cpu", displayName: "CPU", image: "ganymede/singleuser:cpu", environment: ["JUPYTERHUB_API_URL": "evil", "EXTRA": "1"]),
            ImageProfile(name: "gpu", displayName: "GPU", image: "ganymede/singleuser:cuda", memoryLimit: 8 << 30, gpus: .devices(["1"])),
        ]
        configuration.memLimit = 2 << 30
        configuration.cpuLimit = 1.5
        adjust(&configuration)
        return DockerSpawnerSettings(configuration: configuration, hubID: "hub1")
    }

    static func request(token: String = "secret-token") -> SpawnRequest {
        SpawnRequest(user: "alice", serverName: "", prefix: "/user/alice/",
                     environment: ["JUPYTERHUB_API_TOKEN": token, "JPY_API_TOKEN": token, "JUPYTERHUB_API_URL": "http://hub:8081/hub/api"])
    }

    func blueprint(_ profile: Int = 0, settings: DockerSpawnerSettings = settings()) -> ContainerBlueprint {
        ContainerBlueprint(settings: settings, profile: settings.profiles[profile],
                           names: StorageNames(request: Self.request(), settings: settings))
    }

    @Test func theHubsEnvironmentWinsOverTheProfiles() {
        let environment = blueprint().environment(for: Self.request())
        #expect(environment["JUPYTERHUB_API_URL"] == "http://hub:8081/hub/api")
        #expect(environment["EXTRA"] == "1")
        #expect(environment["JUPYTERHUB_SERVICE_URL"] == "http://0.0.0.0:8888/user/alice/")
        #expect(environment["JUPYTER_IMAGE_SPEC"] == "ganymede/singleuser:cpu")
        #expect(environment["MEM_LIMIT"] == String(2 << 30) && environment["CPU_LIMIT"] == "1.5")
    }

    @Test func mountsLimitsNetworkAndLabels() {
        let spec = blueprint().spec(for: Self.request())
        #expect(spec.hostConfig.mounts == [
            Mount(kind: .volume, source: "jupyterhub-user-alice", target: "/home/jovyan"),
            Mount(kind: .bind, source: "/workspace", target: "/workspace"),
            Mount(kind: .bind, source: "/workspace/shared", target: "/home/jovyan/Shared"),
        ])
        #expect(spec.hostConfig.memory == 2 << 30 && spec.hostConfig.nanoCPUs == 1_500_000_000 && spec.hostConfig.pidsLimit == 4096)
        #expect(spec.hostConfig.networkMode == "ganymede" && spec.hostConfig.deviceRequests == nil)
        #expect(spec.command == nil, "the image's own command is kept")
        #expect(spec.labels["org.ganymede.hub"] == "hub1" && spec.labels["org.jupyter.hub.user"] == "alice" && spec.labels["org.ganymede.profile"] == "cpu")
    }

    @Test func profileLimitsAndGPUsOverrideTheGlobalOnes() {
        let spec = blueprint(1).spec(for: Self.request())
        #expect(spec.hostConfig.memory == 8 << 30)
        #expect(spec.hostConfig.deviceRequests == [DeviceRequest(deviceIDs: ["1"])])
        let all = blueprint(0, settings: Self.settings { $0.enableGPU = true }).spec(for: Self.request())
        #expect(all.hostConfig.deviceRequests == [DeviceRequest(count: -1)])
    }

    @Test func readOnlyAndAbsentTeamFolders() {
        let readOnly = blueprint(0, settings: Self.settings { $0.workspaceReadOnly = true; $0.sharedReadOnly = true }).hostConfig()
        #expect(readOnly.mounts.dropFirst().allSatisfy { $0.readOnly })
        #expect(blueprint(0, settings: Self.settings { $0.hostWorkspace = "" }).hostConfig().mounts.count == 1)
        #expect(blueprint(0, settings: Self.settings { $0.sharedDir = "" }).hostConfig().mounts.count == 2)
    }

    @Test func theSpecHashIgnoresTokensButNotConfiguration() {
        let one = blueprint().spec(for: Self.request(token: "a")).labels["org.ganymede.spec"]
        let two = blueprint().spec(for: Self.request(token: "b")).labels["org.ganymede.spec"]
        let changed = blueprint(0, settings: Self.settings { $0.memLimit = 4 << 30 }).spec(for: Self.request()).labels["org.ganymede.spec"]
        #expect(one != nil && one == two && one != changed)
    }

    @Test func namesComeFromTheStoredStateWhenThereIsOne() {
        var request = Self.request()
        request.previousState = ["volume": "old-volume-name", "container_name": "old-container"]
        #expect(StorageNames(request: request, settings: Self.settings()) == StorageNames(container: "old-container", volume: "old-volume-name"))
    }
}

@Suite struct DockerSpawnerOptionsTests {
    static let spawner = DockerSpawner(engine: DockerEngine(client: .shared, endpoint: .default, apiVersion: "1.41"),
                                       settings: ContainerBlueprintTests.settings(), logger: .init(label: "test"))

    @Test func profilesAndTheirImagesAreAccepted() throws {
        #expect(try Self.spawner.validate(options: [:]) == [:])
        #expect(try Self.spawner.validate(options: ["profile": "gpu"]) == ["profile": "gpu"])
        #expect(try Self.spawner.validate(options: ["image": "ganymede/singleuser:cpu"]) == ["profile": "cpu"])
    }

    @Test("anything off the allow-list is refused", arguments: [
        ["image": "ganymede/singleuser:latest"], ["image": "ganymede/singleuser@sha256:00"], ["image": "evil/image:cpu"],
        ["profile": "admin"], ["profile": "cpu", "image": "ganymede/singleuser:cuda"], ["profile": "cpu", "binds": "/:/host"],
        ["privileged": "true"], ["network": "host"], ["devices": "/dev/mem"],
    ])
    func refuses(options: [String: String]) {
        #expect(throws: SpawnError.self) { try Self.spawner.validate(options: options) }
    }

    @Test func theFormOffersEveryProfileWithItsResources() {
        let choices = Self.spawner.choices
        #expect(choices.map(\.name) == ["cpu", "gpu"])
        #expect(choices[1].details.contains("8 GiB memory") && choices[1].details.contains("GPUs 1"))
    }

    @Test func gpuErrorsSayWhatIsMissing() {
        let error = DockerSpawner.explain(DockerError.engine(status: 500, message: "could not select device driver \"\" with capabilities: [[gpu]]"),
                                          gpus: .all)
        #expect("\(error)".contains("NVIDIA Container Toolkit"))
    }
}

@Suite struct DockerPiecesTests {
    @Test("image references split as the pull API wants them", arguments: [
        ("jupyter/base-notebook", "jupyter/base-notebook", "latest"), ("quay.io/jupyter/base-notebook:2025-01-06", "quay.io/jupyter/base-notebook", "2025-01-06"),
        ("127.0.0.1:5000/team/lab", "127.0.0.1:5000/team/lab", "latest"), ("127.0.0.1:5000/team/lab:v2", "127.0.0.1:5000/team/lab", "v2"),
        ("repo@sha256:abc", "repo", "sha256:abc"),
    ])
    func imageReference(text: String, repository: String, tag: String) {
        let reference = ImageReference(text)
        #expect(reference.repository == repository && reference.tag == tag)
    }

    @Test func pullProgressAddsUpTheLayers() {
        var progress = PullProgress()
        progress.add(PullEvent(status: "Downloading", id: "a", progressDetail: .init(current: 1 << 20, total: 4 << 20)))
        progress.add(PullEvent(status: "Downloading", id: "b", progressDetail: .init(current: 2 << 20, total: 4 << 20)))
        progress.add(PullEvent(status: "Download complete", id: "a"))
        #expect(progress.received == 6 << 20 && progress.total == 8 << 20)
        #expect(progress.message(for: ImageReference("x:1")) == "Pulling x:1: 6 MiB of 8 MiB")
    }

    @Test func volumesGoToTheImagesUserNeverRoot() {
        func image(user: String?, environment: [String] = []) -> ImageInfo {
            ImageInfo(id: "x", config: .init(user: user, command: nil, environment: environment))
        }
        #expect(StoragePreparer.owner(of: image(user: "1000", environment: ["NB_UID=1000", "NB_GID=100"])) == "1000:100")
        #expect(StoragePreparer.owner(of: image(user: "jovyan")) == "jovyan:")
        #expect(StoragePreparer.owner(of: image(user: "1001:1001")) == "1001:1001")
        #expect(StoragePreparer.owner(of: image(user: "")) == nil && StoragePreparer.owner(of: image(user: "root")) == nil)
    }

    @Test func logFramesAreUnwrapped() {
        let frame: (UInt8, String) -> [UInt8] = { stream, text in
            let bytes = Array(text.utf8)
            return [stream, 0, 0, 0, 0, 0, 0, UInt8(bytes.count)] + bytes
        }
        #expect(DockerLogFrames.text(of: frame(1, "out\n") + frame(2, "err\n")) == "out\nerr\n")
        #expect(DockerLogFrames.text(of: Array("plain tty text".utf8)) == "plain tty text")
    }
}
