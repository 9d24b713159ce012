/// A page that says what happened and what to do, with an optional action.
enum MessagePage {
    static func render(title: String, message: String, user: String? = nil, action: (label: String, href: String)? = nil) -> String {
        let button = action.map { "<p><a class=\"button\" href=\"\(HTML.escape($0.href))\">\(HTML.escape($0.label))</a></p>" } ?? ""
        return Page.layout(title: title, user: user, body: """
            <section class="card"><h1>\(HTML.escape(title))</h1><p>\(HTML.escape(message))</p>\(button)</section>
            """)
    }
}
