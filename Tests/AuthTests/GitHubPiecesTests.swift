import Foundation
import Testing
@testable import Auth

@Suite struct GitHubPiecesTests {
    @Test("granted scopes are read whether GitHub separates them with commas or spaces")
    func scopes() {
        #expect(GitHubToken.parseScopes("read:org,user:email") == ["read:org", "user:email"])
        #expect(GitHubToken.parseScopes("read:org user:email") == ["read:org", "user:email"])
        #expect(GitHubToken.parseScopes("") == [])
    }

    @Test("token answers in JSON and form encoding, with expiry for GitHub App tokens")
    func tokenAnswers() throws {
        let json = TokenResponse.fields(Array(#"{"access_token":"ghu_1","token_type":"bearer","scope":"","expires_in":28800,"refresh_token":"ghr_1"}"#.utf8))
        let token = try #require(GitHubToken(fields: json, now: Date(timeIntervalSince1970: 0)))
        #expect(token.refreshToken == "ghr_1" && token.expiresAt == Date(timeIntervalSince1970: 28800))
        let form = TokenResponse.fields(Array("access_token=gho_2&scope=read%3Aorg%2Cuser&token_type=bearer".utf8))
        #expect(GitHubToken(fields: form)?.scopes == ["read:org", "user"])
        #expect(GitHubToken(fields: TokenResponse.fields(Array(#"{"error":"bad_verification_code"}"#.utf8))) == nil)
    }

    @Test("PKCE S256 challenge (RFC 7636, appendix B)")
    func pkce() {
        #expect(PendingSignIns.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    @Test("a pending sign-in finishes once")
    func singleUse() async {
        let pending = PendingSignIns()
        let (state, _) = await pending.begin(next: "/hub/home")
        #expect(await pending.finish(state: state)?.next == "/hub/home")
        #expect(await pending.finish(state: state) == nil)
        #expect(await pending.finish(state: "forged") == nil)
    }

    @Test("sealed auth state opens with its key only, and tampering is detected")
    func cipher() throws {
        let cipher = AuthStateCipher(key: Array(repeating: 7, count: 32))
        let sealed = try cipher.seal(Data("gho_secret".utf8))
        #expect(!String(decoding: sealed, as: UTF8.self).contains("gho_secret"))
        #expect(try cipher.open(sealed) == Data("gho_secret".utf8))
        #expect(throws: (any Error).self) { try AuthStateCipher(key: Array(repeating: 8, count: 32)).open(sealed) }
        var tampered = sealed
        tampered[tampered.count / 2] ^= 1
        #expect(throws: (any Error).self) { try cipher.open(tampered) }
    }
}
