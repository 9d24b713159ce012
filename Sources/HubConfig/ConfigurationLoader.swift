import Foundation
import Yams

/// Reads configuration from an optional YAML file and the environment (which wins), then
/// validates it as a whole. Every problem is collected, so `check-config` lists them all.
public enum ConfigurationLoader {
    /// The parsed configuration and every problem found; use the configuration only if `errors` is empty.
    public struct Outcome: Sendable {
        public var configuration: HubConfiguration
        public var errors: [ConfigurationError]
        /// Where each key's value came from (`default`, `file`, or the environment name).
        public var sources: [String: String]
    }

    /// - Parameters:
    ///   - environment: usually `ProcessInfo.processInfo.environment`.
    ///   - filePath: a YAML file; when nil, `GANYMEDE_CONFIG` from the environment is used if set.
    ///   - base: the defaults to start from (`demo` uses its own).
    ///   - acrossKeys: also check how keys fit together (what `serve` needs); commands that only
    ///     read the data dir, such as `restore`, skip it, so a missing GitHub secret does not stop them.
    public static func load(environment: [String: String], filePath: String? = nil, base: HubConfiguration = HubConfiguration(),
                            acrossKeys: Bool = true) -> Outcome {
        var configuration = base
        var errors: [ConfigurationError] = []
        var sources: [String: String] = [:]

        if let path = filePath ?? environment[ConfigurationKeys.fileVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            switch readFile(path) {
            case .success(let values):
                for (name, value) in values.sorted(by: { $0.key < $1.key }) {
                    guard let key = ConfigurationKeys.all.first(where: { $0.yaml == name }) else {
                        errors.append(unknownKey("\(name) in \(path)", candidates: ConfigurationKeys.all.map(\.yaml), typed: name))
                        continue
                    }
                    if case .tree = value, !key.acceptsTree {
                        errors.append(ConfigurationError(key: "\(name) in \(path)", problem: "is a nested structure",
                                                         fix: "give it a single value or a list"))
                    } else if let problem = key.apply(&configuration, value) {
                        errors.append(ConfigurationError(key: "\(name) in \(path)", problem: problem.problem, fix: problem.fix))
                    } else {
                        sources[key.env] = path
                    }
                }
            case .failure(let error):
                errors.append(error)
            }
        }

        for key in ConfigurationKeys.all {
            guard let name = ([key.env] + key.aliases).first(where: { environment[$0] != nil }), let text = environment[name] else { continue }
            if let problem = key.apply(&configuration, .text(text)) {
                errors.append(ConfigurationError(key: name, problem: problem.problem, fix: problem.fix))
            } else {
                sources[key.env] = name
            }
        }

        let known = Set(ConfigurationKeys.all.map(\.env) + [ConfigurationKeys.fileVariable])
        for name in environment.keys.sorted() where name.hasPrefix(ConfigurationKeys.reservedPrefix) && !known.contains(name) {
            errors.append(unknownKey(name, candidates: Array(known), typed: name))
        }

        // Checks across keys only speak about keys that parsed, so one typo does not cascade.
        if acrossKeys {
            errors += configuration.validate().filter { check in !errors.contains { $0.key == check.key } }
        }
        return Outcome(configuration: configuration, errors: errors, sources: sources)
    }

    static func readFile(_ path: String) -> Result<[String: ConfigurationValue], ConfigurationError> {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return .failure(ConfigurationError(key: ConfigurationKeys.fileVariable, problem: "cannot read '\(path)'",
                                               fix: "point it at a readable YAML file, or unset it"))
        }
        let document: Any?
        do {
            document = try Yams.load(yaml: text)
        } catch {
            return .failure(ConfigurationError(key: path, problem: "is not valid YAML (\(error))", fix: "fix the YAML syntax"))
        }
        guard let document else { return .success([:]) }
        guard let mapping = document as? [String: Any] else {
            return .failure(ConfigurationError(key: path, problem: "is not a mapping of keys to values", fix: "write one 'key: value' per line"))
        }
        var values: [String: ConfigurationValue] = [:]
        for (key, raw) in mapping {
            if let list = raw as? [Any], !list.contains(where: { $0 is [Any] || $0 is [String: Any] }) {
                values[key] = .list(list.map { "\($0)" })
            } else if raw is [Any] || raw is [String: Any] {
                values[key] = .tree(tree(raw))
            } else {
                values[key] = .text("\(raw)")
            }
        }
        return .success(values)
    }

    static func tree(_ raw: Any) -> ConfigurationTree {
        if let list = raw as? [Any] { return .list(list.map(tree)) }
        if let mapping = raw as? [String: Any] { return .mapping(mapping.mapValues(tree)) }
        return .scalar("\(raw)")
    }

    static func unknownKey(_ label: String, candidates: [String], typed: String) -> ConfigurationError {
        let suggestion = candidates.min(by: { editDistance($0, typed) < editDistance($1, typed) })
        let fix = suggestion.map { editDistance($0, typed) <= 3 ? "did you mean \($0)?" : "remove it" } ?? "remove it"
        return ConfigurationError(key: label, problem: "is not a known setting", fix: fix)
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
