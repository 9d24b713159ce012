import Foundation
import Hummingbird
import HubModel

extension HubAPI {
    /// `GET /hub/api/users`, filtered to the users the caller may see, with JupyterHub's
    /// `state`, `name_filter`, `sort`, `offset`/`limit` and pagination media type.
    @Sendable func listUsers(_ request: Request, context: HubRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard identity.scopes.holdsAny("list:users") else { throw HubError.missingScope("list:users") }
        let query = request.uri.queryParameters
        let state = query["state"].map(String.init)
        if let state, !["active", "ready", "inactive"].contains(state) {
            throw HubError.badRequest("Unrecognized state '\(state)'; use active, ready or inactive")
        }
        let sort = query["sort"].map(String.init) ?? "id"
        guard ["id", "name", "last_activity", "-id", "-name", "-last_activity"].contains(sort) else {
            throw HubError.badRequest("Unrecognized sort '\(sort)'; use id, name or last_activity (prefix - for descending)")
        }
        let paginated = PaginationRequest.wantsPage(request)
        let page = try PaginationRequest(query: query, paginated: paginated)
        let nameFilter = query["name_filter"].map { $0.lowercased() }
        let includeStopped = query["include_stopped_servers"] != nil

        var rows: [(UserRecord, [ServerRecord])] = []
        for user in try await hub.store.allUsers() where identity.scopes.check("list:users", user: user.name) == .allowed {
            if let nameFilter, !user.name.contains(nameFilter) { continue }
            let servers = try await hub.store.servers(userID: user.id ?? 0)
            let active = servers.contains { $0.phase != .stopped }
            let ready = servers.contains { models.isReady($0, user: user.name) }
            switch state {
            case "active" where !active, "ready" where !ready, "inactive" where active: continue
            default: rows.append((user, servers))
            }
        }
        rows.sort { a, b in
            switch sort.trimmingCharacters(in: CharacterSet(charactersIn: "-")) {
            case "name": a.0.name < b.0.name
            case "last_activity": (a.0.lastActivity ?? .distantPast) < (b.0.lastActivity ?? .distantPast)
            default: (a.0.id ?? 0) < (b.0.id ?? 0)
            }
        }
        if sort.hasPrefix("-") { rows.reverse() }
        let items = page.slice(rows).map { models.user($0.0, servers: $0.1, scopes: identity.scopes, includeStopped: includeStopped) }
        return APIResponses.json(page.body(items: items, total: rows.count, request: request))
    }

    @Sendable func getUser(_ request: Request, context: HubRequestContext) async throws -> Response {
        let name = try context.pathParameter("name")
        let identity = try context.require(anyOf: ["read:users", "read:users:name", "read:servers", "read:users:groups",
                                                   "read:users:activity", "read:roles:users"], user: name)
        guard let user = try await hub.store.user(named: name) else { throw HubError.notFound }
        let servers = try await hub.store.servers(userID: user.id ?? 0)
        let includeStopped = request.uri.queryParameters["include_stopped_servers"] != nil
        return APIResponses.json(models.user(user, servers: servers, scopes: identity.scopes, includeStopped: includeStopped))
    }

    /// `POST /hub/api/users/:name/activity`, as single-user servers send it (singleuser-protocol.md §8).
    @Sendable func recordActivity(_ request: Request, context: HubRequestContext) async throws -> Response {
        let name = try context.pathParameter("name")
        _ = try context.require(anyOf: ["users:activity"], user: name)
        guard let user = try await hub.store.user(named: name), let userID = user.id else { throw HubError.notFound }
        guard let body = try await APIResponses.jsonObject(request, context: context),
              body["last_activity"] != nil || body["servers"] != nil else {
            throw HubError.badRequest("body must be a JSON object with last_activity and/or servers")
        }
        if let value = body["last_activity"] {
            try await hub.store.recordUserActivity(userID: userID, at: try Self.activityDate(value, field: "last_activity"))
        }
        if let servers = body["servers"] {
            guard let servers = servers as? [String: Any] else { throw HubError.badRequest("servers must be an object of server names") }
            for (serverName, entry) in servers {
                guard let server = try await hub.store.server(userID: userID, name: serverName), let serverID = server.id else {
                    throw HubError.badRequest("No such server '\(serverName)' for user \(name)")
                }
                guard let entry = entry as? [String: Any], let value = entry["last_activity"] else {
                    throw HubError.badRequest("servers.\(serverName) needs last_activity")
                }
                let date = try Self.activityDate(value, field: "servers.\(serverName).last_activity")
                try await hub.store.recordServerActivity(serverID: serverID, userID: userID, at: date)
            }
        }
        return APIResponses.empty(.ok)
    }

    static func activityDate(_ value: Any, field: String) throws -> Date {
        guard let text = value as? String, let date = Timestamp.parse(text) else {
            throw HubError.badRequest("\(field) is not an ISO 8601 timestamp")
        }
        guard date < Date().addingTimeInterval(59 * 60) else {
            throw HubError.badRequest("\(field) is in the future: check the server's clock")
        }
        return date
    }
}
