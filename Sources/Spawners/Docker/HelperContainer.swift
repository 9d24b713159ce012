/// A short-lived container the spawner runs for chores a server cannot do itself: giving new
/// volumes and workspace folders to the image's user, or checking that containers reach the hub.
struct HelperContainer {
    var engine: DockerEngine
    var settings: DockerSpawnerSettings

    struct Outcome {
        var exitCode: Int
        var output: String
    }

    /// Runs `command` (entrypoint replaced) to completion and removes the container.
    func run(image: String, command: [String], user: String? = nil, environment: [String] = [], network: String = "none",
             mounts: [Mount] = [], binds: [String]? = nil, timeout: Duration = .seconds(60)) async throws -> Outcome {
        let spec = ContainerSpec(image: image, command: Array(command.dropFirst()), entrypoint: Array(command.prefix(1)),
                                 environment: environment,
                                 labels: [DockerSpawnerSettings.Labels.hub: settings.hubID, DockerSpawnerSettings.Labels.role: "helper"],
                                 user: user, hostConfig: HostConfig(networkMode: network, mounts: mounts, binds: binds))
        let id = try await engine.createContainer(name: "", spec: spec)
        do {
            try await engine.startContainer(id)
            let code = try await engine.waitContainer(id, timeout: timeout)
            let output = (try? await engine.containerLogs(id, tail: 20)) ?? ""
            try? await engine.removeContainer(id, force: true)
            return Outcome(exitCode: code, output: output.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            try? await engine.removeContainer(id, force: true)
            throw error
        }
    }
}

/// Makes sure a server's volume and the team folders exist and belong to the image's user
/// (never root), so `jovyan` can write on its first start. Runs a helper only when something
/// is new: a volume just created, or the workspace not yet checked since the hub started.
actor StoragePreparer {
    let helper: HelperContainer
    private var workspaceChecked = false

    init(helper: HelperContainer) {
        self.helper = helper
    }

    /// Folder where the helper sees the host workspace.
    static let workspaceMount = "/ganymede-workspace"

    func prepare(volume: String, image: String, labels: [String: String]) async throws {
        let settings = helper.settings
        let volumeIsNew = !(try await helper.engine.volumeExists(name: volume))
        if volumeIsNew { try await helper.engine.createVolume(name: volume, labels: labels) }
        let checkWorkspace = !settings.hostWorkspace.isEmpty && !workspaceChecked
        guard checkWorkspace || volumeIsNew else { return }
        guard let imageInfo = try await helper.engine.inspectImage(image) else {
            throw SpawnError("the image \(image) is not on the Docker engine")
        }
        let owner = Self.owner(of: imageInfo)
        guard checkWorkspace || owner != nil else { return }

        var environment = ["OWNER=\(owner ?? "")"]
        var mounts: [Mount] = []
        var binds: [String]? = nil
        if volumeIsNew {
            mounts.append(Mount(kind: .volume, source: volume, target: settings.notebookDir))
            environment.append("VOLUME=\(settings.notebookDir)")
        }
        if checkWorkspace {
            binds = ["\(settings.hostWorkspace):\(Self.workspaceMount)"]
            environment.append("WORKSPACE=\(Self.workspaceMount)")
            environment.append("SHARED=\(settings.sharedDir)")
        }
        let outcome = try await helper.run(image: image, command: ["/bin/sh", "-c", Self.script], user: "0", environment: environment,
                                           mounts: mounts, binds: binds)
        guard outcome.exitCode == 0 else {
            throw SpawnError("could not prepare the server's storage (exit code \(outcome.exitCode)): \(outcome.output)")
        }
        if checkWorkspace { workspaceChecked = true }
    }

    /// New folders (root-owned when Docker made them) go to `$OWNER`; folders someone already
    /// owns or filled are left alone.
    static let script = #"""
    set -e
    give() { if [ -n "$OWNER" ] && [ "$(stat -c %u "$1")" = 0 ]; then chown "$OWNER" "$1"; fi; }
    if [ -n "$VOLUME" ]; then give "$VOLUME"; fi
    if [ -n "$WORKSPACE" ]; then
      for d in "$WORKSPACE" "$WORKSPACE/$SHARED"; do
        if [ ! -d "$d" ]; then mkdir -p "$d"; give "$d"; elif [ -z "$(ls -A "$d")" ]; then give "$d"; fi
      done
    fi
    """#

    /// The `chown` owner for the image's user: `NB_UID:NB_GID` (docker-stacks), else the image's
    /// `User`; nil when the image runs as root.
    static func owner(of image: ImageInfo) -> String? {
        let environment = Dictionary((image.config?.environment ?? []).compactMap { entry -> (String, String)? in
            guard let equals = entry.firstIndex(of: "=") else { return nil }
            return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
        }, uniquingKeysWith: { _, last in last })
        if let uid = environment["NB_UID"].flatMap(Int.init), uid != 0 {
            return environment["NB_GID"].flatMap(Int.init).map { "\(uid):\($0)" } ?? String(uid)
        }
        let user = image.config?.user ?? ""
        let name = user.split(separator: ":").first.map(String.init) ?? ""
        if name.isEmpty || name == "root" || name == "0" { return nil }
        if user.contains(":") || Int(name) != nil { return user }
        return name + ":"  // a user name: its login group
    }
}
