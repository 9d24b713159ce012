import NIOCore
import NIOHTTP1

/// The upstream side of one proxied connection: sends the client's request parts to a user
/// server (or the hub) and hands the response parts back to its `ProxyFrontHandler`.
final class ProxyBackHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    private(set) var context: ChannelHandlerContext?
    private weak var front: ProxyFrontHandler?
    private var pendingRead = false
    private var keepAlive = true
    private var isIdle = true

    init(front: ProxyFrontHandler) {
        self.front = front
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        front = nil
    }

    /// Whether the next request to the same target may use this connection.
    var isReusable: Bool { isIdle && keepAlive && (context?.channel.isActive ?? false) }

    var isWritable: Bool { context?.channel.isWritable ?? false }

    func send(_ part: HTTPClientRequestPart) {
        if case .head = part { isIdle = false }
        context?.write(wrapOutboundOut(part), promise: nil)
    }

    func flush() {
        context?.flush()
    }

    func close() {
        front = nil
        context?.close(promise: nil)
    }

    func clientBecameWritable() {
        if pendingRead {
            pendingRead = false
            context?.read()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            keepAlive = head.isKeepAlive
            front?.upstreamResponseHead(head)
        case .body(let body):
            front?.upstreamResponseBody(body)
        case .end(let trailers):
            isIdle = true
            front?.upstreamResponseEnd(trailers, upstreamKeepsAlive: keepAlive)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        SocketTuning.acknowledgeNow(context.channel)
        front?.flushToClient()
    }

    func channelInactive(context: ChannelHandlerContext) {
        front?.upstreamClosed(self)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func read(context: ChannelHandlerContext) {
        if let front, !front.isWritable {
            pendingRead = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { front?.upstreamBecameWritable() }
    }
}
