import Auth
import Foundation
import Hummingbird
import HubModel

extension PagesController {
    /// `GET /user/...` reached the hub: the proxy has no route, so the server is not running.
    /// Hand it to `/hub/user/...`, which explains or offers to start it.
    @Sendable func notRouted(_ request: Request, context: HubRequestContext) async throws -> Response {
        .redirect(to: "/hub" + request.uri.path + (request.uri.query.map { "?\($0)" } ?? ""))
    }

    /// `GET /hub/user-redirect/<path>`: the signed-in user's own server at `<path>`.
    @Sendable func userRedirect(_ request: Request, context: HubRequestContext) async throws -> Response {
        let identity = try signedIn(request, context: context)
        let rest = request.uri.path.dropFirst("/hub/user-redirect".count).drop { $0 == "/" }
        return .redirect(to: "/user/\(identity.userName)/\(rest)" + (request.uri.query.map { "?\($0)" } ?? ""))
    }

    /// `GET /hub/user/<name>/[<server>/]<path>`: send a running server's owner (or an admin)
    /// there; otherwise answer 424 with a way to start it (singleuser-protocol.md §11 step 5).
    @Sendable func userServer(_ request: Request, context: HubRequestContext) async throws -> Response {
        let identity = try signedIn(request, context: context)
        let name = try context.pathParameter("user")
        guard identity.scopes.check("access:servers", user: name) == .allowed || name == identity.userName,
              let owner = try await hub.store.user(named: name), let ownerID = owner.id else {
            throw HubError(.forbidden, "You (\(identity.userName)) do not have access to \(name)'s servers.")
        }
        let rest = String(request.uri.path.dropFirst("/hub/user/".count + (context.parameters.get("user")?.count ?? 0)))
        let firstSegment = rest.split(separator: "/").first.map(String.init) ?? ""
        let servers = try await hub.store.servers(userID: ownerID)
        let server = servers.first { !$0.name.isEmpty && $0.name == firstSegment }?.name ?? ""
        let record = servers.first { $0.name == server }

        let redirects = Int(request.uri.queryParameters["redirects"] ?? "0") ?? 0
        if let record, models.isReady(record, user: name) {
            guard redirects < 4 else {
                return Page.response(MessagePage.render(title: "Redirect loop detected", message: "The server at \(ServerNames.prefix(user: name, server: server)) keeps sending you back to the hub. Stop it and start it again; if that does not help, its log may say why.", user: identity.userName, action: ("Go home", "/hub/home")), status: .internalServerError)
            }
            var query = request.uri.queryParameters.filter { $0.key != "redirects" }.map { "\($0.key)=\(FormFields.encode(String($0.value)))" }
            query.append("redirects=\(redirects + 1)")
            return .redirect(to: "/user/\(name)\(rest.isEmpty ? "/" : rest)?\(query.joined(separator: "&"))")
        }

        let here = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
        let spawnURL = "/hub/spawn/\(server.isEmpty ? name : "\(name)/\(server)")?next=\(FormFields.encode(here))"
        let message = "\(name)'s server\(server.isEmpty ? "" : " '\(server)'") is not running. Restart the server at \(spawnURL)"
        if rest.contains("/api/") || !(request.headers[.accept]?.contains("text/html") ?? false) {
            return APIResponses.json(["status": 424, "message": .string(message)], status: .init(code: 424))
        }
        let reason = record?.stopReason.map { " It stopped: \($0)." } ?? ""
        return Page.response(MessagePage.render(title: "Server not running",
                                                message: "\(name == identity.userName ? "Your" : "\(name)'s") server is not running.\(reason)",
                                                user: identity.userName, action: ("Launch server", spawnURL)), status: .init(code: 424))
    }
}
