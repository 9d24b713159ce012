import Auth
import Testing

@Suite struct DevAuthenticatorTests {
    let authenticator = DevAuthenticator(adminUsers: ["Admin"])

    @Test func normalizesAndAdmits() async throws {
        #expect(try await authenticator.authenticate(["username": "  Alice "]) == .admitted(AuthenticatedUser(name: "alice", admin: nil)))
        #expect(try await authenticator.authenticate(["username": "admin"]) == .admitted(AuthenticatedUser(name: "admin", admin: true)))
    }

    @Test("invalid names are denied with a reason", arguments: ["", "a b", "../etc", "<script>", String(repeating: "x", count: 1_000_000)])
    func denies(name: String) async throws {
        guard case .denied(let denial) = try await authenticator.authenticate(["username": name]) else {
            Issue.record("admitted \(name.prefix(20))")
            return
        }
        #expect(denial.summary.count < 200)
    }
}

@Suite struct XSRFTokenTests {
    @Test func tokensAreBoundToTheirBrowser() {
        let xsrf = XSRFToken(secret: "s3cret")
        let token = xsrf.token(for: "session-a")
        #expect(xsrf.isValid(token, for: "session-a"))
        #expect(!xsrf.isValid(token, for: "session-b"))
        #expect(!xsrf.isValid(nil, for: "session-a"))
        #expect(!xsrf.isValid("", for: "session-a"))
        #expect(!XSRFToken(secret: "other").isValid(token, for: "session-a"))
    }
}
