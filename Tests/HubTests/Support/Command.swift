import Foundation

/// Runs a program for test setup (the docker CLI, `ganymede token`) and returns its exit status
/// and combined output.
enum Command {
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    input: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// `run` on a thread of its own, so a long command never holds one of the few threads that
    /// every test's async work shares.
    static func runAsync(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await detached { try run(executable, arguments) }
    }

    /// Runs blocking work on a thread of its own and waits for it without blocking.
    static func detached<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }

    /// `docker` on a thread of its own (see `runAsync`).
    @discardableResult
    static func dockerAsync(_ arguments: [String]) async throws -> String {
        try await detached { try docker(arguments) }
    }

    /// The docker CLI; throws with its output when it fails.
    @discardableResult
    static func docker(_ arguments: [String], input: String? = nil) throws -> String {
        let (status, output) = try run("/usr/bin/env", ["docker"] + arguments, input: input)
        guard status == 0 else { throw BrowserError("docker \(arguments.joined(separator: " ")): \(output)") }
        return output
    }
}
