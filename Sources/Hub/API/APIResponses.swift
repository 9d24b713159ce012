import Foundation
import Hummingbird
import HubModel

/// Small helpers shared by the API handlers.
enum APIResponses {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: value.data)))
    }

    static func empty(_ status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentLength: "0"])
    }

    /// Reads a JSON object body; an empty body is `nil`.
    static func jsonObject(_ request: Request, context: HubRequestContext) async throws -> [String: Any]? {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        if buffer.readableBytes == 0 { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) else {
            throw HubError.badRequest("Invalid JSON in body of request")
        }
        guard let dictionary = object as? [String: Any] else {
            throw HubError.badRequest("The request body must be a JSON object")
        }
        return dictionary
    }
}

extension HubRequestContext {
    /// The caller, or 403 `Missing or invalid credentials.`
    func requireIdentity() throws -> Identity {
        guard let identity else { throw HubError.missingCredentials }
        return identity
    }

    /// Requires one of `bases` on `user` (and `server`): 403 without any, 404 when held only elsewhere.
    func require(anyOf bases: [String], user: String, server: String? = nil) throws -> Identity {
        let identity = try requireIdentity()
        var heldElsewhere = false
        for base in bases {
            switch identity.scopes.check(base, user: user, server: server) {
            case .allowed: return identity
            case .otherResourcesOnly: heldElsewhere = true
            case .missing: continue
            }
        }
        throw heldElsewhere ? HubError.notFound : HubError.missingScope(bases.joined(separator: ", "))
    }

    /// A path parameter, percent-decoded.
    func pathParameter(_ name: String) throws -> String {
        guard let raw = parameters.get(name), let decoded = raw.removingPercentEncoding else {
            throw HubError.badRequest("missing \(name) in the path")
        }
        return decoded
    }
}
