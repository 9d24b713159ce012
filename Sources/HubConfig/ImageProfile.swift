/// One image users may start, with its resources: the allow-list the Docker spawner enforces.
/// Users pick a profile by `name`; nothing else they send reaches Docker.
public struct ImageProfile: Sendable, Equatable {
    /// The value of `user_options.profile`, e.g. `datascience`.
    public var name: String
    /// What the spawn form shows, e.g. `Data science (Python 3.11)`.
    public var displayName: String
    /// An image reference: `repo[:tag]` or `repo@sha256:…`.
    public var image: String
    /// Bytes; nil falls back to `MEM_LIMIT`.
    public var memoryLimit: Int64?
    /// CPUs; nil falls back to `CPU_LIMIT`.
    public var cpuLimit: Double?
    /// GPUs; nil falls back to `ENABLE_GPU`.
    public var gpus: GPURequest?
    /// Extra environment for the server (cannot override `JUPYTERHUB_*`).
    public var environment: [String: String]

    public init(name: String, displayName: String, image: String, memoryLimit: Int64? = nil, cpuLimit: Double? = nil,
                gpus: GPURequest? = nil, environment: [String: String] = [:]) {
        self.name = name
        self.displayName = displayName
        self.image = image
        self.memoryLimit = memoryLimit
        self.cpuLimit = cpuLimit
        self.gpus = gpus
        self.environment = environment
    }

    /// The image used when no profile is configured.
    public static let fallback = ImageProfile(name: "default", displayName: "Default", image: "quay.io/jupyter/base-notebook:latest")

    /// Profile names are short slugs, safe in URLs, forms and logs.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
    }
}

/// Which NVIDIA GPUs a server gets.
public enum GPURequest: Sendable, Equatable, CustomStringConvertible {
    case all
    case count(Int)
    case devices([String])

    /// Parses `all`, `true`, a count such as `2`, or device ids such as `0,2` (a YAML list gives the same).
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: " ").lowercased()
        if trimmed == "all" || trimmed == "true" {
            self = .all
        } else if let count = Int(trimmed), count > 0 {
            self = .count(count)
        } else {
            let ids = trimmed.split(separator: ",").map { String($0).trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
            guard !ids.isEmpty, ids.allSatisfy(Self.isDeviceID) else { return nil }
            self = .devices(ids)
        }
    }

    /// An index (`0`) or an NVIDIA UUID (`GPU-…`, `MIG-…`), as `nvidia-smi -L` prints them.
    static func isDeviceID(_ text: String) -> Bool {
        let upper = text.uppercased()
        if upper.hasPrefix("GPU-") || upper.hasPrefix("MIG-") {
            return text.count > 4 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "/") }
        }
        return !text.isEmpty && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber)
    }

    public var description: String {
        switch self {
        case .all: "all"
        case .count(let count): String(count)
        case .devices(let ids): ids.joined(separator: ",")
        }
    }
}

/// Memory sizes as operators write them: bytes, or with K, M, G, T (powers of 1024, as
/// DockerSpawner reads them), optionally followed by `B`/`iB`.
public enum ByteSize {
    public static func parse(_ text: String) -> Int64? {
        var digits = text.trimmingCharacters(in: " ").uppercased()
        for suffix in ["IB", "B"] where digits.hasSuffix(suffix) && digits.count > suffix.count {
            digits.removeLast(suffix.count)
            break
        }
        let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var multiplier: Int64 = 1
        if let last = digits.last, let unit = units[last] {
            multiplier = unit
            digits.removeLast()
        }
        guard let value = Double(digits.trimmingCharacters(in: " ")), value > 0, value * Double(multiplier) < 9e18 else { return nil }
        return Int64(value * Double(multiplier))
    }

    /// `2147483648` → `2 GiB`; `1610612736` → `1.5 GiB`.
    public static func describe(_ bytes: Int64) -> String {
        for (unit, size) in [("TiB", Int64(1) << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= size {
            let value = Double(bytes) / Double(size)
            let rounded = (value * 10).rounded() / 10
            return rounded == rounded.rounded() ? "\(Int(rounded)) \(unit)" : "\(rounded) \(unit)"
        }
        return "\(bytes) bytes"
    }
}
