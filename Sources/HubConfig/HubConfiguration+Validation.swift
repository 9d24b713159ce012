extension HubConfiguration {
    /// Checks that need more than one key; each error names the key to change.
    public func validate() -> [ConfigurationError] {
        var errors: [ConfigurationError] = []
        if authenticator == .dev {
            for (key, address) in [("GANYMEDE_BIND", bind), ("GANYMEDE_HUB_BIND", hubBind)] where !address.isLoopback {
                errors.append(ConfigurationError(
                    key: key,
                    problem: "the dev login lets anyone sign in as anyone, so it only listens on loopback, but \(address) is reachable from other machines",
                    fix: "bind 127.0.0.1 (e.g. \(key)=127.0.0.1:\(address.port)) or choose a real authenticator"))
            }
        }
        if bind.port != 0 && bind.port == hubBind.port && (bind.host == hubBind.host || bind.isAllInterfaces || hubBind.isAllInterfaces) {
            errors.append(ConfigurationError(key: "GANYMEDE_HUB_BIND", problem: "uses the same port as GANYMEDE_BIND (\(bind.port))",
                                             fix: "give the hub API its own port, e.g. 127.0.0.1:8081"))
        }
        return errors
    }
}
