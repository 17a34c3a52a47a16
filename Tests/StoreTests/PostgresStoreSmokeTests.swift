import Foundation
import Logging
import Model
import PostgresStore
import Store
import Testing

/// Quick checks of `PostgresStore` against a real server, until the shared contract suite covers it.
/// Skipped unless `NEVBRAIN_TEST_POSTGRES_URL` names a server the tests may create databases on.
/// Each test works in its own throwaway database, so they run in parallel.
@Suite("PostgresStore smoke", .enabled(if: PostgresSmoke.adminURL != nil, "set NEVBRAIN_TEST_POSTGRES_URL to run"))
struct PostgresStoreSmokeTests {
    @Test func migrationsAreVersionedIdempotentAndRefuseNewerSchemas() async throws {
        try await PostgresSmoke.withStore(migrated: false) { store in
            #expect(try await store.pendingMigrations() == Array(1...16))
            #expect(try await store.migrate() == Array(1...16))
            #expect(try await store.migrate() == [], "a second migrate applies nothing")
            #expect(try await store.pendingMigrations() == [])
            try await store.ping()
            #expect(store.engine == .postgres)
            let partitioned = try await store.executeForTesting(
                unsafeSQL: "SELECT 1 FROM pg_partitioned_table WHERE partrelid = 'telemetry'::regclass")
            #expect(partitioned == 1, "telemetry is partitioned by collection time")

            try await store.executeForTesting(
                unsafeSQL: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)")
            let error = await #expect(throws: StoreError.self) { try await store.migrate() }
            #expect(error?.kind == .schemaTooNew)
        }
    }

    @Test func concurrentMigrationsApplyEachVersionOnce() async throws {
        try await PostgresSmoke.withStore(migrated: false) { store in
            // Three more pools on the same database stand for other `serve` processes starting together.
            let others = (0..<3).map { _ in PostgresStore(location: store.location, logger: PostgresSmoke.logger) }
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for other in others { group.addTask { try await other.migrate() } }
                group.addTask { try await store.migrate() }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            for other in others { try await other.close() }
            #expect(applied.sorted() == Array(1...16))
            #expect(try await store.pendingMigrations() == [])
        }
    }

    @Test func usersRoundTripWithConflicts() async throws {
        try await PostgresSmoke.withStore { store in
            let alice = UserAccount(
                id: "u1", name: "alice", role: .city, city: .ningbo, enterpriseID: nil, passwordHash: "$2b$04$x",
                createdAt: 1_700_000_000_000_001)
            let bob = UserAccount(
                id: "u2", name: "Bob", role: .enterprise, city: nil, enterpriseID: "91330000MA2XXXXXX1",
                passwordHash: "$2b$04$y", disabled: true, createdAt: 1_700_000_000_000_002)
            try await store.users.insert(alice)
            try await store.users.insert(bob)
            #expect(try await store.users.find(name: "alice") == alice)
            #expect(try await store.users.find(id: "u2") == bob)
            #expect(try await store.users.find(name: "carol") == nil)
            // Byte order, as SQLite's BINARY collation: upper case before lower case.
            #expect(try await store.users.list().map(\.name) == ["Bob", "alice"])

            var sameName = alice
            sameName.id = "u3"
            let error = await #expect(throws: StoreError.self) { try await store.users.insert(sameName) }
            #expect(error?.kind == .conflict)

            #expect(try await store.users.setDisabled(name: "alice", true))
            #expect(try await store.users.find(name: "alice")?.disabled == true)
            #expect(try await store.users.setDisabled(name: "nobody", true) == false)
        }
    }

    @Test func tokensRoundTripAndRevokeOnce() async throws {
        try await PostgresSmoke.withStore { store in
            let user = UserAccount(
                id: "u1", name: "alice", role: .province, city: nil, enterpriseID: nil, passwordHash: "h",
                createdAt: 1)
            try await store.users.insert(user)
            let login = APIToken(
                id: "t1", secretHash: "hash1", role: .province, city: nil, enterpriseID: nil, userID: "u1",
                label: "login", createdAt: 10, expiresAt: 1_000)
            let service = APIToken(
                id: "t2", secretHash: "hash2", role: .city, city: .hangzhou, enterpriseID: nil, userID: nil,
                label: "feed", createdAt: 20, expiresAt: nil)
            let older = APIToken(
                id: "t3", secretHash: "hash3", role: .enterprise, city: nil, enterpriseID: "E1", userID: nil,
                label: "older", createdAt: 5, expiresAt: nil)
            for token in [login, service, older] { try await store.tokens.insert(token) }

            #expect(try await store.tokens.find(secretHash: "hash1") == login)
            #expect(try await store.tokens.find(id: "t2") == service)
            #expect(try await store.tokens.find(id: "t9") == nil)
            #expect(try await store.tokens.list(userID: "u1") == [login])
            #expect(try await store.tokens.list(userID: nil).map(\.id) == ["t3", "t2"])

            #expect(try await store.tokens.revoke(id: "t2", at: 99))
            #expect(try await store.tokens.revoke(id: "t2", at: 100) == false, "already revoked")
            #expect(try await store.tokens.revoke(id: "t9", at: 100) == false, "no such token")
            #expect(try await store.tokens.find(id: "t2")?.revokedAt == 99)

            var duplicateSecret = service
            duplicateSecret.id = "t4"
            let duplicate = await #expect(throws: StoreError.self) { try await store.tokens.insert(duplicateSecret) }
            #expect(duplicate?.kind == .conflict)
            var orphan = login
            orphan.id = "t5"
            orphan.secretHash = "hash5"
            orphan.userID = "ghost"
            let missingUser = await #expect(throws: StoreError.self) { try await store.tokens.insert(orphan) }
            #expect(missingUser?.kind == .conflict, "a foreign-key violation is a conflict, as in SQLite")
        }
    }

    @Test func auditQueriesNewestFirstWithFilters() async throws {
        try await PostgresSmoke.withStore { store in
            for (index, actor) in ["alice", "bob", "alice", "alice"].enumerated() {
                try await store.audit.append(
                    AuditEntry(
                        at: Int64(100 + index), actor: actor, role: .province, action: "vehicle.track.read",
                        resource: "LVIN\(index)", outcome: "ok", detail: index == 0 ? "" : "d\(index)"))
            }
            let all = try await store.audit.query(AuditQuery())
            #expect(all.map(\.at) == [103, 102, 101, 100])
            #expect(all.allSatisfy { $0.id > 0 })
            #expect(Set(all.map(\.id)).count == 4)
            let alice = try await store.audit.query(AuditQuery(actor: "alice", since: 101, until: 103, limit: 10))
            #expect(alice.map(\.at) == [102])
            #expect(try await store.audit.query(AuditQuery(limit: 2)).map(\.at) == [103, 102])
            #expect(try await store.audit.query(AuditQuery(action: "user.create")).isEmpty)
            #expect(try await store.audit.query(AuditQuery(limit: -1)).isEmpty)
        }
    }

    @Test func enterprisesUpsertKeepsCreationTime() async throws {
        try await PostgresSmoke.withStore { store in
            try await store.enterprises.upsert(EnterpriseRecord(id: "E2", name: "Two", city: .ningbo, createdAt: 2))
            try await store.enterprises.upsert(EnterpriseRecord(id: "E1", name: "One", city: .hangzhou, createdAt: 1))
            try await store.enterprises.upsert(
                EnterpriseRecord(id: "E2", name: "Two Renamed", city: .hangzhou, createdAt: 50))
            #expect(
                try await store.enterprises.find(id: "E2")
                    == EnterpriseRecord(id: "E2", name: "Two Renamed", city: .hangzhou, createdAt: 2))
            #expect(try await store.enterprises.find(id: "E3") == nil)
            #expect(try await store.enterprises.list(city: nil).map(\.id.rawValue) == ["E1", "E2"])
            #expect(try await store.enterprises.list(city: .hangzhou).count == 2)
            #expect(try await store.enterprises.list(city: .ningbo).isEmpty)
        }
    }

    @Test func telemetryBulkInsertRoundTripsNullsAcrossChunks() async throws {
        try await PostgresSmoke.withStore { store in
            let rows = (0..<20_000).map(PostgresSmoke.telemetryRow)
            try await store.telemetry.insert(rows)
            #expect(try await store.telemetry.count() == 20_000)
            let vin = rows[7].vin
            let expected = rows.filter { $0.vin == vin }.sorted { $0.collectedAt < $1.collectedAt }
            let stored = try await store.telemetry.rows(vin: vin, from: 0, to: .max, limit: -1)
            #expect(stored == expected)
            #expect(stored.contains { $0.speedKmh == nil } && stored.contains { $0.speedKmh != nil })
            let window = try await store.telemetry.rows(
                vin: vin, from: expected[10].collectedAt, to: expected[20].collectedAt, limit: 5)
            #expect(window == Array(expected[10..<15]))
            #expect(try await store.telemetry.rows(vin: "NOSUCHVIN00000000", from: 0, to: .max, limit: 10).isEmpty)
            try await store.telemetry.insert([])
            #expect(try await store.telemetry.count() == 20_000)
        }
    }

    @Test func telemetryBatchIsAllOrNothing() async throws {
        try await PostgresSmoke.withStore { store in
            var rows = (0..<15_000).map(PostgresSmoke.telemetryRow)
            // PostgreSQL text cannot hold NUL, so the last row, in the second chunk, fails.
            rows[14_999].vin = "BAD\u{0}VIN"
            let error = await #expect(throws: StoreError.self) { try await store.telemetry.insert(rows) }
            #expect(error?.kind == .engine)
            let count = try await store.telemetry.count()
            #expect(count == 0, "the first chunk was rolled back too")
        }
    }

    @Test func closeEndsThePool() async throws {
        let url = try #require(PostgresSmoke.adminURL)
        for _ in 0..<10 {
            let store = try await PostgresStore.openIsolatedForTesting(adminURL: url)
            try await store.ping()
            try await store.close()
            let error = await #expect(throws: StoreError.self) { try await store.ping() }
            #expect(error?.kind == .engine)
            try await store.close()  // a second close is harmless
        }
    }
}

/// Shared pieces of the smoke tests.
enum PostgresSmoke {
    static let adminURL = ProcessInfo.processInfo.environment["NEVBRAIN_TEST_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// Quiet: the tests read results, not logs.
    static let logger = Logger(label: "nevbrain.test.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs `body` on a store in a fresh database (migrated unless asked not to), then drops it.
    static func withStore(migrated: Bool = true, _ body: (PostgresStore) async throws -> Void) async throws {
        let url = try #require(adminURL)
        let store = try await PostgresStore.openIsolatedForTesting(adminURL: url)
        do {
            if migrated { try await store.migrate() }
            try await body(store)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    /// 50 vehicles interleaved; every third row has no speed, every fifth no position or SOC.
    @Sendable static func telemetryRow(_ index: Int) -> TelemetryRow {
        let vin = "LNBSCB3F0PW" + String(format: "%06d", index % 50)
        let gap = index % 5 == 0
        return TelemetryRow(
            vin: vin, collectedAt: 1_700_000_000_000_000 + Int64(index) * 1_000_000,
            receivedAt: 1_700_000_000_000_000 + Int64(index) * 1_000_000 + 250, reissue: index % 7 == 0,
            speedKmh: index % 3 == 0 ? nil : Double(index % 120) + 0.5, odometerKm: Double(index) / 10,
            socPercent: gap ? nil : index % 101, packVoltage: 350.5, packCurrent: index % 2 == 0 ? -12.25 : nil,
            longitude: gap ? nil : 120.15 + Double(index % 100) / 1_000, latitude: gap ? nil : 30.28,
            vehicleState: index % 11 == 0 ? nil : 1, chargeState: 3, maxAlarmLevel: index % 13 == 0 ? nil : 0,
            raw: [0x23, 0x23, 0x02, 0xFE] + (0..<(index % 40)).map { UInt8(truncatingIfNeeded: $0 &* index) })
    }
}
