import Foundation
import HubModel

/// The data dir's layout, and secrets generated into it on first start.
public struct DataDirectory: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Creates the folder (mode 0700) if needed.
    public func prepare() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// The secret in `<data>/<name>`, generated (32 random bytes, hex, mode 0600) on first use.
    public func secret(named name: String) throws -> String {
        let file = "\(path)/\(name)"
        if let data = FileManager.default.contents(atPath: file) {
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.count >= 64, text.allSatisfy(\.isHexDigit) else {
                throw StartupError("\(file) does not hold a hex secret; delete it to generate a new one (everyone will have to sign in again)")
            }
            return text
        }
        let secret = Secret.generate()
        guard FileManager.default.createFile(atPath: file, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw StartupError("cannot write \(file); check that the data dir is writable")
        }
        return secret
    }

    /// Where the demo installs `jupyterhub-singleuser` when it is not on PATH.
    public var demoVenv: String { "\(path)/venv" }
}

/// A problem that stops the hub from starting, with what to do about it.
public struct StartupError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
