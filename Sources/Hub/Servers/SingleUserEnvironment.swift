import Foundation
import HubModel

/// The environment a `jupyterhub-singleuser` needs (singleuser-protocol.md §3).
public struct SingleUserEnvironment: Sendable {
    var hubAPIURL: String
    var publicURL: String
    var defaultURL: String

    /// - Parameters:
    ///   - hubAPIURL: how servers reach the hub API, e.g. `http://127.0.0.1:8081/hub/api`.
    ///   - publicURL: the URL users type (may be empty).
    ///   - defaultURL: the page servers open on, e.g. `/lab` (may be empty).
    public init(hubAPIURL: String, publicURL: String, defaultURL: String) {
        self.hubAPIURL = hubAPIURL
        self.publicURL = publicURL
        self.defaultURL = defaultURL
    }

    func variables(user: String, server: String, token: String) -> [String: String] {
        let prefix = ServerNames.prefix(user: user, server: server)
        let access = [Scope("access:servers", filter: .server(user: user, server: server)), Scope("access:servers", filter: .user(user))]
        let accessJSON = "[" + access.map { "\"\($0.description)\"" }.joined(separator: ", ") + "]"
        let publicBase = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        var environment = [
            "JUPYTERHUB_API_TOKEN": token,
            "JPY_API_TOKEN": token,
            "JUPYTERHUB_CLIENT_ID": ServerNames.clientID(user: user, server: server),
            "JUPYTERHUB_API_URL": hubAPIURL,
            "JUPYTERHUB_ACTIVITY_URL": "\(hubAPIURL)/users/\(user)/activity",
            "JUPYTERHUB_SERVICE_PREFIX": prefix,
            "JUPYTERHUB_OAUTH_CALLBACK_URL": prefix + "oauth_callback",
            "JUPYTERHUB_OAUTH_ACCESS_SCOPES": accessJSON,
            "JUPYTERHUB_OAUTH_SCOPES": accessJSON,
            "JUPYTERHUB_OAUTH_CLIENT_ALLOWED_SCOPES": "[]",
            "JUPYTERHUB_USER": user,
            "JUPYTERHUB_SERVER_NAME": server,
            "JUPYTERHUB_BASE_URL": "/",
            "JUPYTERHUB_HOST": "",
            "JUPYTERHUB_PUBLIC_URL": publicBase.isEmpty ? "" : publicBase + prefix,
            "JUPYTERHUB_PUBLIC_HUB_URL": publicBase.isEmpty ? "" : publicBase + "/hub/",
            "JUPYTERHUB_COOKIE_HOST_PREFIX_ENABLED": "0",
        ]
        if !defaultURL.isEmpty { environment["JUPYTERHUB_DEFAULT_URL"] = defaultURL }
        return environment
    }
}
