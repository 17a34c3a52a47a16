import Model
import PostgresNIO
import Store

/// `EnterpriseRepository` on PostgreSQL.
struct PostgresEnterprises: EnterpriseRepository {
    let store: PostgresStore

    func upsert(_ enterprise: EnterpriseRecord) async throws {
        try await store.run("upsert enterprise \(enterprise.id)") {
            // Like SQLite's upsert, a replaced row keeps its original created_at.
            _ = try await store.client.query(
                """
                INSERT INTO enterprises (id, name, city, created_at)
                VALUES (\(enterprise.id.rawValue), \(enterprise.name), \(enterprise.city.code), \(enterprise.createdAt))
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, city = EXCLUDED.city
                """,
                logger: store.logger)
        }
    }

    func find(id: EnterpriseID) async throws -> EnterpriseRecord? {
        try await select("WHERE id = $1", id.rawValue).first
    }

    func list(city: City?) async throws -> [EnterpriseRecord] {
        if let city { return try await select("WHERE city = $1 ORDER BY id", city.code) }
        return try await select("ORDER BY id", nil)
    }

    /// `tail` may use `$1`, bound to `key` when it is given.
    private func select(_ tail: String, _ key: String?) async throws -> [EnterpriseRecord] {
        try await store.run("read enterprises") {
            var binds = PostgresBindings()
            if let key { binds.append(key) }
            let rows = try await store.client.query(
                PostgresQuery(unsafeSQL: "SELECT id, name, city, created_at FROM enterprises \(tail)", binds: binds),
                logger: store.logger)
            var enterprises: [EnterpriseRecord] = []
            for try await (rawID, name, rawCity, createdAt) in rows.decode((String, String, String, Int64).self) {
                guard let id = EnterpriseID(rawValue: rawID), let city = City(rawValue: rawCity) else {
                    throw StoreError(.engine, "corrupt enterprise row \(rawID)")
                }
                enterprises.append(EnterpriseRecord(id: id, name: name, city: city, createdAt: createdAt))
            }
            return enterprises
        }
    }
}
