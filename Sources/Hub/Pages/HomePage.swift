import HubModel

/// The signed-in user's servers: open, start, stop, read the log, create a named server.
enum HomePage {
    struct Row {
        var server: ServerRecord
        var ready: Bool
    }

    static func render(user: UserRecord, rows: [Row], namedServerLimit: Int, xsrf: String) -> String {
        let token = "<input type=\"hidden\" name=\"_xsrf\" value=\"\(HTML.escape(xsrf))\">"
        let defaultRow = rows.first { $0.server.name.isEmpty } ?? Row(server: ServerRecord(userID: user.id ?? 0, name: ""), ready: false)
        let named = rows.filter { !$0.server.name.isEmpty }
        let lines = ([defaultRow] + named).map { row(user: user.name, $0, token: token) }.joined()
        var creation = ""
        if namedServerLimit > 0 {
            creation = named.count >= namedServerLimit
                ? "<p class=\"muted\">You have \(named.count) of \(namedServerLimit) named servers.</p>"
                : """
                <form method="post" action="/hub/spawn/\(HTML.escape(user.name))">\(token)
                <div class="row"><div><label for="server_name">New named server</label>
                <input type="text" id="server_name" name="server_name" required pattern="[a-z][a-z0-9-]{0,29}" maxlength="30" placeholder="e.g. experiment-1"></div>
                <div><button type="submit">Create and start</button></div></div>
                <p class="muted">Names: \(HTML.escape(ServerNames.rule)).</p></form>
                """
        }
        return Page.layout(title: "Home", user: user.name, body: """
            <section class="card"><h1>Your servers</h1>
            <table><thead><tr><th scope="col">Server</th><th scope="col">Status</th><th scope="col"><span class="muted">Actions</span></th></tr></thead>
            <tbody>\(lines)</tbody></table></section>
            <section class="card">\(creation)</section>
            """)
    }

    static func row(user: String, _ row: Row, token: String) -> String {
        let server = row.server
        let label = server.name.isEmpty ? "Default server" : HTML.escape(server.name)
        let prefix = ServerNames.prefix(user: user, server: server.name)
        let path = server.name.isEmpty ? HTML.escape(user) : "\(HTML.escape(user))/\(HTML.escape(server.name))"
        let status: String
        let actions: String
        switch (server.phase, row.ready) {
        case (.running, true):
            status = "<span class=\"status running\">Running</span>"
            actions = """
            <a class="button" href="\(HTML.escape(prefix))">Open</a>
            <form method="post" action="/hub/stop/\(path)">\(token)<button class="secondary" type="submit">Stop</button></form>
            """
        case (.spawning, _), (.running, false):
            status = "<span class=\"status pending\">Starting…</span>"
            actions = "<a class=\"button secondary\" href=\"/hub/spawn-pending/\(path)\">Progress</a>"
        case (.stopping, _):
            status = "<span class=\"status pending\">Stopping…</span>"
            actions = ""
        case (.stopped, _):
            let reason = server.stopReason.map { "<br><span class=\"muted\">Stopped: \(HTML.escape($0))</span>" } ?? ""
            status = "<span class=\"status stopped\">Stopped</span>\(reason)"
            actions = "<form method=\"post\" action=\"/hub/spawn/\(path)\">\(token)<button type=\"submit\">Start</button></form>"
        }
        let log = server.started == nil ? "" : " <a href=\"/hub/log/\(path)\">Log</a>"
        return "<tr><td>\(label)</td><td>\(status)</td><td class=\"actions\">\(actions)\(log)</td></tr>"
    }
}
