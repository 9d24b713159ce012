import Foundation
import HTTPTypes
import Hummingbird

/// An error answered as JupyterHub does: JSON `{"status": N, "message": "..."}` for API and
/// machine clients, a page for browsers.
public struct HubError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let wantsPage = !request.uri.path.hasPrefix("/hub/api") && (request.headers[.accept]?.contains("text/html") ?? false)
        if wantsPage {
            return Page.response(MessagePage.render(title: "\(status.code) \(status.reasonPhrase)", message: message), status: status)
        }
        var fields = headers
        fields[.contentType] = "application/json"
        let body = (try? JSONSerialization.data(withJSONObject: ["status": status.code, "message": message])) ?? Data()
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static let missingCredentials = HubError(.forbidden, "Missing or invalid credentials.")
    static let notFound = HubError(.notFound, "No access to resources or resources not found")

    static func missingScope(_ scope: String) -> HubError {
        HubError(.forbidden, "Action is not authorized with current scopes; requires any of [\(scope)]")
    }

    static func badRequest(_ message: String) -> HubError { HubError(.badRequest, message) }
}
