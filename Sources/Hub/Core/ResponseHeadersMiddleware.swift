import HTTPTypes
import Hummingbird
import Logging

/// Adds the headers every hub response carries (JupyterHub version, framing and sniffing
/// protection), and turns unexpected errors into a plain 500 without internals.
struct ResponseHeadersMiddleware: RouterMiddleware {
    typealias Context = HubRequestContext
    let jupyterhubVersion: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            response = try HubError(.internalServerError, "Internal error; the hub log has the details.").response(from: request, context: context)
        }
        response.headers[.jupyterhubVersion] = jupyterhubVersion
        response.headers[.ganymedeVersion] = GanymedeVersion.current
        response.headers[.xContentTypeOptions] = "nosniff"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = request.uri.path.hasPrefix("/hub/api")
                ? "default-src 'none'; frame-ancestors 'none'" : "frame-ancestors 'none'"
        }
        if response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

/// This build's version.
public enum GanymedeVersion {
    public static let current = "0.1.0"
}
