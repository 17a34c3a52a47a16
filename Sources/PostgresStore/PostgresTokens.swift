import Model
import PostgresNIO
import Store

/// `TokenRepository` on PostgreSQL.
struct PostgresTokens: TokenRepository {
    let store: PostgresStore
    private static let columns =
        "id, secret_hash, role, city, enterprise_id, user_id, label, created_at, expires_at, revoked_at"

    func insert(_ token: APIToken) async throws {
        try await store.run("insert token \(token.id)") {
            _ = try await store.client.query(
                """
                INSERT INTO api_tokens (\(unescaped: Self.columns))
                VALUES (\(token.id), \(token.secretHash), \(token.role.rawValue), \(token.city?.code),
                        \(token.enterpriseID?.rawValue), \(token.userID), \(token.label), \(token.createdAt),
                        \(token.expiresAt), \(token.revokedAt))
                """,
                logger: store.logger)
        }
    }

    func find(secretHash: String) async throws -> APIToken? {
        try await select("WHERE secret_hash = $1", secretHash).first
    }

    func find(id: String) async throws -> APIToken? {
        try await select("WHERE id = $1", id).first
    }

    func list(userID: String?) async throws -> [APIToken] {
        // `id` breaks ties so tokens made in the same microsecond come back in a stable order.
        if let userID {
            return try await select("WHERE user_id = $1 ORDER BY created_at, id", userID)
        }
        return try await select("WHERE user_id IS NULL ORDER BY created_at, id", nil)
    }

    func revoke(id: String, at: Int64) async throws -> Bool {
        try await store.run("revoke token \(id)") {
            let rows = try await store.client.query(
                "UPDATE api_tokens SET revoked_at = \(at) WHERE id = \(id) AND revoked_at IS NULL RETURNING 1",
                logger: store.logger)
            var matched = false
            for try await _ in rows { matched = true }
            return matched
        }
    }

    /// `tail` may use `$1`, bound to `key` when it is given.
    private func select(_ tail: String, _ key: String?) async throws -> [APIToken] {
        try await store.run("read tokens") {
            var binds = PostgresBindings()
            if let key { binds.append(key) }
            let rows = try await store.client.query(
                PostgresQuery(unsafeSQL: "SELECT \(Self.columns) FROM api_tokens \(tail)", binds: binds),
                logger: store.logger)
            var tokens: [APIToken] = []
            for try await (id, hash, role, city, enterprise, userID, label, createdAt, expiresAt, revokedAt)
                in rows.decode(
                    (String, String, String, String?, String?, String?, String, Int64, Int64?, Int64?).self)
            {
                tokens.append(
                    APIToken(
                        id: id, secretHash: hash, role: try PostgresDecode.role(role),
                        city: try PostgresDecode.city(city), enterpriseID: try PostgresDecode.enterprise(enterprise),
                        userID: userID, label: label, createdAt: createdAt, expiresAt: expiresAt,
                        revokedAt: revokedAt))
            }
            return tokens
        }
    }
}
