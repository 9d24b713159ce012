/// One problem found in configuration: which key, what is wrong, and how to fix it.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key as the operator wrote it (`GANYMEDE_BIND`, or `bind` in a YAML file).
    public var key: String
    public var problem: String
    public var fix: String

    public init(key: String, problem: String, fix: String) {
        self.key = key
        self.problem = problem
        self.fix = fix
    }

    public var description: String { "\(key): \(problem) — \(fix)" }
}

/// All configuration problems found at once, so an operator fixes them in one go.
public struct ConfigurationErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigurationError]

    public init(_ errors: [ConfigurationError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
