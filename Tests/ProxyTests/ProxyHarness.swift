import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Proxy

/// A proxy in front of two test upstreams: the "hub" and alice's "server" at `/user/alice/`.
struct ProxyHarness {
    let hub: TestUpstream
    let server: TestUpstream
    let routes: RouteTable
    let port: Int
    let task: Task<Void, any Error>
    let unreachable: UnreachableLog

    static let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    final class UnreachableLog: @unchecked Sendable {
        private let lock = NSLock()
        private var prefixes: [String] = []
        func add(_ prefix: String) { lock.withLock { prefixes.append(prefix) } }
        var all: [String] { lock.withLock { prefixes } }
    }

    static func start(trustedProxies: [String] = []) async throws -> ProxyHarness {
        let hub = try await TestUpstream.start()
        let server = try await TestUpstream.start()
        let routes = RouteTable()
        routes.add(Route(prefix: "/user/alice/", target: ProxyTarget(host: "127.0.0.1", port: server.port), user: "alice", serverName: ""))
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let unreachable = UnreachableLog()
        let proxy = ProxyServer(host: "127.0.0.1", port: 0, routes: routes, hub: ProxyTarget(host: "127.0.0.1", port: hub.port),
                                trustedProxies: trustedProxies, logger: Logger(label: "test.proxy"),
                                onUnreachable: { unreachable.add($0.prefix) }, onBound: { continuation.yield($0) })
        let task = Task { try await proxy.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw ProxyTestError("the proxy did not start") }
        return ProxyHarness(hub: hub, server: server, routes: routes, port: port, task: task, unreachable: unreachable)
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> (status: Int, headers: HTTPHeaders, body: String) {
        var request = HTTPClientRequest(url: url(path))
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await Self.client.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), response.headers, String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
        await hub.stop()
        await server.stop()
    }
}

/// A plain TCP connection for byte-level checks (upgrades, pipelining).
final class RawConnection: Sendable {
    let channel: any Channel
    let received: AsyncStream<ByteBuffer>

    init(port: Int) async throws {
        let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream()
        received = stream
        channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Collector(continuation: continuation)) }
            }
            .connect(host: "127.0.0.1", port: port).get()
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    /// Reads until `done` holds for everything read so far (or the connection closes).
    func read(until done: (String) -> Bool) async -> String {
        var text = ""
        for await buffer in received {
            text += String(buffer: buffer)
            if done(text) { break }
        }
        return text
    }

    /// Whether the peer closes the connection within `seconds`.
    func closes(within seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if !channel.isActive { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !channel.isActive
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let continuation: AsyncStream<ByteBuffer>.Continuation
        init(continuation: AsyncStream<ByteBuffer>.Continuation) { self.continuation = continuation }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) { continuation.yield(unwrapInboundIn(data)) }
        func channelInactive(context: ChannelHandlerContext) { continuation.finish() }
    }
}

struct ProxyTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Resident memory of this process, from /proc.
func residentBytes() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
