import Foundation

/// A GitHub user token as the token endpoint issued it, kept (encrypted) in the user's auth state.
public struct GitHubToken: Sendable, Equatable, Codable {
    public var accessToken: String
    public var tokenType: String
    /// Granted scopes; GitHub separates them with commas, other servers with spaces: both are read.
    public var scopes: [String]
    public var refreshToken: String?
    /// When the access token expires (GitHub App user tokens); nil for tokens that do not.
    public var expiresAt: Date?

    public init(accessToken: String, tokenType: String = "bearer", scopes: [String], refreshToken: String? = nil, expiresAt: Date? = nil) {
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.scopes = scopes
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
    }

    /// From the token endpoint's fields (JSON or form answer); nil without an access token.
    init?(fields: [String: String], now: Date = Date()) {
        guard let access = fields["access_token"], !access.isEmpty else { return nil }
        self.init(accessToken: access, tokenType: fields["token_type"] ?? "bearer", scopes: Self.parseScopes(fields["scope"] ?? ""),
                  refreshToken: fields["refresh_token"].flatMap { $0.isEmpty ? nil : $0 },
                  expiresAt: fields["expires_in"].flatMap(Double.init).map { now.addingTimeInterval($0) })
    }

    public static func parseScopes(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
    }

    /// True when the token has expired or will within a minute.
    public func isExpiring(at now: Date = Date()) -> Bool {
        expiresAt.map { $0.timeIntervalSince(now) < 60 } ?? false
    }
}

/// Reads the token endpoint's answer, which is JSON when asked for and form-encoded otherwise.
enum TokenResponse {
    static func fields(_ body: [UInt8]) -> [String: String] {
        if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            return object.compactMapValues { value in
                switch value {
                case let text as String: text
                case let number as NSNumber: number.stringValue
                default: nil
                }
            }
        }
        return FormEncoding.decode(String(decoding: body, as: UTF8.self))
    }
}
