import NIOCore

/// Joins two sockets byte for byte once a WebSocket upgrade has succeeded: whatever one side
/// reads, the other writes, with back-pressure (a side reads only while its partner can write).
/// The pattern is the one of swift-nio-examples' connect-proxy.
final class GlueHandler {
    private var partner: GlueHandler?
    private var context: ChannelHandlerContext?
    private var pendingRead = false
    private let onRead: (() -> Void)?

    private init(onRead: (() -> Void)?) {
        self.onRead = onRead
    }

    /// Two handlers that forward to each other; `onUpstreamRead` runs after every upstream read.
    static func matchedPair(onClientRead: @escaping () -> Void, onUpstreamRead: @escaping () -> Void) -> (client: GlueHandler, upstream: GlueHandler) {
        let client = GlueHandler(onRead: onClientRead)
        let upstream = GlueHandler(onRead: onUpstreamRead)
        client.partner = upstream
        upstream.partner = client
        return (client, upstream)
    }

    private func partnerWrite(_ data: NIOAny) { context?.write(data, promise: nil) }
    private func partnerFlush() { context?.flush() }
    private func partnerClose() { context?.close(promise: nil) }
    private var partnerWritable: Bool { context?.channel.isWritable ?? false }

    private func partnerBecameWritable() {
        if pendingRead {
            pendingRead = false
            context?.read()
        }
    }
}

extension GlueHandler: ChannelDuplexHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        partner = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner?.partnerWrite(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        onRead?()
        partner?.partnerFlush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner?.partnerClose()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { partner?.partnerBecameWritable() }
    }

    func read(context: ChannelHandlerContext) {
        if partner?.partnerWritable ?? false {
            context.read()
        } else {
            pendingRead = true
        }
    }
}
