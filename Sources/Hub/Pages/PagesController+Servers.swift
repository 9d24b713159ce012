import Auth
import Foundation
import Hummingbird
import HubModel

extension PagesController {
    @Sendable func home(_ request: Request, context: HubRequestContext) async throws -> Response {
        let identity = try signedIn(request, context: context)
        let servers = try await hub.store.servers(userID: identity.user.id ?? 0)
        let rows = servers.map { HomePage.Row(server: $0, ready: models.isReady($0, user: identity.userName)) }
        return Page.response(HomePage.render(user: identity.user, rows: rows, namedServerLimit: hub.configuration.namedServerLimit,
                                             xsrf: hub.xsrf.token(for: identity.session?.id ?? "")))
    }

    /// `GET|POST /hub/spawn[/:user[/:server]]`: starts the server and shows its progress (as
    /// JupyterHub does when there is no options form); when the spawner offers choices, shows
    /// the form first and starts on its POST. A running server is simply opened.
    @Sendable func spawn(_ request: Request, context: HubRequestContext) async throws -> Response {
        let identity = try signedIn(request, context: context)
        let user = try await targetUser(identity, context: context)
        var server = try pathServerName(context)
        var options: [String: String]? = nil
        if request.method == .post {
            let fields = try await FormFields.read(request, context: context)
            try cookies.checkForm(fields, request: request, context: context)
            if server.isEmpty, let named = fields["server_name"]?.trimmingCharacters(in: .whitespaces), !named.isEmpty {
                guard ServerNames.isValid(named) else {
                    return Page.response(MessagePage.render(title: "That name does not work", message: "'\(named)': \(ServerNames.rule).",
                                                            user: identity.userName, action: ("Back to home", "/hub/home")), status: .badRequest)
                }
                server = named
            }
            if let profile = fields["profile"] { options = ["profile": profile] }
        }
        let path = server.isEmpty ? user.name : "\(user.name)/\(server)"
        let next = safeNext(request, fallback: "")
        let choices = hub.servers.choices
        let busy = await hub.servers.isRunningOrStarting(user: user, server: server)
        if options == nil && !choices.isEmpty && !busy {
            return Page.response(SpawnOptionsPage.render(user: identity.userName, path: path, server: server, choices: choices,
                                                         xsrf: hub.xsrf.token(for: identity.session?.id ?? ""), next: next))
        }
        let pending = "/hub/spawn-pending/\(path)" + (next.isEmpty ? "" : "?next=\(FormFields.encode(next))")
        do {
            try await hub.checkNamedServerAllowed(user: user, server: server)
            if case .alreadyRunning(let url) = try await hub.servers.start(user: user, server: server, options: options ?? [:], wait: .zero) {
                return .redirect(to: next.isEmpty ? url : next)
            }
        } catch let error as HubError {
            return Page.response(MessagePage.render(title: "The server could not start", message: error.message, user: identity.userName,
                                                    action: ("Back to home", "/hub/home")), status: error.status)
        }
        return .redirect(to: pending)
    }

    @Sendable func spawnPending(_ request: Request, context: HubRequestContext) async throws -> Response {
        let identity = try signedIn(request, context: context)
        let user = try await targetUser(identity, context: context, scope: "read:servers")
        let server = try pathServerName(context)
        let record = try await hub.store.server(userID: user.id ?? 0, name: server)
        let next = safeNext(request, fallback: "")
        if let record, models.isReady(record, user: user.name), !(await hub.servers.isSpawning(user: user.name, server: server)) {
            return .redirect(to: next.isEmpty ? ServerNames.prefix(user: user.name, server: server) : next)
        }
        guard await hub.servers.progress(user: user.name, server: server) != nil else {
            let reason = record?.stopReason.map { "It stopped: \($0)." } ?? "It is not starting."
            let path = server.isEmpty ? user.name : "\(user.name)/\(server)"
            return Page.response(MessagePage.render(title: "Server not running", message: reason, user: identity.userName,
                                                    action: ("Start it", "/hub/spawn/\(path)")))
        }
        return Page.response(SpawnPendingPage.render(user: identity.userName, owner: user.name, server: server, next: next))
    }

    @Sendable func stop(_ request: Request, context: HubRequestContext) async throws -> Response {
        let identity = try signedIn(request, context: context)
        let user = try await targetUser(identity, context: context, scope: "delete:servers")
        let server = try pathServerName(context)
        try cookies.checkForm(try await FormFields.read(request, context: context), request: request, context: context)
        _ = try await hub.servers.stop(user: user, server: server, wait: .seconds(5))
        return .redirect(to: "/hub/home")
    }

    /// The end of a server's log, for its owner or an admin.
    @Sendable func serverLog(_ request: Request, context: HubRequestContext) async throws -> Response {
        let identity = try signedIn(request, context: context)
        let user = try await targetUser(identity, context: context, scope: "read:servers")
        let server = try pathServerName(context)
        guard let record = try await hub.store.server(userID: user.id ?? 0, name: server) else { throw HubError.notFound }
        let text = await hub.servers.log(of: record) ?? "No log: the server is not running, or its spawner keeps none."
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
