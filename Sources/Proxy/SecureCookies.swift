import NIOHTTP1

/// Marks the cookies a server sets `Secure` when the browser reached Ganymede over https (as a
/// trusted front proxy reports). jupyter_server's `_xsrf` and marimo's session cookie never mark
/// themselves, so otherwise a browser would also send them to the same host over plain http.
enum SecureCookies {
    static func mark(_ headers: inout HTTPHeaders) {
        let cookies = headers["set-cookie"]
        guard cookies.contains(where: { !isSecure($0) }) else { return }
        headers.remove(name: "set-cookie")
        for cookie in cookies {
            headers.add(name: "set-cookie", value: isSecure(cookie) ? cookie : cookie + "; Secure")
        }
    }

    /// Whether a `Set-Cookie` value has the `Secure` attribute (any case, any spacing).
    static func isSecure(_ cookie: String) -> Bool {
        cookie.split(separator: ";").dropFirst().contains { attribute in
            let words = attribute.split(whereSeparator: { $0 == " " || $0 == "\t" })
            return words.count == 1 && words[0].lowercased() == "secure"
        }
    }
}
