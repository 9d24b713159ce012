import Foundation
import Hummingbird
import HubModel

extension HubAPI {
    /// `POST /hub/api/users/:name/server` and `/servers/:server`: 201 when ready, 202 while starting.
    @Sendable func startServer(_ request: Request, context: HubRequestContext) async throws -> Response {
        let name = try context.pathParameter("name")
        let server = try serverName(context)
        _ = try context.require(anyOf: ["servers", "start:servers"], user: name, server: server)
        guard let user = try await hub.store.user(named: name) else { throw HubError.notFound }
        try await hub.checkNamedServerAllowed(user: user, server: server)
        let options = try Self.userOptions(try await APIResponses.jsonObject(request, context: context))
        switch try await hub.servers.start(user: user, server: server, options: options, wait: .seconds(10)) {
        case .ready: return APIResponses.empty(.created)
        case .pending: return APIResponses.empty(.accepted)
        case .alreadyRunning(let url): throw HubError.badRequest("\(name)'s server at \(url) is already running")
        }
    }

    /// `DELETE /hub/api/users/:name/server` and `/servers/:server`: 204 when stopped, 202 while stopping.
    /// `{"remove": true}` also deletes a named server's record.
    @Sendable func stopServer(_ request: Request, context: HubRequestContext) async throws -> Response {
        let name = try context.pathParameter("name")
        let server = try serverName(context)
        _ = try context.require(anyOf: ["delete:servers"], user: name, server: server)
        guard let user = try await hub.store.user(named: name), let userID = user.id else { throw HubError.notFound }
        let remove = (try await APIResponses.jsonObject(request, context: context))?["remove"] as? Bool ?? false
        if remove && server.isEmpty { throw HubError.badRequest("Cannot remove the default server; stop it instead") }
        guard let record = try await hub.store.server(userID: userID, name: server) else {
            if server.isEmpty { return APIResponses.empty(.noContent) }
            throw HubError(.notFound, "\(name) has no server named '\(server)'")
        }
        let result = try await hub.servers.stop(user: user, server: server, wait: .seconds(10))
        if remove, result == .stopped, let id = record.id { try await hub.store.deleteServer(id: id) }
        return APIResponses.empty(result == .stopped ? .noContent : .accepted)
    }

    /// `GET …/progress`: the spawn's events as `text/event-stream`, with a keep-alive every 8 s.
    @Sendable func progress(_ request: Request, context: HubRequestContext) async throws -> Response {
        let name = try context.pathParameter("name")
        let server = try serverName(context)
        _ = try context.require(anyOf: ["read:servers"], user: name, server: server)
        guard let user = try await hub.store.user(named: name), let userID = user.id,
              let record = try await hub.store.server(userID: userID, name: server) else { throw HubError.notFound }

        let events: AsyncStream<ProgressEvent>
        if models.isReady(record, user: name), !(await hub.servers.isSpawning(user: name, server: server)) {
            events = AsyncStream { $0.yield(.ready(url: ServerNames.prefix(user: name, server: server))); $0.finish() }
        } else if let stream = await hub.servers.progress(user: name, server: server) {
            events = stream
        } else {
            throw HubError.badRequest("\(name)'s server is not starting")
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                        body: ResponseBody { writer in
                            for await chunk in Self.eventStream(events) {
                                try await writer.write(ByteBuffer(string: chunk))
                            }
                            try await writer.finish(nil)
                        })
    }

    /// Events as `data: {json}\n\n` lines, interleaved with keep-alive blank lines.
    static func eventStream(_ events: AsyncStream<ProgressEvent>) -> AsyncStream<String> {
        let (output, continuation) = AsyncStream<String>.makeStream()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let forward = Task {
            for await event in events {
                let json = (try? encoder.encode(event)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                continuation.yield("data: \(json)\n\n")
            }
            continuation.finish()
        }
        let keepAlive = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(8))
                continuation.yield("\n\n")
            }
        }
        continuation.onTermination = { _ in
            forward.cancel()
            keepAlive.cancel()
        }
        return output
    }

    /// The server name from the path (`""` for the default server), validated.
    func serverName(_ context: HubRequestContext) throws -> String {
        guard context.parameters.get("server") != nil else { return "" }
        let server = try context.pathParameter("server")
        guard server.isEmpty || ServerNames.isValid(server) else {
            throw HubError.badRequest("Invalid server name '\(server)': \(ServerNames.rule)")
        }
        return server
    }

    /// 5.x sends the options as the whole body; 6.x wraps them in `user_options`. Accept both.
    static func userOptions(_ body: [String: Any]?) throws -> [String: String] {
        guard let body else { return [:] }
        let options = (body["user_options"] as? [String: Any]) ?? (body.keys.contains("display_name") ? [:] : body)
        return options.mapValues { value in
            if let text = value as? String { return text }
            if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) {
                return String(decoding: data, as: UTF8.self)
            }
            return "\(value)"
        }
    }
}
