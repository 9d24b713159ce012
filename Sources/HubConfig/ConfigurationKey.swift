/// A raw value read from the environment (always text) or from YAML (text, a list, or a
/// nested structure for the few keys that take one, such as `profiles`).
public enum ConfigurationValue: Sendable, Equatable {
    case text(String)
    case list([String])
    case tree(ConfigurationTree)

    /// Items of a comma-separated text or of a list, trimmed, empty ones dropped.
    var items: [String] {
        switch self {
        case .text(let text): text.split(separator: ",").map { String($0).trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
        case .list(let list): list.map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
        case .tree: []
        }
    }

    var text: String {
        switch self {
        case .text(let text): text.trimmingCharacters(in: " ")
        case .list(let list): list.joined(separator: ",")
        case .tree: ""
        }
    }
}

/// Nested YAML: scalars as text, lists, and mappings.
public indirect enum ConfigurationTree: Sendable, Equatable {
    case scalar(String)
    case list([ConfigurationTree])
    case mapping([String: ConfigurationTree])

    var scalar: String? {
        if case .scalar(let text) = self { return text }
        return nil
    }
}

/// Why a value was refused, and what to write instead.
public struct ValueProblem: Error, Sendable, Equatable {
    public var problem: String
    public var fix: String

    public init(_ problem: String, fix: String) {
        self.problem = problem
        self.fix = fix
    }
}

/// One documented configuration setting: its environment names, YAML name and parser.
public struct ConfigurationKey: Sendable {
    /// Canonical environment variable, e.g. `GANYMEDE_BIND`.
    public let env: String
    /// Other accepted environment names (compatibility with JupyterHub deployments).
    public let aliases: [String]
    /// The key in the YAML file.
    public let yaml: String
    public let summary: String
    public let isSecret: Bool
    /// For secrets: whether the hub generates one into the data dir when none is given.
    let generatedWhenUnset: Bool
    /// Whether the YAML file may give this key a nested structure.
    let acceptsTree: Bool
    let apply: @Sendable (inout HubConfiguration, ConfigurationValue) -> ValueProblem?
    let render: @Sendable (HubConfiguration) -> String

    /// The value as `check-config` prints it, with secrets masked.
    public func displayValue(in configuration: HubConfiguration) -> String {
        let value = render(configuration)
        if isSecret { return value.isEmpty ? (generatedWhenUnset ? "(generated, stored in the data dir)" : "(unset)") : "********" }
        return value.isEmpty ? "(unset)" : value
    }
}

extension ConfigurationKey {
    /// A setting whose parser returns the problem, or nil when the value is good.
    static func custom(
        _ env: String, aliases: [String] = [], yaml: String, secret: Bool = false, acceptsTree: Bool = false, _ summary: String,
        apply: @escaping @Sendable (inout HubConfiguration, ConfigurationValue) -> ValueProblem?,
        render: @escaping @Sendable (HubConfiguration) -> String
    ) -> ConfigurationKey {
        ConfigurationKey(env: env, aliases: aliases, yaml: yaml, summary: summary, isSecret: secret,
                         generatedWhenUnset: secret && summary.contains("generated"), acceptsTree: acceptsTree,
                         apply: apply, render: render)
    }

    static func flag(_ env: String, aliases: [String] = [], yaml: String, _ summary: String,
                     _ path: WritableKeyPath<HubConfiguration, Bool>) -> ConfigurationKey {
        nonisolated(unsafe) let path = path  // key paths to stored properties are immutable values
        return ConfigurationKey.custom(env, aliases: aliases, yaml: yaml, summary, apply: { config, value in
            switch value.text.lowercased() {
            case "1", "true", "yes", "on": config[keyPath: path] = true
            case "0", "false", "no", "off", "": config[keyPath: path] = false
            default: return ValueProblem("'\(value.text)' is not true or false", fix: "write true or false")
            }
            return nil
        }, render: { String($0[keyPath: path]) })
    }

    static func string(
        _ env: String, aliases: [String] = [], yaml: String, secret: Bool = false, _ summary: String,
        _ path: WritableKeyPath<HubConfiguration, String>,
        validate: @escaping @Sendable (String) -> ValueProblem? = { _ in nil }
    ) -> ConfigurationKey {
        nonisolated(unsafe) let path = path  // key paths to stored properties are immutable values
        return ConfigurationKey.custom(env, aliases: aliases, yaml: yaml, secret: secret, summary, apply: { config, value in
            let text = value.text
            if let problem = validate(text) { return problem }
            config[keyPath: path] = text
            return nil
        }, render: { $0[keyPath: path] })
    }

    static func list(
        _ env: String, aliases: [String] = [], yaml: String, _ summary: String,
        _ path: WritableKeyPath<HubConfiguration, [String]>,
        validate: @escaping @Sendable ([String]) -> ValueProblem? = { _ in nil }
    ) -> ConfigurationKey {
        nonisolated(unsafe) let path = path  // key paths to stored properties are immutable values
        return ConfigurationKey.custom(env, aliases: aliases, yaml: yaml, summary, apply: { config, value in
            let items = value.items
            if let problem = validate(items) { return problem }
            config[keyPath: path] = items
            return nil
        }, render: { $0[keyPath: path].joined(separator: ",") })
    }

    static func address(
        _ env: String, yaml: String, _ summary: String, _ path: WritableKeyPath<HubConfiguration, SocketAddressSpec>
    ) -> ConfigurationKey {
        nonisolated(unsafe) let path = path  // key paths to stored properties are immutable values
        return ConfigurationKey.custom(env, yaml: yaml, summary, apply: { config, value in
            guard let address = SocketAddressSpec(parsing: value.text) else {
                return ValueProblem("'\(value.text)' is not host:port", fix: "write it like 127.0.0.1:8000")
            }
            config[keyPath: path] = address
            return nil
        }, render: { $0[keyPath: path].description })
    }

    static func number<N: LosslessStringConvertible & Comparable & Sendable>(
        _ env: String, yaml: String, _ summary: String,
        _ path: WritableKeyPath<HubConfiguration, N>, range: ClosedRange<N>
    ) -> ConfigurationKey {
        nonisolated(unsafe) let path = path  // key paths to stored properties are immutable values
        return ConfigurationKey.custom(env, yaml: yaml, summary, apply: { config, value in
            guard let number = N(value.text), range.contains(number) else {
                return ValueProblem("'\(value.text)' is not a number from \(range.lowerBound) to \(range.upperBound)", fix: "write a plain number in that range")
            }
            config[keyPath: path] = number
            return nil
        }, render: { String(describing: $0[keyPath: path]) })
    }

    static func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ env: String, yaml: String, _ summary: String, _ path: WritableKeyPath<HubConfiguration, E>
    ) -> ConfigurationKey where E.RawValue == String {
        nonisolated(unsafe) let path = path  // key paths to stored properties are immutable values
        return ConfigurationKey.custom(env, yaml: yaml, summary, apply: { config, value in
            guard let choice = E(rawValue: value.text.lowercased()) else {
                let choices = E.allCases.map(\.rawValue).joined(separator: ", ")
                return ValueProblem("'\(value.text)' is not one of: \(choices)", fix: "use one of those")
            }
            config[keyPath: path] = choice
            return nil
        }, render: { $0[keyPath: path].rawValue })
    }
}
