import Foundation
import HubConfig
import Testing

@Suite struct DockerConfigurationTests {
    static let loopback = ["GANYMEDE_BIND": "127.0.0.1:8000"]

    func load(_ environment: [String: String], yaml: String? = nil) -> ConfigurationLoader.Outcome {
        guard let yaml else { return ConfigurationLoader.load(environment: Self.loopback.merging(environment) { $1 }) }
        let path = NSTemporaryDirectory() + "ganymede-profiles-\(UUID().uuidString).yaml"
        _ = FileManager.default.createFile(atPath: path, contents: Data(yaml.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return ConfigurationLoader.load(environment: Self.loopback.merging(environment) { $1 }, filePath: path)
    }

    @Test func withoutImagesThereIsOneFallbackProfile() {
        #expect(load([:]).configuration.resolvedProfiles == [ImageProfile.fallback])
    }

    @Test func theDeployDockerAliasesMakeTwoProfiles() {
        let outcome = load(["DOCKER_NOTEBOOK_IMAGE_BASE": "quay.io/jupyter/base-notebook:2025-01-06",
                            "DOCKER_NOTEBOOK_IMAGE_DATASCIENCE": "quay.io/jupyter/datascience-notebook:2025-01-06"])
        #expect(outcome.errors.isEmpty)
        #expect(outcome.configuration.resolvedProfiles.map(\.name) == ["base", "datascience"])
        #expect(outcome.configuration.resolvedProfiles.last?.image == "quay.io/jupyter/datascience-notebook:2025-01-06")
    }

    @Test func limitsAndFlagsParse() {
        let outcome = load(["SINGLEUSER_IMAGE": "ganymede/singleuser:cpu", "MEM_LIMIT": "2G", "CPU_LIMIT": "1.5", "ENABLE_GPU": "true",
                            "HOST_WORKSPACE": "/srv/team", "SHARED_DIR": "common", "GANYMEDE_SPAWNER": "docker"])
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        let configuration = outcome.configuration
        #expect(configuration.memLimit == 2 << 30 && configuration.cpuLimit == 1.5 && configuration.enableGPU)
        #expect(configuration.hostWorkspace == "/srv/team" && configuration.sharedDir == "common" && configuration.spawner == .docker)
        #expect(configuration.resolvedProfiles.map(\.image) == ["ganymede/singleuser:cpu"])
    }

    @Test("bad Docker settings name the key and the fix", arguments: [
        ("MEM_LIMIT", "lots"), ("MEM_LIMIT", "1K"), ("CPU_LIMIT", "-1"), ("ENABLE_GPU", "maybe"), ("SINGLEUSER_IMAGE", "bad image name"),
        ("HOST_WORKSPACE", "relative/path"), ("SHARED_DIR", "../etc"), ("GANYMEDE_DOCKER_NETWORK", "-net"), ("DOCKER_HOST", "ssh://box"),
        ("GANYMEDE_PULL_POLICY", "sometimes"),
    ])
    func badValue(key: String, value: String) {
        let error = load([key: value]).errors.first { $0.key == key }
        #expect(error != nil && error?.fix.isEmpty == false, "\(key)=\(value)")
    }

    @Test func yamlProfilesCarryLimitsGPUsAndEnvironment() {
        let outcome = load([:], yaml: """
            profiles:
              - name: cpu
                display_name: Python 3.11
                image: ganymede/singleuser:cpu
                mem_limit: 4G
                cpu_limit: 2
              - name: gpu
                image: ganymede/singleuser:cuda
                gpus: [0, 2]
                env: {CUDA_CACHE_MAXSIZE: "1073741824"}
            """)
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        let profiles = outcome.configuration.profiles
        #expect(profiles.map(\.name) == ["cpu", "gpu"])
        #expect(profiles[0].memoryLimit == 4 << 30 && profiles[0].cpuLimit == 2 && profiles[0].displayName == "Python 3.11")
        #expect(profiles[1].gpus == .devices(["0", "2"]) && profiles[1].environment == ["CUDA_CACHE_MAXSIZE": "1073741824"])
    }

    @Test("bad profiles are explained", arguments: [
        "profiles:\n  - name: x\n", "profiles:\n  - name: x\n    image: a:b\n    privileged: true\n",
        "profiles:\n  - name: x\n    image: a:b\n    gpus: {all: true}\n", "profiles:\n  - name: x\n    image: a:b\n    gpus: lots\n", "profiles:\n  - name: x\n    image: a:b\n    env: {JUPYTERHUB_API_URL: x}\n",
        "profiles:\n  - name: x\n    image: a:b\n  - name: x\n    image: c:d\n", "profiles: just-text\n", "bind: {host: x}\n",
    ])
    func badProfiles(yaml: String) {
        let errors = load([:], yaml: yaml).errors
        #expect(!errors.isEmpty && errors.allSatisfy { !$0.fix.isEmpty }, "\(yaml) → \(errors)")
    }

    @Test func byteSizesReadAndPrintAsOperatorsWriteThem() {
        #expect(ByteSize.parse("512M") == 512 << 20 && ByteSize.parse("2GiB") == 2 << 30 && ByteSize.parse("1.5G") == 3 << 29)
        #expect(ByteSize.parse("1073741824") == 1 << 30 && ByteSize.parse("zero") == nil && ByteSize.parse("-1G") == nil)
        #expect(ByteSize.describe(2 << 30) == "2 GiB" && ByteSize.describe(3 << 29) == "1.5 GiB" && ByteSize.describe(320 << 20) == "320 MiB")
    }
}
