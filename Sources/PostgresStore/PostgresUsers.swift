import Model
import PostgresNIO
import Store

/// `UserRepository` on PostgreSQL.
struct PostgresUsers: UserRepository {
    let store: PostgresStore
    private static let columns = "id, name, role, city, enterprise_id, password_hash, disabled, created_at"

    func insert(_ user: UserAccount) async throws {
        try await store.run("insert user \(user.name)") {
            _ = try await store.client.query(
                """
                INSERT INTO users (\(unescaped: Self.columns))
                VALUES (\(user.id), \(user.name), \(user.role.rawValue), \(user.city?.code),
                        \(user.enterpriseID?.rawValue), \(user.passwordHash), \(user.disabled), \(user.createdAt))
                """,
                logger: store.logger)
        }
    }

    func find(name: String) async throws -> UserAccount? {
        try await select("WHERE name = $1", name).first
    }

    func find(id: String) async throws -> UserAccount? {
        try await select("WHERE id = $1", id).first
    }

    func list() async throws -> [UserAccount] {
        try await select("ORDER BY name", nil)
    }

    func setDisabled(name: String, _ disabled: Bool) async throws -> Bool {
        try await store.run("set user \(name) disabled") {
            // RETURNING tells whether a row matched without reading the command tag.
            let rows = try await store.client.query(
                "UPDATE users SET disabled = \(disabled) WHERE name = \(name) RETURNING 1", logger: store.logger)
            var matched = false
            for try await _ in rows { matched = true }
            return matched
        }
    }

    /// `tail` may use `$1`, bound to `key` when it is given.
    private func select(_ tail: String, _ key: String?) async throws -> [UserAccount] {
        try await store.run("read users") {
            var binds = PostgresBindings()
            if let key { binds.append(key) }
            let rows = try await store.client.query(
                PostgresQuery(unsafeSQL: "SELECT \(Self.columns) FROM users \(tail)", binds: binds),
                logger: store.logger)
            var users: [UserAccount] = []
            for try await (id, name, role, city, enterprise, hash, disabled, createdAt) in rows.decode(
                (String, String, String, String?, String?, String, Bool, Int64).self)
            {
                users.append(
                    UserAccount(
                        id: id, name: name, role: try PostgresDecode.role(role), city: try PostgresDecode.city(city),
                        enterpriseID: try PostgresDecode.enterprise(enterprise), passwordHash: hash,
                        disabled: disabled, createdAt: createdAt))
            }
            return users
        }
    }
}
