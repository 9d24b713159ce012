import Foundation
import HubModel

/// JupyterHub's JSON models (rest-api.md §3), showing only the fields the caller's scopes allow.
struct Models {
    let hub: Hub

    /// The user model as `scopes` may see it.
    func user(_ user: UserRecord, servers: [ServerRecord], scopes: ScopeSet, includeStopped: Bool = false) -> JSONValue {
        func allowed(_ base: String) -> Bool { scopes.check(base, user: user.name) == .allowed }
        var model: [String: JSONValue] = ["kind": "user", "name": .string(user.name)]
        let defaultServer = servers.first { $0.name.isEmpty }
        if allowed("read:users") || allowed("read:users:name") || allowed("read:roles:users") {
            model["admin"] = .bool(user.admin)
        }
        if allowed("read:users") || allowed("read:roles:users") {
            model["roles"] = .strings(user.admin ? ["admin", "user"] : ["user"])
        }
        if allowed("read:users") || allowed("read:users:groups") {
            model["groups"] = []
        }
        if allowed("read:users") {
            model["created"] = .timestamp(user.created)
            model["server"] = defaultServer.flatMap { isReady($0, user: user.name) ? .string(ServerNames.prefix(user: user.name, server: "")) : nil } ?? .null
            model["pending"] = defaultServer.map { pending($0) } ?? .null
        }
        if allowed("read:users") || allowed("read:users:activity") {
            model["last_activity"] = .timestamp(user.lastActivity)
        }
        if allowed("read:servers") {
            let shown = servers.filter { includeStopped || $0.phase != .stopped }
            let showState = scopes.check("admin:server_state", user: user.name) == .allowed
            model["servers"] = .object(Dictionary(uniqueKeysWithValues: shown.map {
                ($0.name, server($0, user: user.name, showState: showState))
            }))
        }
        return .object(model)
    }

    func server(_ server: ServerRecord, user: String, showState: Bool) -> JSONValue {
        let prefix = ServerNames.prefix(user: user, server: server.name)
        let ready = isReady(server, user: user)
        let progressURL = server.name.isEmpty
            ? "/hub/api/users/\(user)/server/progress" : "/hub/api/users/\(user)/servers/\(server.name)/progress"
        let publicBase = String(hub.configuration.resolvedPublicURL.trimmingSuffix("/"))
        var model: [String: JSONValue] = [
            "name": .string(server.name),
            "full_name": .string(ServerNames.fullName(user: user, server: server.name)),
            "display_name": .string(server.name),
            "ready": .bool(ready),
            "pending": pending(server),
            "stopped": .bool(!ready && server.phase != .spawning && server.phase != .stopping),
            "url": .string(prefix),
            "full_url": publicBase.isEmpty ? .null : .string(publicBase + prefix),
            "progress_url": .string(progressURL),
            "full_progress_url": publicBase.isEmpty ? .null : .string(publicBase + progressURL),
            "started": .timestamp(server.started),
            "last_activity": .timestamp(server.lastActivity),
            "user_options": .object(server.userOptions.mapValues { .string($0) }),
        ]
        if let reason = server.stopReason { model["stop_reason"] = .string(reason) }
        if showState { model["state"] = .object(server.spawnerState.mapValues { .string($0) }) }
        return .object(model)
    }

    func token(_ token: TokenRecord, owner: String) -> JSONValue {
        [
            "id": .string(token.apiID),
            "kind": "api_token",
            "user": .string(owner),
            "roles": [],
            "scopes": .strings(ScopeSet(token.scopes.compactMap(Scope.init(parsing:))).strings),
            "created": .timestamp(token.created),
            "last_activity": .timestamp(token.lastActivity),
            "expires_at": .timestamp(token.expiresAt),
            "note": .string(token.note),
            "session_id": token.sessionID.map { .string($0) } ?? .null,
            "oauth_client": token.clientID.map { .string($0) } ?? .null,
        ]
    }

    func isReady(_ server: ServerRecord, user: String) -> Bool {
        server.phase == .running && hub.routes.route(prefix: ServerNames.prefix(user: user, server: server.name)) != nil
    }

    func pending(_ server: ServerRecord) -> JSONValue {
        switch server.phase {
        case .spawning: "spawn"
        case .stopping: "stop"
        case .running, .stopped: .null
        }
    }
}
