/// Asks an admin to confirm before opening another user's server (singleuser-protocol.md §6.2 step 6).
enum AuthorizePage {
    static func render(grant: OAuthProvider.Grant, identity: Identity, xsrf: String) -> String {
        let hidden = grant.parameters.sorted { $0.key < $1.key }.filter { $0.key != "_xsrf" }.map {
            "<input type=\"hidden\" name=\"\(HTML.escape($0.key))\" value=\"\(HTML.escape($0.value))\">"
        }.joined()
        let server = grant.serverName.isEmpty ? "\(grant.owner.name)'s server" : "\(grant.owner.name)'s server \(grant.serverName)"
        return Page.layout(title: "Authorize access", user: identity.userName, body: """
            <section class="card"><h1>Open \(HTML.escape(server))?</h1>
            <p>You are signed in as <strong>\(HTML.escape(identity.userName))</strong>. As an admin you may open this server; it will see who you are.</p>
            <form method="post" action="/hub/api/oauth2/authorize"><input type="hidden" name="_xsrf" value="\(HTML.escape(xsrf))">\(hidden)
            <p><button type="submit">Authorize</button> <a class="button secondary" href="/hub/home">Cancel</a></p></form></section>
            """)
    }
}
