import Foundation
import HubConfig
import Logging

/// Runs each server in its own container on a Docker engine: the profile's image with the
/// JupyterHub environment, the server's own volume at the notebook dir, the team workspace and
/// `~/Shared`, limits and GPUs; status comes from the engine's event stream.
///
/// Containers are removed when servers stop (their data lives in volumes), so each start
/// creates a fresh container from the current configuration.
public struct DockerSpawner: Spawner {
    /// Keys of the state the hub stores for each server.
    enum StateKeys {
        static let containerID = "container_id"
        static let containerName = "container_name"
        static let volume = "volume"
        static let profile = "profile"
    }

    let engine: DockerEngine
    let settings: DockerSpawnerSettings
    let logger: Logger
    let watcher = DockerEventWatcher()
    let storage: StoragePreparer

    public init(engine: DockerEngine, settings: DockerSpawnerSettings, logger: Logger) {
        self.engine = engine
        self.settings = settings
        self.logger = logger
        storage = StoragePreparer(helper: HelperContainer(engine: engine, settings: settings))
    }

    // MARK: Options

    public var choices: [SpawnChoice] {
        guard settings.profiles.count > 1 else { return [] }
        return settings.profiles.map { profile in
            let blueprint = ContainerBlueprint(settings: settings, profile: profile, names: StorageNames(container: "", volume: ""))
            var details = [profile.image]
            if let memory = blueprint.memoryLimit { details.append("\(ByteSize.describe(memory)) memory") }
            if let cpus = blueprint.cpuLimit { details.append("\(cpus.formatted()) CPUs") }
            if let gpus = blueprint.gpus { details.append(gpus == .all ? "all GPUs" : "GPUs \(gpus)") }
            return SpawnChoice(name: profile.name, displayName: profile.displayName, details: details.joined(separator: " · "))
        }
    }

    /// Accepts `profile` (a profile name) or, as DockerSpawner does, `image` (a profile name or
    /// its exact image); anything else is refused.
    public func validate(options: [String: String]) throws -> [String: String] {
        var remaining = options
        let requested = [remaining.removeValue(forKey: "profile"), remaining.removeValue(forKey: "image")].compactMap { $0 }
        if let key = remaining.keys.sorted().first {
            throw SpawnError("the option '\(key)' is not accepted; servers take only 'profile', one of: \(allowedList)")
        }
        guard let wanted = requested.first else { return [:] }
        guard let profile = settings.profiles.first(where: { $0.name == wanted || $0.image == wanted }),
              requested.allSatisfy({ $0 == profile.name || $0 == profile.image }) else {
            throw SpawnError("'\(wanted)' is not an allowed profile or image; choose one of: \(allowedList)")
        }
        return ["profile": profile.name]
    }

    private var allowedList: String {
        settings.profiles.map { "\($0.name) (\($0.image))" }.joined(separator: ", ")
    }

    /// The profile of options that `validate` returned (the first profile when none was chosen).
    func profile(for options: [String: String]) throws -> ImageProfile {
        guard let name = options["profile"] else { return settings.profiles[0] }
        guard let profile = settings.profiles.first(where: { $0.name == name }) else {
            throw SpawnError("the profile '\(name)' is no longer offered; choose one of: \(allowedList)")
        }
        return profile
    }

    // MARK: Start

    /// Pulls the profile's image when the pull policy asks for it, reporting bytes as they arrive.
    public func prepare(_ request: SpawnRequest, progress: @escaping @Sendable (SpawnProgress) async -> Void) async throws {
        let profile = try profile(for: request.options)
        let reference = ImageReference(profile.image)
        switch settings.pullPolicy {
        case .never:
            if try await engine.inspectImage(profile.image) == nil {
                throw SpawnError("the image \(profile.image) is not on the Docker engine and GANYMEDE_PULL_POLICY is never; pull it on the host or change the policy")
            }
            return
        case .ifnotpresent:
            if try await engine.inspectImage(profile.image) != nil { return }
        case .always:
            break
        }
        await progress(SpawnProgress(progress: 5, message: "Pulling \(reference)"))
        var pull = PullProgress()
        var lastReport = ContinuousClock.now - .seconds(1)  // the first byte count is shown at once
        do {
            for try await event in engine.pullImage(reference, stallTimeout: settings.pullStallTimeout) {
                pull.add(event)
                if pull.total > 0, ContinuousClock.now - lastReport > .milliseconds(250) {
                    lastReport = .now
                    await progress(SpawnProgress(progress: 5 + Int(pull.fraction * 40), message: pull.message(for: reference)))
                }
            }
        } catch let error as DockerError {
            throw SpawnError("could not pull \(reference): \(error)")
        }
        await progress(SpawnProgress(progress: 45, message: "Pulled \(reference)" + (pull.total > 0 ? " (\(ByteSize.describe(pull.total)))" : "")))
    }

    public func start(_ request: SpawnRequest, progress: @escaping @Sendable (SpawnProgress) async -> Void) async throws -> SpawnedServer {
        let profile = try profile(for: request.options)
        let names = StorageNames(request: request, settings: settings)
        let blueprint = ContainerBlueprint(settings: settings, profile: profile, names: names)
        await progress(SpawnProgress(progress: 50, message: "Preparing storage"))
        try await storage.prepare(volume: names.volume, image: profile.image, labels: blueprint.volumeLabels(for: request))

        await progress(SpawnProgress(progress: 55, message: "Starting container \(names.container) from \(profile.image)"))
        let id = try await createContainer(named: names.container, spec: blueprint.spec(for: request))
        do {
            try await engine.startContainer(id)
            let info = try await engine.inspectContainer(id)
            guard let address = info.networkSettings.networks[settings.network]?.ipAddress, !address.isEmpty else {
                throw SpawnError("the container has no address on the network \(settings.network)")
            }
            await watcher.sawRunning(id)
            let state = [StateKeys.containerID: id, StateKeys.containerName: names.container, StateKeys.volume: names.volume,
                         StateKeys.profile: profile.name]
            return SpawnedServer(url: "http://\(address):\(ContainerBlueprint.port)", state: state)
        } catch {
            try? await engine.removeContainer(id, force: true)
            throw Self.explain(error, gpus: blueprint.gpus)
        }
    }

    /// Creates the container; one already carrying this server's name (left by a crash, or made
    /// from older configuration) is replaced: the server's data is in its volume, not in the container.
    private func createContainer(named name: String, spec: ContainerSpec) async throws -> String {
        do {
            return try await engine.createContainer(name: name, spec: spec)
        } catch DockerError.engine(409, _) {
            let existing = try await engine.inspectContainer(name)
            let changed = existing.config.labels?[DockerSpawnerSettings.Labels.spec] != spec.labels[DockerSpawnerSettings.Labels.spec]
            logger.info("replacing an existing container", metadata: ["container": "\(name)",
                                                                      "why": "\(changed ? "configuration changed" : "left over")"])
            try await engine.removeContainer(existing.id, force: true)
            return try await engine.createContainer(name: name, spec: spec)
        }
    }

    /// Engine errors rephrased for the user where the fix is known.
    static func explain(_ error: any Error, gpus: GPURequest?) -> any Error {
        let text = "\(error)"
        if gpus != nil, text.contains("could not select device driver") || text.contains("nvidia-container") {
            return SpawnError("this server asks for GPUs, but the Docker engine has no NVIDIA runtime (the engine said: \(text)). "
                + "Install the NVIDIA Container Toolkit on the host and restart Docker (nvidia-ctk runtime configure --runtime=docker), "
                + "or choose a profile without GPUs")
        }
        return error
    }

    // MARK: Stop and status

    public func stop(state: [String: String], grace: Duration) async throws {
        guard let id = state[StateKeys.containerID] else { return }
        do {
            try await engine.stopContainer(id, timeout: Int(grace.components.seconds))
        } catch let error as DockerError where error.isNotFound {
            return
        }
        do {
            try await engine.removeContainer(id, force: true)
        } catch let error as DockerError where error.isNotFound {
        } catch DockerError.engine(409, _) {
            // Removal already in progress.
        }
    }

    public func status(state: [String: String]) async -> ServerStatus {
        guard let id = state[StateKeys.containerID] else { return .stopped(reason: "it has no container") }
        if await watcher.isKnownRunning(id) { return .running }
        do {
            let info = try await engine.inspectContainer(id)
            if info.state.running {
                await watcher.sawRunning(id)
                return .running
            }
            return .stopped(reason: Self.exitReason(info))
        } catch let error as DockerError where error.isNotFound {
            return .stopped(reason: "its container no longer exists")
        } catch {
            // Without an answer from the engine the server is assumed unchanged.
            logger.warning("cannot ask the Docker engine about a container", metadata: ["container": "\(id)", "error": "\(error)"])
            return .running
        }
    }

    /// Why a container stopped, in words for its user.
    static func exitReason(_ info: ContainerInfo) -> String {
        if info.state.oomKilled {
            if let memory = info.hostConfig.memory, memory > 0 {
                return "it used more than \(ByteSize.describe(memory)), its memory limit, and was stopped"
            }
            return "it ran out of memory and was stopped"
        }
        let error = info.state.error.flatMap { $0.isEmpty ? nil : " (\($0))" } ?? ""
        return "its container exited with code \(info.state.exitCode)\(error)"
    }

    public func log(state: [String: String], maxBytes: Int) async -> String? {
        guard let id = state[StateKeys.containerID], let text = try? await engine.containerLogs(id, tail: 500) else { return nil }
        return String(decoding: Array(text.utf8.suffix(maxBytes)), as: UTF8.self)
    }

    public func durableState(_ state: [String: String]) -> [String: String] {
        state.filter { $0.key == StateKeys.containerName || $0.key == StateKeys.volume }
    }

    public func exits() -> AsyncStream<ServerExit> {
        let (stream, continuation) = AsyncStream<ServerExit>.makeStream()
        let task = Task { [engine, watcher, settings] in
            await watcher.follow(engine: engine, label: settings.hubLabel) { continuation.yield($0) }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    // MARK: Network and hub reachability

    /// Creates the servers' network unless it exists; returns it (its gateway is the host's address on it).
    public func ensureNetwork() async throws -> NetworkInfo {
        try await engine.ensureNetwork(name: settings.network, labels: [DockerSpawnerSettings.Labels.hub: settings.hubID])
    }

    /// What a container on the servers' network found when it fetched the hub API.
    public enum Reachability: Sendable, Equatable {
        case reachable
        /// The helper ran and could not fetch the URL; the text says why.
        case unreachable(String)
        /// No verdict: the default image is not on the engine yet, or the check itself failed.
        case unchecked(String)
    }

    /// Runs a helper container on the servers' network that fetches `url`.
    public func checkReachable(_ url: String) async -> Reachability {
        let image = settings.profiles[0].image
        guard (try? await engine.inspectImage(image)) != nil else { return .unchecked("\(image) is not on the engine yet") }
        let code = "import sys, urllib.request\ntry:\n    urllib.request.urlopen(sys.argv[1], timeout=5).read()\nexcept Exception as e:\n    print(e); sys.exit(1)"
        do {
            let outcome = try await HelperContainer(engine: engine, settings: settings)
                .run(image: image, command: ["python3", "-c", code, url], network: settings.network, timeout: .seconds(30))
            if outcome.exitCode == 0 { return .reachable }
            return .unreachable(outcome.output.isEmpty ? "exit code \(outcome.exitCode)" : outcome.output)
        } catch {
            return .unchecked("\(error)")
        }
    }
}
