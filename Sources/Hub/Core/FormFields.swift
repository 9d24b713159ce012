import Auth
import Foundation
import Hummingbird

/// `application/x-www-form-urlencoded` bodies (login, OAuth token exchange, confirm forms).
enum FormFields {
    static func parse(_ text: Substring) -> [String: String] {
        FormEncoding.decode(text)
    }

    static func read(_ request: Request, context: HubRequestContext) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return parse(Substring(String(buffer: buffer)))
    }

    /// Percent-encodes a query value.
    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: queryValueSafe) ?? value
    }

    private static let queryValueSafe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
}
