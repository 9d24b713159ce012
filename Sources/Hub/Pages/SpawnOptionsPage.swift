import Spawners

/// The spawn form shown when the spawner offers choices (image profiles): one radio button per
/// profile, the first selected. Submits `profile` to the same URL.
enum SpawnOptionsPage {
    static func render(user: String, path: String, server: String, choices: [SpawnChoice], xsrf: String, next: String) -> String {
        let options = choices.enumerated().map { index, choice in
            """
            <label class="choice"><input type="radio" name="profile" value="\(HTML.escape(choice.name))"\(index == 0 ? " checked" : "")>\
            <span><strong>\(HTML.escape(choice.displayName))</strong><span class="muted">\(HTML.escape(choice.details))</span></span></label>
            """
        }.joined(separator: "\n")
        let title = server.isEmpty ? "Start your server" : "Start server '\(server)'"
        let nextQuery = next.isEmpty ? "" : "?next=\(FormFields.encode(next))"
        return Page.layout(title: title, user: user, body: """
            <section class="card"><h1>\(HTML.escape(title))</h1>
            <form method="post" action="/hub/spawn/\(HTML.escape(path))\(HTML.escape(nextQuery))">
            <input type="hidden" name="_xsrf" value="\(HTML.escape(xsrf))">
            <fieldset class="choices"><legend class="muted">Choose an environment</legend>
            \(options)
            </fieldset>
            <p><button type="submit">Start</button></p></form></section>
            """)
    }
}
