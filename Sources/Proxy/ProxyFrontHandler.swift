import NIOCore
import NIOHTTP1
import NIOPosix

/// What every client connection of the proxy shares.
struct ProxySettings: Sendable {
    let routes: RouteTable
    /// Where everything that is not a running user server goes (the hub app).
    let hub: ProxyTarget
    let forwarded: ForwardedHeaders
    /// Told when a route's server refused the connection, so the hub can check on it.
    let onUnreachable: @Sendable (Route) -> Void
}

/// The client side of one proxied connection. It picks the upstream for each request (a user
/// server's route or the hub), opens or reuses one upstream connection on the same event loop,
/// streams both directions with back-pressure, and after a `101` joins the two sockets with
/// `GlueHandler`s.
final class ProxyFrontHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle, connecting, forwarding, upgrading, closed
    }

    private let settings: ProxySettings
    private var state = State.idle
    private var context: ChannelHandlerContext?
    private var upstream: ProxyBackHandler?
    private var upstreamTarget: ProxyTarget?
    private var buffered: [HTTPClientRequestPart] = []
    private var pendingRead = false

    // The exchange in flight.
    private var route: Route?
    private var clientVersion = HTTPVersion.http1_1
    private var clientKeepAlive = true
    private var isUpgradeRequest = false
    /// The browser's own connection is https (so the server's cookies get `Secure`).
    private var browserUsesHTTPS = false
    private var requestEnded = false
    private var responseStarted = false
    private var closeAfterResponse = false

    init(settings: ProxySettings) {
        self.settings = settings
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    // MARK: Client → upstream

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            startExchange(head, context: context)
        case .body(let body):
            forward(.body(.byteBuffer(body)))
        case .end(let trailers):
            forward(.end(trailers))
            requestEnded = true
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        upstream?.flush()
        context.fireChannelReadComplete()
    }

    private func startExchange(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        route = settings.routes.route(forPath: head.uri[...])
        route?.recordActivity()
        clientVersion = head.version
        clientKeepAlive = head.isKeepAlive
        isUpgradeRequest = HopByHopHeaders.isWebSocketUpgrade(head)
        requestEnded = false
        responseStarted = false
        closeAfterResponse = false

        var upstreamHead = HTTPRequestHead(version: .http1_1, method: head.method, uri: head.uri, headers: head.headers)
        HopByHopHeaders.strip(&upstreamHead.headers)
        if isUpgradeRequest {
            upstreamHead.headers.add(name: "connection", value: "upgrade")
            upstreamHead.headers.add(name: "upgrade", value: "websocket")
        }
        browserUsesHTTPS = settings.forwarded.apply(to: &upstreamHead.headers, peerIP: context.channel.remoteAddress?.ipAddress,
                                                    localPort: context.channel.localAddress?.port ?? 0)

        let target = route?.target ?? settings.hub
        if let upstream, upstreamTarget == target, upstream.isReusable {
            state = .forwarding
            upstream.send(.head(upstreamHead))
        } else {
            upstream?.close()
            upstream = nil
            state = .connecting
            buffered = [.head(upstreamHead)]
            connect(to: target, context: context)
        }
    }

    private func forward(_ part: HTTPClientRequestPart) {
        switch state {
        case .connecting: buffered.append(part)
        case .forwarding, .upgrading: upstream?.send(part)
        case .idle, .closed: break  // the rest of a request whose answer already went out
        }
    }

    private func connect(to target: ProxyTarget, context: ChannelHandlerContext) {
        let front = NIOLoopBound(self, eventLoop: context.eventLoop)
        ClientBootstrap(group: context.eventLoop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(
                        leftOverBytesStrategy: .forwardBytes, enableOutboundHeaderValidation: false)
                    try channel.pipeline.syncOperations.addHandler(ProxyBackHandler(front: front.value))
                }
            }
            .connect(host: target.host, port: target.port)
            .assumeIsolated()
            .whenComplete { result in
                self.upstreamConnected(result, target: target)
            }
    }

    private func upstreamConnected(_ result: Result<any Channel, any Error>, target: ProxyTarget) {
        guard case .connecting = state else {
            if case .success(let channel) = result { channel.close(promise: nil) }
            return
        }
        switch result {
        case .success(let channel):
            guard let back = try? channel.pipeline.syncOperations.handler(type: ProxyBackHandler.self) else {
                channel.close(promise: nil)
                respondWithError(.badGateway)
                return
            }
            upstream = back
            upstreamTarget = target
            state = isUpgradeRequest ? .upgrading : .forwarding
            for part in buffered { back.send(part) }
            buffered = []
            back.flush()
            if pendingRead {
                pendingRead = false
                context?.read()
            }
        case .failure:
            buffered = []
            if let route {
                settings.onUnreachable(route)
                respondWithError(.serviceUnavailable)
            } else {
                respondWithError(.badGateway)
            }
        }
    }

    // MARK: Upstream → client (called by ProxyBackHandler)

    func upstreamResponseHead(_ head: HTTPResponseHead) {
        guard let context else { return }
        responseStarted = true
        if case .upgrading = state, head.status == .switchingProtocols {
            var switching = head
            switching.version = clientVersion
            context.write(wrapOutboundOut(.head(switching)), promise: nil)
            return
        }
        var response = head
        HopByHopHeaders.strip(&response.headers)
        if browserUsesHTTPS { SecureCookies.mark(&response.headers) }
        response.version = clientVersion
        // A refused upgrade leaves the request decoder mid-upgrade; so does an HTTP/1.0 body
        // without a length. Both end with the connection.
        if isUpgradeRequest || !clientKeepAlive
            || (clientVersion == .http1_0 && !response.headers.contains(name: "content-length")) {
            closeAfterResponse = true
            response.headers.add(name: "connection", value: "close")
        } else if clientVersion == .http1_0 {
            response.headers.add(name: "connection", value: "keep-alive")
        }
        context.write(wrapOutboundOut(.head(response)), promise: nil)
    }

    func upstreamResponseBody(_ body: ByteBuffer) {
        context?.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
    }

    func upstreamResponseEnd(_ trailers: HTTPHeaders?, upstreamKeepsAlive: Bool) {
        guard let context else { return }
        if case .upgrading = state, responseStarted, !closeAfterResponse {
            context.flush()
            // Leave the decoder's callback before rebuilding both pipelines.
            context.eventLoop.assumeIsolated().execute { self.joinSockets() }
            return
        }
        if !upstreamKeepsAlive || !requestEnded {
            upstream?.close()
            upstream = nil
        }
        state = .idle
        if closeAfterResponse {
            state = .closed
            context.writeAndFlush(wrapOutboundOut(.end(trailers))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(trailers)), promise: nil)
        }
    }

    func flushToClient() {
        context?.flush()
    }

    func upstreamClosed(_ back: ProxyBackHandler) {
        guard back === upstream else { return }
        upstream = nil
        switch state {
        case .forwarding, .upgrading:
            if responseStarted {
                context?.close(promise: nil)
            } else {
                respondWithError(.badGateway)
            }
        case .idle, .connecting, .closed:
            break
        }
    }

    // MARK: Back-pressure

    var isWritable: Bool { context?.channel.isWritable ?? false }

    func read(context: ChannelHandlerContext) {
        switch state {
        case .connecting:
            pendingRead = true
        case .forwarding, .upgrading:
            if upstream?.isWritable ?? true { context.read() } else { pendingRead = true }
        case .idle, .closed:
            context.read()
        }
    }

    func upstreamBecameWritable() {
        if pendingRead {
            pendingRead = false
            context?.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { upstream?.clientBecameWritable() }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        state = .closed
        upstream?.close()
        upstream = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        state = .closed
        upstream?.close()
        context.close(promise: nil)
    }

    // MARK: Errors and upgrades

    private func respondWithError(_ status: HTTPResponseStatus) {
        guard let context else { return }
        state = .closed
        let body = ProxyErrorPage.html(status: status, path: route?.prefix)
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "text/html; charset=utf-8")
        headers.add(name: "content-length", value: String(body.utf8.count))
        headers.add(name: "connection", value: "close")
        headers.add(name: "cache-control", value: "no-store")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: clientVersion, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    /// Replaces the HTTP handlers of both pipelines with a pair of glue handlers.
    private func joinSockets() {
        guard let context, let upstream, let upstreamContext = upstream.context else {
            context?.close(promise: nil)
            return
        }
        let route = self.route
        let upstreamChannel = upstreamContext.channel
        let glue = GlueHandler.matchedPair(
            onClientRead: { route?.recordActivity() },
            onUpstreamRead: {
                route?.recordActivity()
                SocketTuning.acknowledgeNow(upstreamChannel)
            })
        do {
            let client = context.pipeline.syncOperations
            let server = upstreamContext.pipeline.syncOperations
            try client.addHandler(glue.client)
            try server.addHandler(glue.upstream)
            // Client side first: bytes the upstream decoder still holds must reach a raw pipeline.
            try client.removeHTTPServerHandlers()
            client.removeHandler(context: context, promise: nil)
            server.removeHandler(context: upstreamContext, promise: nil)
            try server.removeHTTPClientHandlers()
            context.channel.read()
            upstreamChannel.read()
        } catch {
            context.close(promise: nil)
            upstreamChannel.close(promise: nil)
        }
    }
}

extension ChannelPipeline.SynchronousOperations {
    /// Removes what `configureHTTPServerPipeline` added (header validation is off on the proxy).
    func removeHTTPServerHandlers() throws {
        removeHandler(try handler(type: HTTPServerPipelineHandler.self), promise: nil)
        removeHandler(try handler(type: HTTPServerProtocolErrorHandler.self), promise: nil)
        removeHandler(try handler(type: HTTPResponseEncoder.self), promise: nil)
        removeHandler(try handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self), promise: nil)
    }

    /// Removes what `addHTTPClientHandlers` added.
    func removeHTTPClientHandlers() throws {
        removeHandler(try handler(type: HTTPRequestEncoder.self), promise: nil)
        removeHandler(try handler(type: ByteToMessageHandler<HTTPResponseDecoder>.self), promise: nil)
    }
}
