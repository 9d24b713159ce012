import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// A small WebSocket client over SwiftNIO whose handshake headers the test controls
/// (Jupyter checks that `Origin` matches `Host`, port included).
final class WebSocketTestClient: Sendable {
    let channel: any Channel
    /// Text messages as they arrive (fragments joined).
    let messages: AsyncStream<String>

    /// Opens `ws://host:port/path`, or `wss://` when a TLS context is given.
    static func connect(host: String, port: Int, path: String, headers: [(String, String)],
                        tls: NIOSSLContext? = nil) async throws -> WebSocketTestClient {
        let (messages, continuation) = AsyncStream<String>.makeStream()
        let upgraded = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: Void.self)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                if let tls {
                    do {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: nil))
                    } catch {
                        return channel.eventLoop.makeFailedFuture(error)
                    }
                }
                let upgrader = NIOWebSocketClientUpgrader(requestKey: NIOWebSocketClientUpgrader.randomRequestKey(), upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        let detector = try channel.pipeline.syncOperations.handler(type: UpgradeFailureDetector.self)
                        channel.pipeline.syncOperations.removeHandler(detector, promise: nil)
                        try channel.pipeline.syncOperations.addHandler(TextCollector(continuation: continuation))
                    }
                })
                return channel.pipeline.addHTTPClientHandlers(withClientUpgrade: (upgraders: [upgrader], completionHandler: { _ in
                    upgraded.succeed()
                })).flatMap {
                    channel.pipeline.addHandler(UpgradeFailureDetector(promise: upgraded))
                }
            }
            .connect(host: host, port: port)
            .get()
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
        head.headers.add(name: "Host", value: "\(host):\(port)")
        head.headers.add(name: "Origin", value: "\(tls == nil ? "http" : "https")://\(host):\(port)")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        try await channel.writeAndFlush(HTTPClientRequestPart.end(nil))
        try await upgraded.futureResult.get()
        return WebSocketTestClient(channel: channel, messages: messages)
    }

    private init(channel: any Channel, messages: AsyncStream<String>) {
        self.channel = channel
        self.messages = messages
    }

    func send(_ text: String) async throws {
        let frame = WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: text))
        try await channel.writeAndFlush(frame)
    }

    func close() async {
        try? await channel.close()
    }
}

/// Fails the upgrade promise if the server answers the handshake with anything but 101.
private final class UpgradeFailureDetector: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = HTTPClientResponsePart
    let promise: EventLoopPromise<Void>

    init(promise: EventLoopPromise<Void>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data) {
            promise.fail(WebSocketTestError("the WebSocket handshake was answered with HTTP \(head.status.code)"))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(WebSocketTestError("the connection closed during the WebSocket handshake"))
    }
}

/// Collects text frames into whole messages.
private final class TextCollector: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame
    let continuation: AsyncStream<String>.Continuation
    var partial = ""

    init(continuation: AsyncStream<String>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text, .continuation:
            partial += String(buffer: frame.unmaskedData)
            if frame.fin {
                continuation.yield(partial)
                partial = ""
            }
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
    }
}

struct WebSocketTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
