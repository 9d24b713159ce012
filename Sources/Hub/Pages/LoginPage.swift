import Auth

/// The sign-in page: a username form (dev login) or a provider button.
enum LoginPage {
    static func render(style: LoginStyle, next: String, xsrf: String, error: String? = nil) -> String {
        let problem = error.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        let form: String
        switch style {
        case .usernameForm(let note):
            form = """
            <form method="post" action="/hub/login?next=\(HTML.escape(FormFields.encode(next)))">
            <input type="hidden" name="_xsrf" value="\(HTML.escape(xsrf))">
            <label for="username">Username</label>
            <input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus maxlength="64">
            <p><button type="submit">Sign in</button></p></form><p class="muted">\(HTML.escape(note))</p>
            """
        case .button(let label, let path):
            form = "<p><a class=\"button\" href=\"\(HTML.escape(path))?next=\(HTML.escape(FormFields.encode(next)))\">\(HTML.escape(label))</a></p>"
        }
        return Page.layout(title: "Sign in", body: "<section class=\"card\"><h1>Sign in</h1>\(problem)\(form)</section>")
    }
}
