import HTTPTypes

/// Header names the hub reads or writes that `HTTPTypes` does not predefine.
extension HTTPField.Name {
    static let xsrfToken = HTTPField.Name("X-XSRFToken")!
    static let jupyterhubVersion = HTTPField.Name("X-JupyterHub-Version")!
    static let ganymedeVersion = HTTPField.Name("X-Ganymede-Version")!
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let accessControlAllowOrigin = HTTPField.Name("Access-Control-Allow-Origin")!
}
