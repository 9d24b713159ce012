import Foundation
import HTTPTypes
import HubModel
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct HubSecurityTests {
    @Test func everyResponseCarriesTheJupyterHubVersion() async throws {
        try await RouterHarness().run { client in
            for uri in ["/hub/api", "/hub/api/", "/hub/login", "/hub/api/nope", "/hub/api/user"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.headers[HTTPField.Name("X-JupyterHub-Version")!] == "5.4.0", "\(uri)")
            }
            let missing = try await client.execute(uri: "/hub/api/nope", method: .get)
            #expect(missing.status == .notFound)
            #expect(String(buffer: missing.body).contains("\"status\":404"))
        }
    }

    @Test func loginNeedsTheFormsXSRFToken() async throws {
        try await RouterHarness().run { client in
            let form = try await client.execute(uri: "/hub/login", method: .get)
            var jar = CookieJar()
            jar.take(form)
            for (token, extra) in [("", [:]), ("0123", [:]), ("", ["Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Site": "cross-site"])] as [(String, [String: String])] {
                var headers: HTTPFields = [.cookie: jar.header, .contentType: "application/x-www-form-urlencoded"]
                for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
                let response = try await client.execute(uri: "/hub/login", method: .post, headers: headers,
                                                        body: ByteBuffer(string: "_xsrf=\(token)&username=mallory"))
                #expect(response.status == .forbidden)
                #expect(response.headers[values: .setCookie].allSatisfy { !$0.hasPrefix("jupyterhub-hub-login=") })
            }
        }
    }

    @Test("login's next= never leaves the hub", arguments: [
        "https://other.domain", "//other.domain", "///other.domain/triple", "/\\other.domain", "\\\\other.domain", "javascript:alert(1)",
        "https://localhost//other.domain",
    ])
    func loginRedirectStaysLocal(next: String) async throws {
        try await RouterHarness().run { client in
            let (_, response) = try await client.logIn("alice", next: next)
            #expect(response.status == .found)
            let location = response.headers[.location] ?? ""
            #expect(location.hasPrefix("/") && !location.hasPrefix("//") && !location.contains("\\"), "\(next) → \(location)")
        }
    }

    @Test func sessionCookiesAreHttpOnlyLaxAndSecureBehindHTTPS() async throws {
        try await RouterHarness().run { client in
            let (_, response) = try await client.logIn("alice")
            let cookies = response.headers[values: .setCookie].filter { $0.hasPrefix("jupyterhub-") }
            #expect(cookies.count == 2)
            for cookie in cookies {
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"))
            }
        }
        try await RouterHarness { $0.publicURL = "https://hub.example.org" }.run { client in
            let (_, response) = try await client.logIn("alice")
            #expect(response.headers[values: .setCookie].filter { $0.hasPrefix("jupyterhub-") }.allSatisfy { $0.contains("Secure") })
        }
    }

    @Test func forwardedProtoFromAnUntrustedPeerDoesNotMakeCookiesSecure() async throws {
        try await RouterHarness().run { client in
            let form = try await client.execute(uri: "/hub/login", method: .get)
            var jar = CookieJar()
            jar.take(form)
            let response = try await client.execute(
                uri: "/hub/login", method: .post,
                headers: [.cookie: jar.header, .contentType: "application/x-www-form-urlencoded", HTTPField.Name("X-Forwarded-Proto")!: "https"],
                body: ByteBuffer(string: "_xsrf=\(Browser.xsrf(in: String(buffer: form.body)) ?? "")&username=alice"))
            #expect(response.headers[values: .setCookie].filter { $0.hasPrefix("jupyterhub-") }.allSatisfy { !$0.contains("Secure") })
        }
    }

    @Test func cookieAuthenticatedAPIWritesNeedXSRF() async throws {
        try await RouterHarness().run { client in
            let (jar, _) = try await client.logIn("alice")
            let body = ByteBuffer(string: #"{"note": "from a page"}"#)
            let forged = try await client.execute(uri: "/hub/api/users/alice/tokens", method: .post,
                                                  headers: [.cookie: jar.header, .contentType: "application/json",
                                                            HTTPField.Name("Sec-Fetch-Mode")!: "no-cors"], body: body)
            #expect(forged.status == .forbidden)
            let home = try await client.execute(uri: "/hub/home", method: .get, headers: [.cookie: jar.header])
            let token = Browser.xsrf(in: String(buffer: home.body)) ?? ""
            let allowed = try await client.execute(uri: "/hub/api/users/alice/tokens", method: .post,
                                                   headers: [.cookie: jar.header, .contentType: "application/json",
                                                             HTTPField.Name("X-XSRFToken")!: token], body: body)
            #expect(allowed.status == .created)
        }
    }

    @Test func identityEndpointAnswers403ForBadTokensAndExpandedScopesForGoodOnes() async throws {
        let harness = try RouterHarness()
        let alice = try await harness.store.ensureUser(named: "alice")
        let token = try await harness.store.issueToken(userID: alice.id!, kind: .api, scopes: ["read:users!user=alice"], note: "").secret
        try await harness.run { client in
            for header in ["token nope", "bearer nope", "Basic abc", ""] {
                let response = try await client.execute(uri: "/hub/api/user", method: .get, headers: [.authorization: header])
                #expect(response.status == .forbidden, "\(header)")
            }
            let response = try await client.execute(uri: "/hub/api/user", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(response.status == .ok)
            let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            #expect(json?["name"] as? String == "alice")
            #expect((json?["scopes"] as? [String])?.contains("read:users:name!user=alice") == true)
        }
    }

    @Test func aUserCannotReadOrStopAnotherUsersServer() async throws {
        let harness = try RouterHarness()
        let bob = try await harness.store.ensureUser(named: "bob")
        _ = try await harness.store.ensureUser(named: "alice")
        let token = try await harness.store.issueToken(userID: bob.id!, kind: .api, scopes: ["inherit"], note: "").secret
        try await harness.run { client in
            for (method, uri) in [(HTTPRequest.Method.get, "/hub/api/users/alice"), (.delete, "/hub/api/users/alice/server"),
                                  (.post, "/hub/api/users/alice/server"), (.get, "/hub/api/users/alice/tokens")] {
                let response = try await client.execute(uri: uri, method: method, headers: [.authorization: "token \(token)"])
                #expect(response.status == .notFound, "\(method) \(uri) → \(response.status)")
            }
            let list = try await client.execute(uri: "/hub/api/users", method: .get, headers: [.authorization: "token \(token)"])
            #expect(list.status == .forbidden)
        }
    }

    @Test func oauthCodesGoOnlyToUsersWhoMayAccessTheServer() async throws {
        let harness = try RouterHarness()
        let alice = try await harness.store.ensureUser(named: "alice")
        let server = try await harness.store.ensureServer(userID: alice.id!, name: "")
        let serverToken = "server-token-for-alice"
        try await harness.store.saveClient(OAuthClientRecord(id: "jupyterhub-user-alice", secretHash: Secret.hash(serverToken),
                                                             redirectURI: "/user/alice/oauth_callback", serverID: server.id!))
        let authorize = "/hub/api/oauth2/authorize?client_id=jupyterhub-user-alice&redirect_uri=%2Fuser%2Falice%2Foauth_callback&response_type=code&state=xyz"
        try await harness.run { client in
            let anonymous = try await client.execute(uri: authorize, method: .get)
            #expect(anonymous.status == .found)
            #expect(anonymous.headers[.location]?.hasPrefix("/hub/login?next=") == true)

            let (bob, _) = try await client.logIn("bob")
            let denied = try await client.execute(uri: authorize, method: .get, headers: [.cookie: bob.header])
            #expect(denied.status == .forbidden)

            let (aliceJar, _) = try await client.logIn("alice")
            let wrongRedirect = try await client.execute(uri: authorize.replacingOccurrences(of: "oauth_callback", with: "evil"), method: .get,
                                                         headers: [.cookie: aliceJar.header])
            #expect(wrongRedirect.status == .badRequest)

            let granted = try await client.execute(uri: authorize, method: .get, headers: [.cookie: aliceJar.header])
            let location = try #require(granted.headers[.location])
            #expect(location.hasPrefix("/user/alice/oauth_callback?code=") && location.hasSuffix("&state=xyz"))
            let code = String(location.split(separator: "code=")[1].prefix { $0 != "&" })

            func exchange(secret: String) async throws -> TestResponse {
                try await client.execute(uri: "/hub/api/oauth2/token", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: "grant_type=authorization_code&client_id=jupyterhub-user-alice&client_secret=\(secret)&code=\(code)&redirect_uri=%2Fuser%2Falice%2Foauth_callback"))
            }
            #expect(try await exchange(secret: "wrong").status == .unauthorized)
            let issued = try await exchange(secret: serverToken)
            #expect(issued.status == .ok)
            let json = try JSONSerialization.jsonObject(with: Data(buffer: issued.body)) as? [String: Any]
            let accessToken = try #require(json?["access_token"] as? String)
            #expect(try await exchange(secret: serverToken).status == .badRequest, "a code must work only once")

            // The browser's token identifies alice and opens her server, and nothing more.
            let identity = try await client.execute(uri: "/hub/api/user", method: .get, headers: [.authorization: "token \(accessToken)"])
            let scopes = (try JSONSerialization.jsonObject(with: Data(buffer: identity.body)) as? [String: Any])?["scopes"] as? [String]
            #expect(scopes == ["access:servers!server=alice/", "read:users:groups!user=alice", "read:users:name!user=alice"])
            let stop = try await client.execute(uri: "/hub/api/users/alice/server", method: .delete, headers: [.authorization: "token \(accessToken)"])
            #expect(stop.status == .forbidden)
        }
    }

    @Test func userListSupportsThePaginationMediaType() async throws {
        let harness = try RouterHarness()
        let admin = try await harness.store.ensureUser(named: "admin", admin: true)
        for name in ["u1", "u2", "u3"] { _ = try await harness.store.ensureUser(named: name) }
        let token = try await harness.store.issueToken(userID: admin.id!, kind: .api, scopes: ["inherit"], note: "").secret
        try await harness.run { client in
            let page = try await client.execute(uri: "/hub/api/users?limit=2&state=inactive", method: .get,
                                                headers: [.authorization: "token \(token)", .accept: "application/jupyterhub-pagination+json"])
            let json = try JSONSerialization.jsonObject(with: Data(buffer: page.body)) as? [String: Any]
            #expect((json?["items"] as? [Any])?.count == 2)
            let next = (json?["_pagination"] as? [String: Any])?["next"] as? [String: Any]
            #expect((next?["url"] as? String)?.contains("offset=2") == true)
            let bare = try await client.execute(uri: "/hub/api/users", method: .get, headers: [.authorization: "token \(token)"])
            #expect((try JSONSerialization.jsonObject(with: Data(buffer: bare.body)) as? [Any])?.count == 4)
            let bad = try await client.execute(uri: "/hub/api/users?state=sleepy", method: .get, headers: [.authorization: "token \(token)"])
            #expect(bad.status == .badRequest)
        }
    }

    @Test func theDefaultServerAnswersAtAnEmptyServerName() async throws {
        let harness = try RouterHarness()
        let admin = try await harness.store.ensureUser(named: "admin", admin: true)
        _ = try await harness.store.ensureUser(named: "alice")
        let token = try await harness.store.issueToken(userID: admin.id!, kind: .api, scopes: ["inherit"], note: "").secret
        try await harness.run { client in
            let stop = try await client.execute(uri: "/hub/api/users/alice/servers/", method: .delete, headers: [.authorization: "token \(token)"])
            #expect(stop.status == .noContent)
        }
    }
}
