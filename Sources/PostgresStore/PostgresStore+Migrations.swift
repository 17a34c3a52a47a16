import Logging
import Model
import PostgresNIO
import Store

extension PostgresStore {
    /// Key of the transaction-level advisory lock that serialises migrations across processes
    /// (any constant works; this one is "nevbrain" in ASCII).
    static let migrationLockKey: Int64 = 0x6E65_7662_7261_696E

    public func pendingMigrations() async throws -> [Int] {
        try await run("read schema_migrations") {
            let applied = try await client.withConnection { connection in
                try await Self.appliedVersions(connection, logger: logger)
            }
            return PostgresMigrations.all.map(\.version).filter { !applied.contains($0) }
        }
    }

    @discardableResult
    public func migrate() async throws -> [Int] {
        try await run("migrate") {
            try await client.withConnection { connection in
                // Under the lock, so two processes starting together do not both create the table.
                let applied = try await connection.withTransaction(logger: logger) { connection in
                    try await Self.lockMigrations(connection, logger: logger)
                    try await connection.query(
                        """
                        CREATE TABLE IF NOT EXISTS schema_migrations (
                            version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                        """,
                        logger: logger)
                    return try await Self.appliedVersions(connection, logger: logger)
                }
                let known = PostgresMigrations.all.last?.version ?? 0
                if let newest = applied.max(), newest > known {
                    throw StoreError(
                        .schemaTooNew, "database is at schema version \(newest), this binary knows up to \(known)")
                }
                var done: [Int] = []
                for migration in PostgresMigrations.all where !applied.contains(migration.version) {
                    let didApply = try await connection.withTransaction(logger: logger) { connection in
                        try await Self.lockMigrations(connection, logger: logger)
                        // Another process may have applied it while we waited for the lock.
                        guard try await !Self.appliedVersions(connection, logger: logger).contains(migration.version)
                        else { return false }
                        for sql in migration.statements {
                            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                        }
                        try await connection.query(
                            """
                            INSERT INTO schema_migrations (version, name, applied_at)
                            VALUES (\(migration.version), \(migration.name), \(Clock.nowMicros()))
                            """,
                            logger: logger)
                        return true
                    }
                    if didApply { done.append(migration.version) }
                }
                return done
            }
        }
    }

    private static func lockMigrations(_ connection: PostgresConnection, logger: Logger) async throws {
        for try await _ in try await connection.query(
            "SELECT pg_advisory_xact_lock(\(migrationLockKey))", logger: logger)
        {}
    }

    private static func appliedVersions(_ connection: PostgresConnection, logger: Logger) async throws -> Set<Int> {
        var exists = false
        for try await (found) in try await connection.query(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger
        ).decode(Bool.self) {
            exists = found
        }
        guard exists else { return [] }
        var versions: Set<Int> = []
        for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger)
            .decode(Int.self)
        {
            versions.insert(version)
        }
        return versions
    }
}
