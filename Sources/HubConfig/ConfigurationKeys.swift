/// The table of every setting Ganymede reads. The README's configuration table mirrors it.
public enum ConfigurationKeys {
    /// Environment variable naming the optional YAML file.
    public static let fileVariable = "GANYMEDE_CONFIG"
    /// Environment variables with this prefix must be known keys (typos are errors).
    public static let reservedPrefix = "GANYMEDE_"

    public static let all: [ConfigurationKey] = hub + github + docker

    static let hub: [ConfigurationKey] = [
        .address("GANYMEDE_BIND", yaml: "bind", "Public address of the proxy (browsers connect here).", \.bind),
        .address("GANYMEDE_HUB_BIND", yaml: "hub_bind", "Address of the hub API that single-user servers call.", \.hubBind),
        .string("GANYMEDE_PUBLIC_URL", yaml: "public_url", "URL users type, e.g. https://hub.example.org (makes cookies Secure when https).",
                \.publicURL, validate: httpURL),
        .string("GANYMEDE_HUB_CONNECT_URL", yaml: "hub_connect_url", "Hub API URL given to servers; derived from hub_bind when unset.",
                \.hubConnectURL, validate: httpURL),
        .string("GANYMEDE_DATA_DIR", yaml: "data_dir", "Folder for the database, secrets, server logs and local users' files.", \.dataDir,
                validate: { $0.isEmpty ? ValueProblem("is empty", fix: "name a folder, e.g. /srv/ganymede") : nil }),
        .string("GANYMEDE_DATABASE", yaml: "database", "SQLite database file (default <data_dir>/ganymede.sqlite).", \.databasePath),
        .choice("GANYMEDE_AUTHENTICATOR", yaml: "authenticator", "How people sign in: dev (any name, loopback only) or github.", \.authenticator),
        .choice("GANYMEDE_SPAWNER", yaml: "spawner", "How servers run: local (child processes) or docker (a container each).", \.spawner),
        .list("ADMIN_USERS", aliases: ["ADMIN_GITHUB_USERS"], yaml: "admin_users", "Comma-separated hub administrators.", \.adminUsers,
              validate: { names in
                  names.first(where: { !UsernameRules.isValid($0.lowercased()) }).map {
                      ValueProblem("'\($0)' is not a valid username", fix: UsernameRules.description)
                  }
              }),
        .string("GANYMEDE_COOKIE_SECRET", aliases: ["JUPYTERHUB_COOKIE_SECRET"], yaml: "cookie_secret", secret: true,
                "Hex signing secret (≥ 32 bytes); generated into the data dir when unset.", \.cookieSecret, validate: hexSecret),
        .custom("GANYMEDE_SINGLEUSER_CMD", yaml: "singleuser_cmd",
                "Command starting a single-user server (local spawner); default: jupyterhub-singleuser on PATH or the demo venv.",
                apply: { config, value in
                    switch value {
                    case .text(let text): config.singleuserCommand = text.split(separator: " ").map(String.init)
                    case .list(let list): config.singleuserCommand = list
                    case .tree: return ValueProblem("is a nested structure", fix: "give the command as text or a list")
                    }
                    return nil
                }, render: { $0.singleuserCommand.joined(separator: " ") }),
        .string("GANYMEDE_DEFAULT_URL", yaml: "default_url", "Page a server opens on, e.g. /lab.", \.defaultURL,
                validate: { $0.isEmpty || $0.hasPrefix("/") ? nil : ValueProblem("'\($0)' does not start with /", fix: "write a path such as /lab") }),
        .number("GANYMEDE_START_TIMEOUT", yaml: "start_timeout", "Seconds a server process may take to start.", \.startTimeout, range: 1...3600),
        .number("GANYMEDE_HTTP_TIMEOUT", yaml: "http_timeout", "Seconds a started server may take to answer HTTP.", \.httpTimeout, range: 1...3600),
        .number("GANYMEDE_NAMED_SERVER_LIMIT", yaml: "named_server_limit", "Named servers per user (0 turns them off).",
                \.namedServerLimit, range: 0...100),
        .string("GANYMEDE_JUPYTERHUB_VERSION", yaml: "jupyterhub_version", "JupyterHub version advertised to servers and API clients.",
                \.jupyterhubVersion, validate: pep440),
        .number("GANYMEDE_COOKIE_MAX_AGE_DAYS", yaml: "cookie_max_age_days", "Days a sign-in stays valid.", \.cookieMaxAgeDays, range: 1...365),
        .list("GANYMEDE_TRUSTED_PROXIES", yaml: "trusted_proxies", "Front proxies whose X-Forwarded-* headers are believed.",
              \.trustedProxies),
        .custom("GANYMEDE_LOG_LEVEL", yaml: "log_level", "trace, debug, info, notice, warning, error or critical.", apply: { config, value in
            let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            guard levels.contains(value.text.lowercased()) else {
                return ValueProblem("'\(value.text)' is not a log level", fix: "use one of \(levels.joined(separator: ", "))")
            }
            config.logLevel = value.text.lowercased()
            return nil
        }, render: { $0.logLevel }),
    ]

    static func httpURL(_ text: String) -> ValueProblem? {
        if text.isEmpty { return nil }
        let lower = text.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), text.count > 8, !text.contains(" ") else {
            return ValueProblem("'\(text)' is not an http(s) URL", fix: "write it like https://hub.example.org")
        }
        return nil
    }

    static func hexSecret(_ text: String) -> ValueProblem? {
        if text.isEmpty { return nil }
        guard text.count >= 64, text.count % 2 == 0, text.allSatisfy(\.isHexDigit) else {
            return ValueProblem("is not at least 32 bytes of hex", fix: "generate one with: openssl rand -hex 32")
        }
        return nil
    }

    /// Accepts the public-release subset of PEP 440 that Python's `packaging` parses: `5.4.0`, `6.0.0b2`, `5.4.0.dev1`.
    static func pep440(_ text: String) -> ValueProblem? {
        let pattern = #/^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$/#
        return text.wholeMatch(of: pattern) == nil
            ? ValueProblem("'\(text)' is not a PEP 440 version", fix: "write a JupyterHub version such as 5.4.0") : nil
    }
}
