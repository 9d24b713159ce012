import Auth
import Testing

/// JupyterHub's open-redirect vectors (CVE-2019-10255, CVE-2026-33709) and a few more.
@Suite struct SafeRedirectTests {
    static let host = "hub.example.org"

    @Test("unsafe targets fall back to the default", arguments: [
        "https://other.domain", "ftp://other.domain", "//other.domain", "///other.domain/triple", "\\\\other.domain/backslashes",
        "/\\other.domain", "relative/path", "javascript:alert(1)", "/%2F%2Fother.domain", "/%5Cother.domain", "https://other.domain/hub/",
        "http://\(host)@other.domain/", "\t//other.domain", "/\n/other.domain", "",
    ])
    func unsafe(next: String) {
        #expect(SafeRedirect.target(next, host: Self.host, fallback: "/hub/home") == "/hub/home")
    }

    @Test("own-host URLs become local paths, never protocol-relative", arguments: [
        ("https://\(host)/other.domain/", "/other.domain/"), ("https://\(host)//other.domain/", "/other.domain/"),
        ("https://\(host)///other.domain/", "/other.domain/"), ("https://\(host)////other.domain/", "/other.domain/"),
        ("http://\(host)/hub/spawn?x=1", "/hub/spawn?x=1"),
    ])
    func ownHost(next: String, expected: String) {
        #expect(SafeRedirect.target(next, host: Self.host, fallback: "/hub/home") == expected)
    }

    @Test("local paths pass", arguments: ["/hub/home", "/user/alice/lab?redirects=1", "/hub/user/alice/tree/a%20b"])
    func local(next: String) {
        #expect(SafeRedirect.target(next, host: Self.host, fallback: "/hub/home") == next)
    }
}
