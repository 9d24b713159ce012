/// Cookie names shared with JupyterHub deployments and single-user servers.
public enum CookieNames {
    /// The hub login (path `/hub/`): a random secret whose hash identifies a session.
    public static let hubLogin = "jupyterhub-hub-login"
    /// The public session id (path `/`), read by single-user servers as a cache key.
    public static let sessionID = "jupyterhub-session-id"
    /// A random id for browsers that have not signed in yet, binding their XSRF token.
    public static let preLogin = "_xsrf"
    /// The `state` of an OAuth sign-in in progress (path `/hub/`, ten minutes), binding it to this browser.
    public static let oauthState = "ganymede-oauth-state"
}
