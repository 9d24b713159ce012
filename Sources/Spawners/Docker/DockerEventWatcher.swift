import Foundation

/// Follows the engine's event stream for this hub's containers, so that a server's status is
/// a lookup rather than a request per server, and a dying container is noticed at once.
///
/// A container counts as known-running only while the stream is connected and the watcher
/// saw it running after connecting; anything else is asked of the engine directly.
actor DockerEventWatcher {
    private var connected = false
    private var running: Set<String> = []
    private var died: Set<String> = []

    /// True when the stream vouches that the container still runs.
    func isKnownRunning(_ id: String) -> Bool {
        connected && running.contains(id)
    }

    /// Records that the container was seen running (ignored while disconnected, or if it already died).
    func sawRunning(_ id: String) {
        if connected && !died.contains(id) { running.insert(id) }
    }

    /// Follows events until cancelled, reconnecting after errors; yields servers that stopped.
    func follow(engine: DockerEngine, label: String, onExit: @Sendable (ServerExit) -> Void) async {
        while !Task.isCancelled {
            do {
                for try await event in engine.containerEvents(label: label, onConnected: { await self.setConnected() }) {
                    handle(event, onExit: onExit)
                }
            } catch {
                // The engine restarted or the connection broke; status falls back to inspect meanwhile.
            }
            setDisconnected()
            try? await Task.sleep(for: .seconds(1))
        }
    }

    private func handle(_ event: ContainerEvent, onExit: @Sendable (ServerExit) -> Void) {
        let id = event.actor.id
        switch event.action {
        case "start":
            sawRunning(id)
        case "die":
            running.remove(id)
            died.insert(id)
            let labels = event.actor.attributes
            if let user = labels[DockerSpawnerSettings.Labels.user], labels[DockerSpawnerSettings.Labels.role] == nil {
                onExit(ServerExit(user: user, server: labels[DockerSpawnerSettings.Labels.server] ?? ""))
            }
        case "destroy":
            running.remove(id)
            died.remove(id)
        default:
            break
        }
    }

    private func setConnected() {
        connected = true
    }

    private func setDisconnected() {
        connected = false
        running.removeAll()
    }
}
