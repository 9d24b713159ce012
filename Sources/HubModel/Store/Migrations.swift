import GRDB

/// Versioned schema. Never edit a shipped migration: add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "users") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("admin", .boolean).notNull().defaults(to: false)
                t.column("created", .datetime).notNull()
                t.column("last_activity", .datetime)
            }
            try db.create(table: "servers") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user_id", .integer).notNull().indexed().references("users", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("phase", .text).notNull()
                t.column("url", .text)
                t.column("spawner_state", .jsonText).notNull()
                t.column("user_options", .jsonText).notNull()
                t.column("started", .datetime)
                t.column("last_activity", .datetime)
                t.column("stop_reason", .text)
                t.uniqueKey(["user_id", "name"])
            }
            try db.create(table: "oauth_clients") { t in
                t.primaryKey("id", .text)
                t.column("secret_hash", .text).notNull()
                t.column("redirect_uri", .text).notNull()
                t.column("server_id", .integer).notNull().indexed().references("servers", onDelete: .cascade)
            }
            try db.create(table: "sessions") { t in
                t.primaryKey("id", .text)
                t.column("secret_hash", .text).notNull().unique()
                t.column("user_id", .integer).notNull().indexed().references("users", onDelete: .cascade)
                t.column("created", .datetime).notNull()
                t.column("expires_at", .datetime).notNull()
            }
            try db.create(table: "api_tokens") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user_id", .integer).notNull().indexed().references("users", onDelete: .cascade)
                t.column("hash", .text).notNull().unique()
                t.column("prefix", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("scopes", .jsonText).notNull()
                t.column("note", .text).notNull()
                t.column("client_id", .text).references("oauth_clients", onDelete: .cascade)
                t.column("session_id", .text).indexed()
                t.column("server_id", .integer).references("servers", onDelete: .cascade)
                t.column("created", .datetime).notNull()
                t.column("expires_at", .datetime)
                t.column("last_activity", .datetime)
            }
            try db.create(table: "oauth_codes") { t in
                t.primaryKey("hash", .text)
                t.column("client_id", .text).notNull().references("oauth_clients", onDelete: .cascade)
                t.column("user_id", .integer).notNull().indexed().references("users", onDelete: .cascade)
                t.column("scopes", .jsonText).notNull()
                t.column("redirect_uri", .text).notNull()
                t.column("session_id", .text)
                t.column("code_challenge", .text)
                t.column("expires_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2: external identities") { db in
            try db.alter(table: "users") { t in
                // The sign-in provider's stable id (GitHub's numeric user id); accounts are found by it first.
                t.add(column: "external_id", .text)
                // Authenticator state (the GitHub token), AES-GCM sealed.
                t.add(column: "auth_state", .blob)
            }
            try db.create(index: "users_external_id", on: "users", columns: ["external_id"], unique: true)
        }
        return migrator
    }
}
