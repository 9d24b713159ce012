import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP server standing in for a user server:
/// - `GET /echo…` answers with what it saw (path, Host, X-Forwarded-*);
/// - `GET /bytes/N` streams N bytes, writing only while the connection is writable;
/// - `POST /count` answers with the number of body bytes received;
/// - `GET /ws` with an upgrade answers 101, then echoes raw bytes;
/// - `GET /refuse` with an upgrade answers 400;
/// - `GET /http10` answers as HTTP/1.0 without a length and closes;
/// - `GET /cookies` sets `cookies`, some already `Secure`.
struct TestUpstream {
    static let cookies = ["_xsrf=abc; Path=/user/alice/", "session=s; path=/user/alice/marimo; httponly; samesite=lax",
                          "kept=k; Path=/; Secure; HttpOnly", "Secured=x; Path=/"]
    let channel: any Channel
    var port: Int { channel.localAddress!.port! }

    static func start() async throws -> TestUpstream {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: false, withOutboundHeaderValidation: false)
                    try channel.pipeline.syncOperations.addHandler(UpstreamHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return TestUpstream(channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }
}

private final class UpstreamHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    var head: HTTPRequestHead?
    var received = 0
    var remaining = 0
    var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            received = 0
        case .body(let body):
            received += body.readableBytes
        case .end:
            respond(context: context)
        }
    }

    func respond(context: ChannelHandlerContext) {
        guard let head else { return }
        let isUpgrade = head.headers["upgrade"].first?.lowercased() == "websocket"
        // The proxy does not strip prefixes; route on what follows alice's.
        let path = head.uri.hasPrefix("/user/alice/") ? String(head.uri.dropFirst("/user/alice".count)) : head.uri
        switch path {
        case "/ws" where isUpgrade:
            var headers = HTTPHeaders()
            headers.add(name: "upgrade", value: "websocket")
            headers.add(name: "connection", value: "upgrade")
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .switchingProtocols, headers: headers))), promise: nil)
            let pipeline = context.pipeline.syncOperations
            try? pipeline.addHandler(RawEcho())
            for handler in [try? pipeline.handler(type: HTTPServerPipelineHandler.self) as (any RemovableChannelHandler)?,
                            try? pipeline.handler(type: HTTPResponseEncoder.self),
                            try? pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)].compactMap({ $0 }) {
                pipeline.removeHandler(handler, promise: nil)
            }
            pipeline.removeHandler(context: context, promise: nil)
        case "/refuse":
            send(context: context, status: .badRequest, body: "no upgrades here")
        case "/http10":
            var response = HTTPResponseHead(version: .http1_0, status: .ok)
            response.headers.add(name: "connection", value: "close")
            context.write(wrapOutboundOut(.head(response)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "old-school")))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        case "/cookies":
            var response = HTTPResponseHead(version: .http1_1, status: .ok)
            for cookie in TestUpstream.cookies { response.headers.add(name: "set-cookie", value: cookie) }
            response.headers.add(name: "content-length", value: "0")
            context.write(wrapOutboundOut(.head(response)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case "/count":
            send(context: context, status: .ok, body: String(received))
        case let bytes where bytes.hasPrefix("/bytes/"):
            remaining = Int(bytes.dropFirst("/bytes/".count)) ?? 0
            var response = HTTPResponseHead(version: .http1_1, status: .ok)
            response.headers.add(name: "content-length", value: String(remaining))
            context.write(wrapOutboundOut(.head(response)), promise: nil)
            if head.method == .HEAD {
                remaining = 0
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            } else {
                pump(context: context)
            }
        default:
            let seen = ["path=\(head.uri)", "host=\(head.headers["host"].first ?? "")",
                        "xff=\(head.headers["x-forwarded-for"].first ?? "")", "proto=\(head.headers["x-forwarded-proto"].first ?? "")",
                        "xfhost=\(head.headers["x-forwarded-host"].first ?? "")", "xfport=\(head.headers["x-forwarded-port"].first ?? "")", "connection=\(head.headers["connection"].first ?? "")"]
            send(context: context, status: .ok, body: seen.joined(separator: "\n"))
        }
    }

    /// Writes the byte stream in 64 KiB chunks while the channel stays writable.
    func pump(context: ChannelHandlerContext) {
        let chunk = ByteBuffer(repeating: 0x61, count: 64 * 1024)
        while remaining > 0 && context.channel.isWritable {
            var slice = chunk
            if remaining < slice.readableBytes { slice = slice.getSlice(at: 0, length: remaining)! }
            remaining -= slice.readableBytes
            context.write(wrapOutboundOut(.body(.byteBuffer(slice))), promise: nil)
        }
        if remaining == 0 {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            context.flush()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable && remaining > 0 { pump(context: context) }
    }

    func send(context: ChannelHandlerContext, status: HTTPResponseStatus, body: String) {
        var response = HTTPResponseHead(version: .http1_1, status: status)
        response.headers.add(name: "content-length", value: String(body.utf8.count))
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

private final class RawEcho: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.writeAndFlush(data, promise: nil)
    }
}
