import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A GitHub stand-in on loopback, laid out as GitHub Enterprise Server (web at `/`, REST API at
/// `/api/v3`), following GitHub's documented endpoints and answers: the authorize redirect,
/// `POST /login/oauth/access_token` (form or JSON, single-use codes, refresh), `/user`,
/// `/user/orgs` and `/user/teams` (paginated with `Link`), org membership (204/404, or 302 to
/// the public list for private members a token without `read:org` cannot see), team
/// memberships (active/pending). `failure` makes every API call fail in one of GitHub's ways.
final class FakeGitHub: @unchecked Sendable {
    enum Failure: Sendable { case none, serverError, slow(Duration), garbage, rateLimited }

    struct Account { var id: Int64; var login: String }

    private let lock = NSLock()
    private var accounts: [String: Account] = [:]  // by lowercased login
    private var signedIn: String?
    private var codes: [String: (id: Int64, scopes: [String])] = [:]
    private var tokens: [String: (id: Int64, scopes: [String])] = [:]  // tokens belong to an account id, so they survive renames
    private var orgs: [String: [String: Bool]] = [:]  // org → lowercased login → public?
    private var teams: [String: [String: String]] = [:]  // "org/slug" → lowercased login → state
    private var refreshTokens: [String: (id: Int64, scopes: [String])] = [:]
    /// Issue GitHub App style tokens: expiring (here within a minute) with a refresh token.
    private var expiring = false
    private var failureMode: Failure = .none
    private var tokenRequestLog: [[String: String]] = []
    /// Every form sent to the token endpoint.
    var tokenRequests: [[String: String]] { lock.withLock { tokenRequestLog } }
    private var apiCallerLog: [String] = []
    /// How many API requests were made with a token of `login`'s.
    func apiRequests(by login: String) -> Int { lock.withLock { apiCallerLog.filter { $0 == login.lowercased() }.count } }

    private var task: Task<Void, any Error>?
    private(set) var port = 0
    /// The address it listens on: loopback, or a Docker network's gateway for a hub in a container.
    let host: String
    var url: String { "http://\(host):\(port)" }

    init(host: String = "127.0.0.1") {
        self.host = host
    }

    // MARK: Switches

    func addAccount(_ login: String, id: Int64) { lock.withLock { accounts[login.lowercased()] = Account(id: id, login: login) } }
    /// Renames an account, keeping its id, as GitHub does.
    func rename(_ login: String, to newLogin: String) {
        lock.withLock {
            guard var account = accounts.removeValue(forKey: login.lowercased()) else { return }
            account.login = newLogin
            accounts[newLogin.lowercased()] = account
        }
    }
    /// The account the browser is signed in to at GitHub.
    func signIn(_ login: String) { lock.withLock { signedIn = login } }
    func addMember(_ login: String, org: String, isPublic: Bool = false) { lock.withLock { orgs[org.lowercased(), default: [:]][login.lowercased()] = isPublic } }
    func removeMember(_ login: String, org: String) { lock.withLock { orgs[org.lowercased()]?[login.lowercased()] = nil } }
    func addTeamMember(_ login: String, org: String, team: String, state: String = "active") {
        lock.withLock { teams["\(org.lowercased())/\(team)", default: [:]][login.lowercased()] = state }
    }
    /// Forgets every token, as when users revoke the OAuth app.
    func revokeTokens() { lock.withLock { tokens = [:] } }
    func issueExpiringTokens() { lock.withLock { expiring = true } }
    func fail(_ failure: Failure) { lock.withLock { failureMode = failure } }

    // MARK: Server

    func start() async throws {
        let router = Router()
        router.get("/login/oauth/authorize") { request, _ in try self.authorize(request) }
        router.post("/login/oauth/access_token") { request, context in try await self.accessToken(request, context: context) }
        router.get("/api/v3/user") { request, _ in try await self.api(request) { caller in self.userJSON(caller.login) } }
        router.get("/api/v3/user/orgs") { request, _ in try await self.api(request) { caller in self.page(self.orgsJSON(caller.login), request) } }
        router.get("/api/v3/user/teams") { request, _ in try await self.api(request) { caller in self.page(self.teamsJSON(caller.login), request) } }
        router.get("/api/v3/orgs/:org/members/:user") { request, context in
            try await self.api(request) { caller in
                let org = context.parameters.get("org")!.lowercased(), user = context.parameters.get("user")!.lowercased()
                guard let isPublic = self.lock.withLock({ self.orgs[org]?[user] }) else { return self.notFound() }
                if !caller.scopes.contains("read:org") && !isPublic {
                    return Response(status: .found, headers: [.location: "\(self.url)/api/v3/orgs/\(org)/public_members/\(user)"])
                }
                return Response(status: .noContent)
            }
        }
        router.get("/api/v3/orgs/:org/public_members/:user") { request, context in
            try await self.api(request) { _ in
                let org = context.parameters.get("org")!.lowercased(), user = context.parameters.get("user")!.lowercased()
                return self.lock.withLock({ self.orgs[org]?[user] }) == true ? Response(status: .noContent) : self.notFound()
            }
        }
        router.get("/api/v3/orgs/:org/teams/:team/memberships/:user") { request, context in
            try await self.api(request) { caller in
                let key = "\(context.parameters.get("org")!.lowercased())/\(context.parameters.get("team")!)"
                let user = context.parameters.get("user")!.lowercased()
                guard caller.scopes.contains("read:org"), let state = self.lock.withLock({ self.teams[key]?[user] }) else { return self.notFound() }
                return self.json(["url": "\(self.url)/api/v3/teams/1/memberships/\(user)", "role": "member", "state": state])
            }
        }
        var logger = Logger(label: "fake-github")
        logger.logLevel = .critical
        let ready = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: 0)),
                              onServerRunning: { channel in ready.continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        task = Task { try await app.runService() }
        for await port in ready.stream {
            self.port = port
            break
        }
    }

    func stop() async {
        task?.cancel()
        _ = try? await task?.value
    }

    // MARK: OAuth

    private func authorize(_ request: Request) throws -> Response {
        let query = request.uri.queryParameters
        guard query["client_id"] == "fake-client-id", let redirect = query["redirect_uri"].map(String.init), let state = query["state"] else {
            return Response(status: .notFound, body: .init(byteBuffer: ByteBuffer(string: "Not Found")))
        }
        guard let id = lock.withLock({ signedIn.flatMap { accounts[$0.lowercased()]?.id } }) else { return Response(status: .forbidden) }
        let code = UUID().uuidString
        let scopes = (query["scope"].map(String.init) ?? "").split(separator: " ").map(String.init)
        lock.withLock { codes[code] = (id, scopes) }
        return Response(status: .found, headers: [.location: "\(redirect)?code=\(code)&state=\(state)"])
    }

    private func accessToken(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = String(buffer: try await request.body.collect(upTo: 65536))
        var fields: [String: String] = [:]
        if let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String] {
            fields = object
        } else {
            for pair in body.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
                if parts.count == 2 { fields[parts[0]] = parts[1] }
            }
        }
        lock.withLock { tokenRequestLog.append(fields) }
        let wantsJSON = request.headers[.accept]?.contains("json") ?? false
        func answer(_ values: [String: String]) -> Response {
            if wantsJSON { return json(values) }
            let text = values.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
            return Response(status: .ok, headers: [.contentType: "application/x-www-form-urlencoded"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        guard fields["client_id"] == "fake-client-id", fields["client_secret"] == "fake-client-secret" else {
            return answer(["error": "incorrect_client_credentials", "error_description": "The client_id and/or client_secret passed are incorrect."])
        }
        let grant: (id: Int64, scopes: [String])
        if fields["grant_type"] == "refresh_token" {
            guard let refresh = fields["refresh_token"], let found = lock.withLock({ refreshTokens.removeValue(forKey: refresh) }) else {
                return answer(["error": "bad_refresh_token", "error_description": "The refresh token passed is incorrect or expired."])
            }
            grant = found
        } else {
            guard let code = fields["code"], let found = lock.withLock({ codes.removeValue(forKey: code) }) else {
                return answer(["error": "bad_verification_code", "error_description": "The code passed is incorrect or expired."])
            }
            grant = found
        }
        let token = "gho_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        var values = ["access_token": token, "token_type": "bearer", "scope": grant.scopes.joined(separator: ",")]
        lock.withLock {
            tokens[token] = grant
            if expiring {
                let refresh = "ghr_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
                refreshTokens[refresh] = grant
                values["expires_in"] = "30"
                values["refresh_token"] = refresh
                values["refresh_token_expires_in"] = "15897600"
            }
        }
        return answer(values)
    }

    // MARK: API

    private func api(_ request: Request, _ handler: ((login: String, scopes: [String])) async throws -> Response) async throws -> Response {
        switch lock.withLock({ failureMode }) {
        case .none: break
        case .serverError: return Response(status: .badGateway, body: .init(byteBuffer: ByteBuffer(string: "<html>Unicorn!</html>")))
        case .slow(let delay): try await Task.sleep(for: delay)
        case .garbage: return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"lo")))
        case .rateLimited:
            return Response(status: .forbidden, headers: [HTTPField.Name("X-RateLimit-Remaining")!: "0"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"message":"API rate limit exceeded"}"#)))
        }
        let authorization = request.headers[.authorization] ?? ""
        let token = authorization.split(separator: " ").last.map(String.init) ?? ""
        guard authorization.lowercased().hasPrefix("bearer "), let grant = lock.withLock({ tokens[token] }),
              let account = lock.withLock({ accounts.values.first { $0.id == grant.id } }) else {
            return Response(status: .unauthorized, body: .init(byteBuffer: ByteBuffer(string: #"{"message":"Bad credentials"}"#)))
        }
        lock.withLock { apiCallerLog.append(account.login.lowercased()) }
        return try await handler((account.login, grant.scopes))
    }

    private func userJSON(_ login: String) -> Response {
        guard let account = lock.withLock({ accounts[login.lowercased()] }) else {
            return notFound()
        }
        return json(["login": account.login, "id": account.id, "node_id": "MDQ6VXNlcj\(account.id)", "name": "\(account.login) Example",
                     "email": NSNull(), "type": "User", "site_admin": false])
    }

    private func orgsJSON(_ login: String) -> [[String: Any]] {
        lock.withLock { orgs.filter { $0.value[login.lowercased()] != nil }.keys.sorted().map { ["login": $0] } }
    }

    private func teamsJSON(_ login: String) -> [[String: Any]] {
        lock.withLock {
            teams.filter { $0.value[login.lowercased()] == "active" }.keys.sorted().map { key in
                let parts = key.split(separator: "/")
                return ["slug": String(parts[1]), "name": String(parts[1]), "organization": ["login": String(parts[0])]]
            }
        }
    }

    /// One page (`per_page`, default 30) with GitHub's `Link` header.
    private func page(_ items: [[String: Any]], _ request: Request) -> Response {
        let query = request.uri.queryParameters
        let size = max(1, query["per_page"].flatMap { Int(String($0)) } ?? 30)
        let number = max(1, query["page"].flatMap { Int(String($0)) } ?? 1)
        let last = max(1, (items.count + size - 1) / size)
        let slice = Array(items.dropFirst((number - 1) * size).prefix(size))
        var response = json(slice)
        if number < last {
            let base = "\(url)\(request.uri.path)?per_page=\(size)&page="
            response.headers[.init("Link")!] = "<\(base)\(number + 1)>; rel=\"next\", <\(base)\(last)>; rel=\"last\""
        }
        return response
    }

    private func json(_ object: Any) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private func notFound() -> Response {
        Response(status: .notFound, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(string: #"{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}"#)))
    }
}
