extension ConfigurationKeys {
    /// Settings of the Docker spawner (names compatible with jupyterhub-deploy-docker's `.env`).
    static let docker: [ConfigurationKey] = [
        .string("DOCKER_HOST", yaml: "docker_host", "Docker engine address: unix:///var/run/docker.sock (default) or tcp://host:2375.",
                \.dockerHost, validate: { text in
                    text.isEmpty || text.hasPrefix("unix://") || text.hasPrefix("tcp://") || text.hasPrefix("http://")
                        ? nil : ValueProblem("'\(text)' is not a unix:// or tcp:// address", fix: "write it like unix:///var/run/docker.sock")
                }),
        imageKey("SINGLEUSER_IMAGE", yaml: "singleuser_image", profile: "default", displayName: "Default",
                 "Image of every server (one profile named 'default')."),
        imageKey("DOCKER_NOTEBOOK_IMAGE_BASE", yaml: "notebook_image_base", profile: "base", displayName: "Base",
                 "Adds a profile 'base' with this image (with the next key: two profiles to choose from)."),
        imageKey("DOCKER_NOTEBOOK_IMAGE_DATASCIENCE", yaml: "notebook_image_datascience", profile: "datascience", displayName: "Data science",
                 "Adds a profile 'datascience' with this image."),
        .custom("GANYMEDE_PROFILES", yaml: "profiles", acceptsTree: true,
                "YAML only: a list of {name, display_name, image, mem_limit, cpu_limit, gpus, env} users choose from.",
                apply: { config, value in
                    guard case .tree(.list(let items)) = value else {
                        return ValueProblem("is not a list of profiles", fix: "write it in the YAML file as a list of mappings with name and image")
                    }
                    var profiles: [ImageProfile] = []
                    for (index, item) in items.enumerated() {
                        switch ProfileParser.parse(item) {
                        case .success(let profile):
                            if profiles.contains(where: { $0.name == profile.name }) {
                                return ValueProblem("profile \(index + 1) repeats the name '\(profile.name)'", fix: "give each profile its own name")
                            }
                            profiles.append(profile)
                        case .failure(let problem):
                            return ValueProblem("profile \(index + 1): \(problem.problem)", fix: problem.fix)
                        }
                    }
                    config.profiles = profiles
                    return nil
                }, render: { $0.profiles.map { "\($0.name)=\($0.image)" }.joined(separator: ", ") }),
        .choice("GANYMEDE_PULL_POLICY", yaml: "pull_policy", "When to pull images: ifnotpresent, always or never.", \.pullPolicy),
        .number("GANYMEDE_PULL_STALL_TIMEOUT", yaml: "pull_stall_timeout", "Seconds a pull may receive nothing before it is abandoned.",
                \.pullStallTimeout, range: 5...3600),
        .string("GANYMEDE_DOCKER_NETWORK", aliases: ["DOCKER_NETWORK_NAME"], yaml: "docker_network",
                "Docker network of the servers (created if missing).", \.dockerNetwork, validate: dockerName),
        .string("GANYMEDE_CONTAINER_PREFIX", yaml: "container_prefix", "Container names are <prefix>-<user>[__<server>].",
                \.containerPrefix, validate: dockerName),
        .string("GANYMEDE_VOLUME_PREFIX", yaml: "volume_prefix", "Volume names are <prefix>-<user>[__<server>].",
                \.volumePrefix, validate: dockerName),
        .string("GANYMEDE_NOTEBOOK_DIR", aliases: ["DOCKER_NOTEBOOK_DIR"], yaml: "notebook_dir",
                "Where each server's own volume is mounted (the image user's home).", \.notebookDir, validate: absolutePath),
        .string("HOST_WORKSPACE", yaml: "host_workspace", "Team folder on the Docker host, mounted at the same path in servers; empty for none.",
                \.hostWorkspace, validate: { $0.isEmpty ? nil : absolutePath($0) }),
        .flag("GANYMEDE_WORKSPACE_READ_ONLY", yaml: "workspace_read_only", "Mount the workspace read-only.", \.workspaceReadOnly),
        .string("SHARED_DIR", yaml: "shared_dir", "Folder of the workspace mounted at ~/Shared in every server; empty for none.",
                \.sharedDir, validate: { text in
                    text.split(separator: "/").contains("..") || text.hasPrefix("/")
                        ? ValueProblem("'\(text)' leaves the workspace", fix: "name a folder inside HOST_WORKSPACE, e.g. shared") : nil
                }),
        .flag("GANYMEDE_SHARED_READ_ONLY", yaml: "shared_read_only", "Mount ~/Shared read-only.", \.sharedReadOnly),
        .custom("MEM_LIMIT", yaml: "mem_limit", "Memory per server, e.g. 2G (profiles may set their own).", apply: { config, value in
            if value.text.isEmpty { config.memLimit = nil; return nil }
            guard let bytes = ByteSize.parse(value.text), bytes >= 32 << 20 else {
                return ValueProblem("'\(value.text)' is not a memory size of at least 32M", fix: "write it like 512M or 2G")
            }
            config.memLimit = bytes
            return nil
        }, render: { $0.memLimit.map(String.init) ?? "" }),
        .custom("CPU_LIMIT", yaml: "cpu_limit", "CPUs per server, e.g. 1.5 (profiles may set their own).", apply: { config, value in
            if value.text.isEmpty { config.cpuLimit = nil; return nil }
            guard let cpus = Double(value.text), cpus >= 0.01, cpus <= 1024 else {
                return ValueProblem("'\(value.text)' is not a number of CPUs", fix: "write it like 1 or 1.5")
            }
            config.cpuLimit = cpus
            return nil
        }, render: { $0.cpuLimit.map { String($0) } ?? "" }),
        .number("GANYMEDE_PIDS_LIMIT", yaml: "pids_limit", "Processes per server (0: no limit).", \.pidsLimit, range: 0...1_000_000),
        .flag("ENABLE_GPU", yaml: "enable_gpu", "Give servers all NVIDIA GPUs (needs the NVIDIA Container Toolkit).", \.enableGPU),
    ]

    static func imageKey(_ env: String, yaml: String, profile name: String, displayName: String, _ summary: String) -> ConfigurationKey {
        .custom(env, yaml: yaml, summary, apply: { config, value in
            let image = value.text
            if image.isEmpty { return nil }
            if let problem = imageReference(image) { return problem }
            let profile = ImageProfile(name: name, displayName: displayName, image: image)
            if let index = config.profiles.firstIndex(where: { $0.name == name }) {
                config.profiles[index] = profile
            } else {
                config.profiles.append(profile)
            }
            return nil
        }, render: { config in config.profiles.first(where: { $0.name == name })?.image ?? "" })
    }

    static func imageReference(_ text: String) -> ValueProblem? {
        let allowed = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:@".contains($0)) }
        return allowed && !text.hasPrefix("-") && !text.contains("..")
            ? nil : ValueProblem("'\(text)' is not an image reference", fix: "write it like quay.io/jupyter/scipy-notebook:2025-01-06")
    }

    static func dockerName(_ text: String) -> ValueProblem? {
        text.wholeMatch(of: #/[a-zA-Z0-9][a-zA-Z0-9_.-]*/#) == nil
            ? ValueProblem("'\(text)' is not a Docker name", fix: "use letters, digits, '-', '_' and '.', starting with a letter or digit") : nil
    }

    static func absolutePath(_ text: String) -> ValueProblem? {
        text.hasPrefix("/") && !text.split(separator: "/").contains("..")
            ? nil : ValueProblem("'\(text)' is not an absolute path", fix: "write it like /home/jovyan")
    }
}

/// Reads one entry of `profiles:` in the YAML file.
enum ProfileParser {
    static let fields: Set<String> = ["name", "display_name", "image", "mem_limit", "cpu_limit", "gpus", "env"]

    static func parse(_ tree: ConfigurationTree) -> Result<ImageProfile, ValueProblem> {
        guard case .mapping(let map) = tree else {
            return .failure(ValueProblem("is not a mapping", fix: "write name: …, image: … for each profile"))
        }
        if let unknown = map.keys.sorted().first(where: { !fields.contains($0) }) {
            return .failure(ValueProblem("'\(unknown)' is not a profile field", fix: "use \(fields.sorted().joined(separator: ", "))"))
        }
        guard let name = map["name"]?.scalar, ImageProfile.isValidName(name) else {
            return .failure(ValueProblem("has no usable name", fix: "give it a name of letters, digits, '-', '_' or '.'"))
        }
        guard let image = map["image"]?.scalar, !image.isEmpty else {
            return .failure(ValueProblem("'\(name)' has no image", fix: "add image: repo:tag"))
        }
        if let problem = ConfigurationKeys.imageReference(image) { return .failure(problem) }
        var profile = ImageProfile(name: name, displayName: map["display_name"]?.scalar ?? name, image: image)
        if let text = map["mem_limit"]?.scalar {
            guard let bytes = ByteSize.parse(text), bytes >= 32 << 20 else {
                return .failure(ValueProblem("'\(name)': mem_limit '\(text)' is not a memory size of at least 32M", fix: "write it like 2G"))
            }
            profile.memoryLimit = bytes
        }
        if let text = map["cpu_limit"]?.scalar {
            guard let cpus = Double(text), cpus >= 0.01 else {
                return .failure(ValueProblem("'\(name)': cpu_limit '\(text)' is not a number of CPUs", fix: "write it like 2"))
            }
            profile.cpuLimit = cpus
        }
        if let gpus = map["gpus"] {
            let text: String? = switch gpus {
            case .scalar(let text): text
            case .list(let items): items.compactMap(\.scalar).joined(separator: ",")
            case .mapping: nil
            }
            guard let request = text.flatMap(GPURequest.init(parsing:)) else {
                return .failure(ValueProblem("'\(name)': gpus is not all, a count or a list of device ids", fix: "write gpus: all, gpus: 1 or gpus: [0, 1]"))
            }
            profile.gpus = request
        }
        if let env = map["env"] {
            guard case .mapping(let variables) = env else {
                return .failure(ValueProblem("'\(name)': env is not a mapping", fix: "write env: {NAME: value}"))
            }
            for (key, value) in variables {
                guard let text = value.scalar else {
                    return .failure(ValueProblem("'\(name)': env \(key) is not a single value", fix: "quote it as a string"))
                }
                if key.hasPrefix("JUPYTERHUB_") || key.hasPrefix("JPY_") {
                    return .failure(ValueProblem("'\(name)': env \(key) is set by the hub", fix: "remove it from the profile"))
                }
                profile.environment[key] = text
            }
        }
        return .success(profile)
    }
}
