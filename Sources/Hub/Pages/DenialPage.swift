import Auth

/// Why someone may not sign in: the rule set in words, what failed, and how to fix it; for
/// administrators also the provider's raw answers.
enum DenialPage {
    static func render(_ denial: Denial, showAnswers: Bool) -> String {
        let details = denial.details.map { "<p>\(HTML.escape($0))</p>" }.joined()
        let answers = showAnswers && !denial.answers.isEmpty
            ? "<h2>GitHub's answers (shown to administrators)</h2><ul>" + denial.answers.map { "<li><code>\(HTML.escape($0))</code></li>" }.joined() + "</ul>"
            : ""
        return Page.layout(title: "Not admitted", body: """
            <section class="card"><h1>Not admitted</h1><p class="error" role="alert">\(HTML.escape(denial.summary))</p>\(details)\(answers)
            <p><a class="button" href="/hub/login">Back to sign-in</a></p></section>
            """)
    }
}
