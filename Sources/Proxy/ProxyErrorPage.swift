import NIOHTTP1

/// The small page the proxy answers with when an upstream cannot be reached.
enum ProxyErrorPage {
    static func html(status: HTTPResponseStatus, path: String?) -> String {
        let (title, advice): (String, String) = switch status {
        case .serviceUnavailable:
            ("Your server is not answering",
             "It may have stopped or be restarting. The hub can check on it and start it again.")
        default:
            ("The hub is not answering", "Ganymede is starting or restarting. Try again in a few seconds.")
        }
        let home = path.map { "/hub" + $0 } ?? "/hub/home"
        return """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(status.code) \(title)</title>
        <link rel="stylesheet" href="/hub/static/ganymede.css"></head>
        <body><main class="card"><h1>\(title)</h1><p>\(advice)</p>
        <p><a class="button" href="\(home)">Go to the hub</a></p><p class="muted">HTTP \(status.code)</p></main></body></html>
        """
    }
}
