import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Why a call to GitHub failed.
public enum GitHubError: Error, Sendable, Equatable, CustomStringConvertible {
    /// GitHub could not be reached or gave no usable answer: down, slow, 5xx, rate-limited, bad JSON.
    case unreachable(String)
    /// GitHub refused an OAuth request: a bad or reused code, a wrong client secret, a callback mismatch.
    case refused(error: String, description: String)
    /// The token is not, or no longer, valid.
    case badCredentials

    public var description: String {
        switch self {
        case .unreachable(let why): "GitHub could not be reached: \(why)"
        case .refused(let error, let description): "GitHub refused the sign-in (\(error)): \(description)"
        case .badCredentials: "GitHub no longer accepts this user's token"
        }
    }
}

/// A GitHub account, as `GET /user` describes it.
public struct GitHubUser: Sendable, Equatable, Codable {
    /// GitHub's numeric id: stays the same when the login is renamed.
    public var id: Int64
    public var login: String
    public var name: String?
}

/// What GitHub says about one user's membership of an org or team.
public enum Membership: Sendable, Equatable {
    case member
    /// Invited to the team but has not accepted yet.
    case pending
    /// GitHub says "not a member" to this token: true, or the membership is private and the
    /// OAuth app cannot see it.
    case notVisible
}

/// Calls GitHub's OAuth endpoints and REST API for one github.com or Enterprise Server.
public struct GitHubClient: Sendable {
    public struct Settings: Sendable {
        /// `https://github.com` or the Enterprise Server's URL, without trailing slash.
        public var webURL: String
        /// The REST API base without trailing slash.
        public var apiURL: String
        public var clientID: String
        public var clientSecret: String
        public var callbackURL: String
        public var timeout: Duration

        public init(webURL: String, apiURL: String, clientID: String, clientSecret: String, callbackURL: String, timeout: Duration) {
            self.webURL = webURL
            self.apiURL = apiURL
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.callbackURL = callbackURL
            self.timeout = timeout
        }
    }

    public let settings: Settings
    let http: HTTPClient

    public init(settings: Settings, http: HTTPClient) {
        self.settings = settings
        self.http = http
    }

    /// The page GitHub's sign-in starts at.
    public func authorizationURL(state: String, codeChallenge: String, scopes: [String]) -> String {
        let query = FormEncoding.encode([
            ("client_id", settings.clientID), ("redirect_uri", settings.callbackURL), ("scope", scopes.joined(separator: " ")),
            ("state", state), ("response_type", "code"), ("code_challenge", codeChallenge), ("code_challenge_method", "S256"),
        ])
        return settings.webURL + "/login/oauth/authorize?" + query
    }

    /// Trades the callback's code for a token.
    public func exchange(code: String, verifier: String) async throws -> GitHubToken {
        try await requestToken([("grant_type", "authorization_code"), ("code", code), ("redirect_uri", settings.callbackURL),
                                ("code_verifier", verifier)])
    }

    /// Renews an expiring token (GitHub App user tokens); the old refresh token is kept if no new one comes.
    public func refresh(_ token: GitHubToken) async throws -> GitHubToken {
        guard let refreshToken = token.refreshToken else { throw GitHubError.badCredentials }
        var renewed = try await requestToken([("grant_type", "refresh_token"), ("refresh_token", refreshToken)])
        if renewed.refreshToken == nil { renewed.refreshToken = refreshToken }
        return renewed
    }

    private func requestToken(_ fields: [(String, String)]) async throws -> GitHubToken {
        var request = HTTPClientRequest(url: settings.webURL + "/login/oauth/access_token")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(fields + [("client_id", settings.clientID),
                                                                                ("client_secret", settings.clientSecret)])))
        let (status, _, body) = try await send(request)
        guard (200..<300).contains(status) || (400..<500).contains(status) else { throw GitHubError.unreachable("the token endpoint answered HTTP \(status)") }
        let fields = TokenResponse.fields(body)
        if let error = fields["error"] {
            throw GitHubError.refused(error: error, description: fields["error_description"] ?? "no description")
        }
        guard status < 300, let token = GitHubToken(fields: fields) else {
            throw GitHubError.unreachable("the token endpoint answered HTTP \(status) without a token")
        }
        return token
    }

    /// The account a token belongs to.
    public func user(token: GitHubToken) async throws -> GitHubUser {
        let (status, headers, body) = try await send(apiRequest("/user", token: token))
        try Self.checkAnswer(status, headers: headers, path: "/user")
        guard status == 200 else { throw GitHubError.unreachable("GET /user answered HTTP \(status)") }
        do {
            return try JSONDecoder().decode(GitHubUser.self, from: Data(body))
        } catch {
            throw GitHubError.unreachable("GET /user answered something that is not a GitHub user")
        }
    }

    /// `GET /orgs/{org}/members/{login}`: 204 member, 404 not (visibly) a member, 302 when the
    /// token cannot see private members: then only public membership counts.
    public func orgMembership(org: String, login: String, token: GitHubToken) async throws -> (Membership, answer: String) {
        let path = "/orgs/\(Self.segment(org))/members/\(Self.segment(login))"
        let (status, headers, _) = try await send(apiRequest(path, token: token))
        switch status {
        case 204: return (.member, "GET \(path) → 204")
        case 302:
            let publicPath = "/orgs/\(Self.segment(org))/public_members/\(Self.segment(login))"
            let (publicStatus, publicHeaders, _) = try await send(apiRequest(publicPath, token: token))
            try Self.checkAnswer(publicStatus, headers: publicHeaders, path: publicPath)
            return (publicStatus == 204 ? .member : .notVisible,
                    "GET \(path) → 302 \(headers.first(name: "location") ?? ""); GET \(publicPath) → \(publicStatus)")
        default:
            try Self.checkAnswer(status, headers: headers, path: path)
            return (.notVisible, "GET \(path) → \(status)")
        }
    }

    /// `GET /orgs/{org}/teams/{team}/memberships/{login}`: active, pending, or 404.
    public func teamMembership(org: String, team: String, login: String, token: GitHubToken) async throws -> (Membership, answer: String) {
        let path = "/orgs/\(Self.segment(org))/teams/\(Self.segment(team))/memberships/\(Self.segment(login))"
        let (status, headers, body) = try await send(apiRequest(path, token: token))
        guard status == 200 else {
            try Self.checkAnswer(status, headers: headers, path: path)
            return (.notVisible, "GET \(path) → \(status)")
        }
        struct TeamMembership: Decodable { var state: String }
        guard let membership = try? JSONDecoder().decode(TeamMembership.self, from: Data(body)) else {
            throw GitHubError.unreachable("GET \(path) answered something that is not a team membership")
        }
        return (membership.state == "active" ? .member : .pending, "GET \(path) → 200 state \(membership.state)")
    }

    /// 401 means the token is gone; 5xx and rate limits mean GitHub gave no answer. Any other
    /// 403 (an org's SAML enforcement, say) is an answer: membership not visible.
    static func checkAnswer(_ status: Int, headers: HTTPHeaders, path: String) throws {
        if status == 401 { throw GitHubError.badCredentials }
        if status == 429 || (status == 403 && headers.first(name: "x-ratelimit-remaining") == "0") {
            throw GitHubError.unreachable("GET \(path) answered HTTP \(status): rate limited")
        }
        if status >= 500 { throw GitHubError.unreachable("GET \(path) answered HTTP \(status)") }
    }

    private func apiRequest(_ path: String, token: GitHubToken) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: settings.apiURL + path)
        request.headers.add(name: "Authorization", value: "Bearer \(token.accessToken)")
        request.headers.add(name: "Accept", value: "application/vnd.github+json")
        request.headers.add(name: "X-GitHub-Api-Version", value: "2022-11-28")
        return request
    }

    private func send(_ request: HTTPClientRequest) async throws -> (Int, HTTPHeaders, [UInt8]) {
        var request = request
        request.headers.add(name: "User-Agent", value: "Ganymede")
        if !request.headers.contains(name: "Accept") { request.headers.add(name: "Accept", value: "application/json") }
        do {
            let response = try await http.execute(request, timeout: .init(settings.timeout))
            let body = try await response.body.collect(upTo: 1 << 20)
            return (Int(response.status.code), response.headers, Array(buffer: body))
        } catch let error as GitHubError {
            throw error
        } catch {
            throw GitHubError.unreachable("\(error)")
        }
    }

    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text
    }
}
