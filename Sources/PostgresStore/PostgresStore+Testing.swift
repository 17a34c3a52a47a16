import Logging
import PostgresNIO
import Store

extension PostgresStore {
    /// Opens a store on a brand-new, uniquely named database (`nevbrain_test_<random hex>`) created
    /// through `adminURL`, and drops that database again when the store is closed.
    ///
    /// For test suites: every test gets its own database, so tests run in parallel without seeing
    /// each other's rows, and migrations start from nothing. The database is empty (not migrated).
    /// Always `close()` the store, or the database is left behind (they are easy to find by name).
    ///
    /// - Parameters:
    ///   - adminURL: a `postgres://` URL of a role allowed to `CREATE DATABASE`, e.g.
    ///     `postgres://postgres@127.0.0.1:54329/postgres`; its database is only used to create and drop.
    ///   - logger: for the store; quiet by default.
    package static func openIsolatedForTesting(
        adminURL: String,
        logger: Logger = Logger(label: "nevbrain.store.postgres.test", factory: { _ in SwiftLogNoOpLogHandler() }),
        maxConnections: Int = 4
    ) async throws -> PostgresStore {
        let admin = try PostgresLocation(url: adminURL)
        let name = "nevbrain_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        // The name is made here of [a-z0-9_] only, so quoting it is enough.
        try await withAdminClient(admin, logger: logger) { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \"\(name)\""), logger: logger)
        }
        var location = admin
        location.database = name
        return PostgresStore(
            location: location, logger: logger, maxConnections: maxConnections,
            afterClose: {
                try await withAdminClient(admin, logger: logger) { client in
                    // FORCE: a backend of the just-closed pool may not have exited yet.
                    try await client.query(
                        PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)"), logger: logger)
                }
            })
    }

    /// Runs one SQL statement as given, for tests that must set up states the repositories refuse
    /// to make (a schema newer than the binary, say). Returns how many rows it produced.
    @discardableResult
    package func executeForTesting(unsafeSQL sql: String) async throws -> Int {
        try await run("test statement") {
            var count = 0
            for try await _ in try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger) { count += 1 }
            return count
        }
    }

    /// Runs `body` with a one-connection client on `location`, and ends that client afterwards.
    private static func withAdminClient(
        _ location: PostgresLocation, logger: Logger, _ body: (PostgresClient) async throws -> Void
    ) async throws {
        let client = PostgresClient(
            configuration: configuration(location, maxConnections: 1), backgroundLogger: logger)
        let running = Task { await client.run() }
        do {
            try await body(client)
        } catch {
            running.cancel()
            await running.value
            throw StoreError.from(error, while: "administer test database on \(location.host):\(location.port)")
        }
        running.cancel()
        await running.value
    }
}
