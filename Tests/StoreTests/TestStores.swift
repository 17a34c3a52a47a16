import Foundation
import Logging
import Model
import PostgresStore
import SQLiteStore
import Store
import Testing

/// Opens fresh, isolated stores of each engine for the shared contract suite.
///
/// SQLite always runs. PostgreSQL runs when `NEVBRAIN_TEST_POSTGRES_URL` names a server the
/// tests may create databases on (CI starts one); otherwise its cases are skipped visibly.
enum TestStores {
    static let postgresURL = ProcessInfo.processInfo.environment["NEVBRAIN_TEST_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// Engines to run the contract against on this machine.
    static var engines: [StoreEngine] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// Runs `body` with a migrated, empty store of `engine`, and cleans it up afterwards.
    static func withStore(_ engine: StoreEngine, _ body: (any PlatformStore) async throws -> Void) async throws {
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "nevbrain-tests-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try SQLiteStore(path: directory.appendingPathComponent("test.sqlite").path)
            try await store.migrate()
            try await body(store)
            try await store.close()
        case .postgres:
            let url = try #require(postgresURL)
            try await withIsolatedPostgres(adminURL: url) { store in
                try await store.migrate()
                try await body(store)
            }
        }
    }
}

/// Creates a throwaway database on the server at `adminURL`, runs `body` against it, then drops it.
func withIsolatedPostgres(adminURL: String, _ body: (any PlatformStore) async throws -> Void) async throws {
    let store = try await PostgresStore.openIsolatedForTesting(adminURL: adminURL)
    do {
        try await body(store)
    } catch {
        try? await store.close()
        throw error
    }
    try await store.close()
}
