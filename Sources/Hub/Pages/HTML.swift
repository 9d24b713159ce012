import Hummingbird

/// Escaping for text placed in HTML. Every dynamic value in a page goes through `escape`.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// The page shell shared by every hub page.
enum Page {
    static func layout(title: String, user: String? = nil, body: String) -> String {
        let account = user.map {
            "<nav><span class=\"who\">\(HTML.escape($0))</span><a href=\"/hub/home\">Home</a><a href=\"/hub/logout\">Sign out</a></nav>"
        } ?? ""
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title)) · Ganymede</title><link rel="stylesheet" href="/hub/static/ganymede.css"></head>
        <body><header><a class="brand" href="/hub/home">Ganymede</a>\(account)</header>
        <main>\(body)</main></body></html>
        """
    }

    static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
