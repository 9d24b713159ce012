import Foundation
import HubModel
import Logging
import Proxy
import Spawners

/// Runs every server's life: spawn (token, OAuth client, spawner, readiness, route), stop,
/// re-adoption after a hub restart, and the periodic check that servers are still alive.
/// Spawns run concurrently; only bookkeeping passes through this actor.
public actor ServerController {
    /// Timing and URLs the controller needs from configuration.
    public struct Settings: Sendable {
        public var environment: SingleUserEnvironment
        public var startTimeout: Duration
        public var httpTimeout: Duration
        public var stopGrace: Duration = .seconds(5)
        /// Extra variables for a user's servers (e.g. their GitHub token); the hub's own win.
        public var userEnvironment: @Sendable (UserRecord) -> [String: String] = { _ in [:] }

        public init(environment: SingleUserEnvironment, startTimeout: Duration, httpTimeout: Duration) {
            self.environment = environment
            self.startTimeout = startTimeout
            self.httpTimeout = httpTimeout
        }
    }

    /// The outcome of a start request.
    public enum StartResult: Sendable, Equatable {
        case ready(url: String)
        /// Still starting; follow the progress stream.
        case pending
        /// It was running already; nothing was started.
        case alreadyRunning(url: String)
    }

    /// The outcome of a stop request.
    public enum StopResult: Sendable, Equatable {
        case stopped
        case pending
    }

    struct Key: Hashable {
        var user: String
        var server: String
    }

    let store: HubStore
    let spawner: any Spawner
    let routes: RouteTable
    let probe: ReadinessProbe
    let settings: Settings
    let logger: Logger
    private var spawns: [Key: ProgressLog] = [:]
    private var stopping: [Key: Task<Void, Never>] = [:]

    public init(store: HubStore, spawner: any Spawner, routes: RouteTable, probe: ReadinessProbe, settings: Settings, logger: Logger) {
        self.store = store
        self.spawner = spawner
        self.routes = routes
        self.probe = probe
        self.settings = settings
        self.logger = logger
    }

    // MARK: Questions

    /// What users may choose from when starting a server (empty: nothing to choose).
    public nonisolated var choices: [SpawnChoice] { spawner.choices }

    /// Whether the server runs or is starting (a start request would not start anything new).
    public func isRunningOrStarting(user: UserRecord, server: String) -> Bool {
        if isSpawning(user: user.name, server: server) { return true }
        return routes.route(prefix: ServerNames.prefix(user: user.name, server: server)) != nil
    }

    /// Whether a spawn for this server is under way.
    public func isSpawning(user: String, server: String) -> Bool {
        spawns[Key(user: user, server: server)].map { !$0.isFinished } ?? false
    }

    /// The progress stream of the current or last spawn; nil if there was none since the hub started.
    public func progress(user: String, server: String) -> AsyncStream<ProgressEvent>? {
        spawns[Key(user: user, server: server)]?.subscribe()
    }

    public func log(of server: ServerRecord, maxBytes: Int = 64 * 1024) async -> String? {
        await spawner.log(state: server.spawnerState, maxBytes: maxBytes)
    }

    // MARK: Start

    /// Starts a server and waits up to `wait` for it to be ready.
    /// `requestedOptions` are the user's `user_options`; the spawner refuses any it does not offer (400).
    public func start(user: UserRecord, server name: String, options requestedOptions: [String: String], wait: Duration) async throws -> StartResult {
        let key = Key(user: user.name, server: name)
        if stopping[key] != nil { throw HubError(.badRequest, "\(describe(key)) is stopping; try again in a moment") }
        if let log = spawns[key], !log.isFinished { return .pending }
        guard let userID = user.id else { throw HubError(.notFound, "no such user") }
        let options: [String: String]
        do {
            options = try spawner.validate(options: requestedOptions)
        } catch let error as SpawnError {
            throw HubError(.badRequest, error.message)
        }
        var record = try await store.ensureServer(userID: userID, name: name)
        if record.phase == .running, routes.route(prefix: ServerNames.prefix(user: user.name, server: name)) != nil {
            return .alreadyRunning(url: ServerNames.prefix(user: user.name, server: name))
        }

        let log = ProgressLog()
        spawns[key] = log
        log.emit(ProgressEvent(progress: 0, message: "Server requested"))
        record.phase = .spawning
        record.started = Date()
        record.stopReason = nil
        record.userOptions = options
        try await store.save(record)
        let spawnRecord = record
        Task { await self.runSpawn(key: key, user: user, record: spawnRecord, log: log) }

        guard let event = await firstFinalEvent(of: log.subscribe(), within: wait) else { return .pending }
        if event.ready == true { return .ready(url: ServerNames.prefix(user: user.name, server: name)) }
        throw HubError(.internalServerError, event.message)
    }

    private func runSpawn(key: Key, user: UserRecord, record: ServerRecord, log: ProgressLog) async {
        var record = record
        let prefix = ServerNames.prefix(user: key.user, server: key.server)
        do {
            guard let serverID = record.id else { throw SpawnError("the server record has no id") }
            let token = try await store.issueToken(userID: record.userID, kind: .server,
                                                   scopes: ScopeCatalogue.serverTokenScopes(user: key.user, server: key.server).map(\.description),
                                                   note: "Server at \(prefix)", serverID: serverID)
            try await store.saveClient(OAuthClientRecord(id: ServerNames.clientID(user: key.user, server: key.server),
                                                         secretHash: token.record.hash, redirectURI: prefix + "oauth_callback",
                                                         serverID: serverID))
            let environment = settings.userEnvironment(user).merging(
                settings.environment.variables(user: key.user, server: key.server, token: token.secret)) { _, hub in hub }
            let request = SpawnRequest(user: key.user, serverName: key.server, prefix: prefix, environment: environment,
                                       options: record.userOptions, previousState: record.spawnerState)
            let report: @Sendable (SpawnProgress) async -> Void = { event in
                await self.emit(ProgressEvent(progress: event.progress, message: event.message), key: key)
            }
            // Pulling has no overall limit while bytes flow; the start timeout begins after it.
            try await spawner.prepare(request, progress: report)
            let spawned = try await withTimeout(settings.startTimeout, "start the server") {
                try await self.spawner.start(request, progress: report)
            }
            record.url = spawned.url
            record.spawnerState = spawned.state
            try await store.save(record)

            log.emit(ProgressEvent(progress: 60, message: "Waiting for the server to answer"))
            let spawner = self.spawner
            let state = spawned.state
            _ = try await probe.waitUntilReady(url: spawned.url, prefix: prefix, timeout: settings.httpTimeout,
                                               isAlive: { await spawner.status(state: state) })
            guard let target = ProxyTarget(url: spawned.url) else { throw SpawnError("the spawner reported an unusable URL \(spawned.url)") }
            routes.add(Route(prefix: prefix, target: target, user: key.user, serverName: key.server))
            record.phase = .running
            try await store.save(record)
            logger.info("server ready", metadata: ["server": "\(describe(key))", "target": "\(spawned.url)"])
            log.emit(.ready(url: prefix))
        } catch {
            var reason = "\(error)"
            if let tail = await lastLogLines(of: record) { reason += ". The server's last words: \(tail)" }
            logger.warning("spawn failed", metadata: ["server": "\(describe(key))", "reason": "\(reason)"])
            try? await spawner.stop(state: record.spawnerState, grace: .seconds(2))
            await markStopped(record, key: key, reason: "it failed to start: \(reason)")
            log.emit(.failed(reason))
        }
    }

    /// The last few lines a failed server wrote (a traceback's last line usually says why), bounded.
    private func lastLogLines(of server: ServerRecord) async -> String? {
        guard let log = await spawner.log(state: server.spawnerState, maxBytes: 4096) else { return nil }
        let lines = log.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.suffix(3)
        guard !lines.isEmpty else { return nil }
        return String(lines.joined(separator: " / ").suffix(400))
    }

    private func emit(_ event: ProgressEvent, key: Key) {
        spawns[key]?.emit(event)
    }

    // MARK: Stop

    /// Stops a server and waits up to `wait` for it to be gone.
    public func stop(user: UserRecord, server name: String, wait: Duration) async throws -> StopResult {
        let key = Key(user: user.name, server: name)
        if let task = stopping[key] { return await finishes(task, within: wait) ? .stopped : .pending }
        if let log = spawns[key], !log.isFinished {
            throw HubError(.badRequest, "\(describe(key)) is still starting; stop it once it is ready")
        }
        guard let userID = user.id, var record = try await store.server(userID: userID, name: name), record.phase != .stopped else {
            return .stopped
        }
        routes.remove(prefix: ServerNames.prefix(user: key.user, server: key.server))
        record.phase = .stopping
        try await store.save(record)
        let stoppingRecord = record
        let task = Task {
            try? await self.spawner.stop(state: stoppingRecord.spawnerState, grace: self.settings.stopGrace)
            await self.markStopped(stoppingRecord, key: key, reason: nil)
            self.finishStop(key)
        }
        stopping[key] = task
        return await finishes(task, within: wait) ? .stopped : .pending
    }

    private func finishStop(_ key: Key) {
        stopping[key] = nil
    }

    private func finishes(_ task: Task<Void, Never>, within wait: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await task.value; return true }
            group.addTask { try? await Task.sleep(for: wait); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// Records a server as stopped, revoking its token and OAuth client (and the browser tokens it issued).
    private func markStopped(_ server: ServerRecord, key: Key, reason: String?) async {
        guard let id = server.id else { return }
        routes.remove(prefix: ServerNames.prefix(user: key.user, server: key.server))
        var record = (try? await store.server(userID: server.userID, name: server.name)) ?? server
        record.phase = .stopped
        record.url = nil
        record.spawnerState = spawner.durableState(record.spawnerState)
        record.stopReason = reason
        do {
            try await store.deleteServerTokens(serverID: id)
            try await store.deleteClients(serverID: id)
            try await store.save(record)
        } catch {
            logger.error("cannot record a stopped server", metadata: ["server": "\(id)", "error": "\(error)"])
        }
    }

    // MARK: Watching

    /// At startup: brings back every server that still runs, before the hub serves, and
    /// marks the others stopped with the reason.
    public func adoptServers() async throws {
        let active = try await store.activeServers()
        await withTaskGroup(of: Void.self) { group in
            for record in active {
                group.addTask { await self.adopt(record) }
            }
        }
    }

    private func adopt(_ record: ServerRecord) async {
        guard let user = try? await store.user(id: record.userID) else { return }
        let key = Key(user: user.name, server: record.name)
        let prefix = ServerNames.prefix(user: user.name, server: record.name)
        guard let url = record.url, let target = ProxyTarget(url: url),
              case .running = await spawner.status(state: record.spawnerState) else {
            await markStopped(record, key: key, reason: "it stopped while the hub was down")
            return
        }
        do {
            let spawner = self.spawner
            let state = record.spawnerState
            _ = try await probe.waitUntilReady(url: url, prefix: prefix, timeout: .seconds(10), isAlive: { await spawner.status(state: state) })
            routes.add(Route(prefix: prefix, target: target, user: user.name, serverName: record.name))
            var running = record
            running.phase = .running
            try await store.save(running)
            logger.info("re-adopted running server", metadata: ["server": "\(describe(key))", "target": "\(url)"])
        } catch {
            try? await spawner.stop(state: record.spawnerState, grace: settings.stopGrace)
            await markStopped(record, key: key, reason: "it did not answer after the hub restarted")
        }
    }

    /// Checks every routed server: notes traffic as activity, and stops tracking servers that died.
    public func sweep() async {
        for route in routes.all {
            await check(route)
        }
    }

    /// Checks one route's server (also called when the proxy found it unreachable).
    public func check(_ route: Route) async {
        guard let user = try? await store.user(named: route.user), let userID = user.id,
              let record = try? await store.server(userID: userID, name: route.serverName), let serverID = record.id else { return }
        if let seen = route.lastActivity, seen > (record.lastActivity ?? .distantPast) {
            try? await store.recordServerActivity(serverID: serverID, userID: userID, at: seen)
        }
        guard record.phase == .running, case .stopped(let reason) = await spawner.status(state: record.spawnerState) else { return }
        logger.warning("server stopped on its own", metadata: ["server": "\(route.prefix)", "reason": "\(reason)"])
        try? await spawner.stop(state: record.spawnerState, grace: .seconds(1))  // clears what is left, e.g. the dead container
        await markStopped(record, key: Key(user: route.user, server: route.serverName), reason: reason)
    }

    /// Servers the spawner saw stop on its own (see `Spawner.exits()`).
    public nonisolated func exits() -> AsyncStream<ServerExit> { spawner.exits() }

    /// Checks a server the spawner saw stop on its own.
    public func check(_ exit: ServerExit) async {
        guard let route = routes.route(prefix: ServerNames.prefix(user: exit.user, server: exit.server)) else { return }
        await check(route)
    }

    private func describe(_ key: Key) -> String {
        key.server.isEmpty ? "\(key.user)'s server" : "\(key.user)'s server '\(key.server)'"
    }
}

