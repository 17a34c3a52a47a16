import Model
import PostgresNIO
import Store

/// `PlatformAccountRepository` on PostgreSQL, in the manner of `PostgresUsers`.
struct PostgresPlatformAccounts: PlatformAccountRepository {
    let store: PostgresStore
    private static let columns = "id, username, enterprise_id, password_hash, reply_style, disabled, created_at"

    func insert(_ account: PlatformAccount) async throws {
        try await store.run("insert platform account \(account.username)") {
            _ = try await store.client.query(
                """
                INSERT INTO platform_accounts (\(unescaped: Self.columns))
                VALUES (\(account.id), \(account.username), \(account.enterprise.rawValue), \(account.passwordHash),
                        \(account.replyStyle), \(account.disabled), \(account.createdAt))
                """,
                logger: store.logger)
        }
    }

    func find(username: String) async throws -> PlatformAccount? {
        try await select("WHERE username = $1", username).first
    }

    func list() async throws -> [PlatformAccount] {
        try await select("ORDER BY username", nil)
    }

    func setDisabled(username: String, _ disabled: Bool) async throws -> Bool {
        try await store.run("set platform account \(username) disabled") {
            // RETURNING tells whether a row matched without reading the command tag.
            let rows = try await store.client.query(
                "UPDATE platform_accounts SET disabled = \(disabled) WHERE username = \(username) RETURNING 1",
                logger: store.logger)
            var matched = false
            for try await _ in rows { matched = true }
            return matched
        }
    }

    /// `tail` may use `$1`, bound to `key` when it is given.
    private func select(_ tail: String, _ key: String?) async throws -> [PlatformAccount] {
        try await store.run("read platform accounts") {
            var binds = PostgresBindings()
            if let key { binds.append(key) }
            let rows = try await store.client.query(
                PostgresQuery(unsafeSQL: "SELECT \(Self.columns) FROM platform_accounts \(tail)", binds: binds),
                logger: store.logger)
            var accounts: [PlatformAccount] = []
            for try await (id, username, enterprise, hash, replyStyle, disabled, createdAt) in rows.decode(
                (String, String, String, String, String, Bool, Int64).self)
            {
                guard let enterprise = try PostgresDecode.enterprise(enterprise) else {
                    throw StoreError(.engine, "corrupt platform account row \(id)")
                }
                accounts.append(
                    PlatformAccount(
                        id: id, username: username, enterprise: enterprise, passwordHash: hash,
                        replyStyle: replyStyle, disabled: disabled, createdAt: createdAt))
            }
            return accounts
        }
    }
}
