import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// A client for the few Docker Engine API calls Ganymede needs, over the unix socket (or
/// TCP), with the API version negotiated once. No `docker` CLI is involved.
public struct DockerEngine: Sendable {
    /// The oldest API Ganymede speaks (Docker 20.10), and the newest it asks for.
    static let minimumVersion = "1.41"
    static let maximumVersion = "1.47"

    let client: HTTPClient
    public let endpoint: DockerEndpoint
    /// The negotiated API version, e.g. `1.41`.
    public let apiVersion: String

    /// Connects and negotiates the API version (`GET /version`).
    public static func connect(endpoint: DockerEndpoint, client: HTTPClient) async throws -> DockerEngine {
        let probe = DockerEngine(client: client, endpoint: endpoint, apiVersion: "")
        let (_, body) = try await probe.send(.GET, "/version", versioned: false, timeout: .seconds(5))
        guard let info = try? JSONDecoder().decode(VersionInfo.self, from: Data(buffer: body)) else {
            throw DockerError.badResponse("GET /version did not return the engine's version")
        }
        guard Self.compare(info.apiVersion, minimumVersion) >= 0 else { throw DockerError.unsupportedVersion(info.apiVersion) }
        let version = Self.compare(info.apiVersion, maximumVersion) > 0 ? maximumVersion : info.apiVersion
        return DockerEngine(client: client, endpoint: endpoint, apiVersion: version)
    }

    struct VersionInfo: Decodable {
        var apiVersion: String
        enum CodingKeys: String, CodingKey { case apiVersion = "ApiVersion" }
    }

    /// Compares dotted versions numerically (`1.41` < `1.9` is false).
    static func compare(_ a: String, _ b: String) -> Int {
        let left = a.split(separator: ".").map { Int($0) ?? 0 }, right = b.split(separator: ".").map { Int($0) ?? 0 }
        for index in 0..<max(left.count, right.count) {
            let x = index < left.count ? left[index] : 0, y = index < right.count ? right[index] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }

    // MARK: Transport

    func url(_ path: String, query: [(String, String)], versioned: Bool) -> String {
        var url = endpoint.baseURL + (versioned ? "/v\(apiVersion)" : "") + path
        if !query.isEmpty {
            url += "?" + query.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? $0.1)" }
                .joined(separator: "&")
        }
        return url
    }

    func request(_ method: HTTPMethod, _ path: String, query: [(String, String)], body: Data?, versioned: Bool,
                 extraHeaders: [(String, String)] = []) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url(path, query: query, versioned: versioned))
        request.method = method
        for (name, value) in extraHeaders { request.headers.add(name: name, value: value) }
        // Over a unix socket the engine still wants a Host header, or it answers 400.
        request.headers.add(name: "Host", value: "localhost")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: body))
        }
        return request
    }

    /// Sends a request and returns status and body; non-2xx answers throw `DockerError.engine`.
    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil, versioned: Bool = true,
              timeout: TimeAmount = .seconds(60)) async throws -> (status: UInt, body: ByteBuffer) {
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request(method, path, query: query, body: body, versioned: versioned), timeout: timeout)
        } catch {
            throw DockerError.unreachable(endpoint: endpoint.description, reason: "\(error)")
        }
        let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
        guard (200..<300).contains(response.status.code) else {
            throw DockerError.engine(status: Int(response.status.code), message: Self.message(in: bytes))
        }
        return (response.status.code, bytes)
    }

    /// A streaming endpoint's newline-delimited JSON documents (events, pull progress).
    /// `onConnected` runs once the engine has answered, before the first line.
    func lines(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil,
               extraHeaders: [(String, String)] = [],
               onConnected: @escaping @Sendable () async -> Void = {}) -> AsyncThrowingStream<Data, any Error> {
        let request = request(method, path, query: query, body: body, versioned: true, extraHeaders: extraHeaders)
        let client = self.client
        let endpoint = self.endpoint
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let response: HTTPClientResponse
                    do {
                        response = try await client.execute(request, timeout: .hours(24 * 365))
                    } catch {
                        throw DockerError.unreachable(endpoint: endpoint.description, reason: "\(error)")
                    }
                    guard (200..<300).contains(response.status.code) else {
                        throw DockerError.engine(status: Int(response.status.code),
                                                 message: Self.message(in: try await response.body.collect(upTo: 1 << 20)))
                    }
                    await onConnected()
                    var pending = Data()
                    for try await buffer in response.body {
                        pending.append(contentsOf: buffer.readableBytesView)
                        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                            let line = pending[pending.startIndex..<newline]
                            if !line.isEmpty { continuation.yield(Data(line)) }
                            pending.removeSubrange(pending.startIndex...newline)
                        }
                    }
                    if !pending.isEmpty { continuation.yield(pending) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    static func message(in body: ByteBuffer) -> String {
        struct Message: Decodable { var message: String }
        if let decoded = try? JSONDecoder().decode(Message.self, from: Data(buffer: body)) { return decoded.message }
        return String(buffer: body).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func encode(_ value: some Encodable) throws -> Data {
        try JSONEncoder().encode(value)
    }
}

extension CharacterSet {
    static let urlQueryValueAllowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
