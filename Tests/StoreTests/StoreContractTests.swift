import Model
import Store
import Testing

/// The one store suite: every case runs against each engine in `TestStores.engines`.
@Suite("Store contract")
struct StoreContractTests {
    @Test(
        "PostgreSQL store suite",
        .enabled(if: TestStores.postgresURL == nil, "NEVBRAIN_TEST_POSTGRES_URL is set: the PostgreSQL cases run"))
    func postgresSkipped() {
        // Visible marker in the test output that the PostgreSQL half of this suite did not run.
        print(
            "StoreContractTests: PostgreSQL cases SKIPPED — set NEVBRAIN_TEST_POSTGRES_URL=postgres://user@127.0.0.1:5432/postgres to run them"
        )
    }

    @Test(arguments: TestStores.engines)
    func migrationsAreVersionedAndIdempotent(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            #expect(try await store.pendingMigrations().isEmpty)
            #expect(try await store.migrate().isEmpty, "a second migrate applies nothing")
            try await store.ping()
            #expect(store.engine == engine)
        }
    }

    @Test(arguments: TestStores.engines)
    func usersRoundTripAndNamesAreUnique(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            let alice = UserAccount(
                id: "u1", name: "alice", role: .city, city: .ningbo, enterpriseID: nil, passwordHash: "$2b$04$x",
                createdAt: 1_700_000_000_000_001)
            let bob = UserAccount(
                id: "u2", name: "bob", role: .enterprise, city: nil, enterpriseID: "91330000MA2XXXXXX1",
                passwordHash: "$2b$04$y",
                createdAt: 1_700_000_000_000_002)
            try await store.users.insert(bob)
            try await store.users.insert(alice)
            #expect(try await store.users.find(name: "alice") == alice)
            #expect(try await store.users.find(id: "u2") == bob)
            #expect(try await store.users.find(name: "carol") == nil)
            #expect(try await store.users.list().map(\.name) == ["alice", "bob"])

            var clash = alice
            clash.id = "u3"
            let error = await #expect(throws: StoreError.self) { try await store.users.insert(clash) }
            #expect(error?.kind == .conflict)

            #expect(try await store.users.setDisabled(name: "alice", true))
            #expect(try await store.users.find(name: "alice")?.disabled == true)
            #expect(try await store.users.setDisabled(name: "nobody", true) == false)
        }
    }

    @Test(arguments: TestStores.engines)
    func tokensAreFoundByHashAndRevokedOnce(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            let user = UserAccount(
                id: "u1", name: "alice", role: .province, city: nil, enterpriseID: nil, passwordHash: "h", createdAt: 1)
            try await store.users.insert(user)
            let login = APIToken(
                id: "t1", secretHash: "aa", role: .province, city: nil, enterpriseID: nil, userID: "u1", label: "login",
                createdAt: 10,
                expiresAt: 20)
            let service = APIToken(
                id: "t2", secretHash: "bb", role: .city, city: .hangzhou, enterpriseID: nil, userID: nil, label: "etl",
                createdAt: 11,
                expiresAt: nil)
            try await store.tokens.insert(login)
            try await store.tokens.insert(service)
            #expect(try await store.tokens.find(secretHash: "aa") == login)
            #expect(try await store.tokens.find(id: "t2") == service)
            #expect(try await store.tokens.find(secretHash: "cc") == nil)
            #expect(try await store.tokens.list(userID: "u1").map(\.id) == ["t1"])
            #expect(try await store.tokens.list(userID: nil).map(\.id) == ["t2"])

            #expect(try await store.tokens.revoke(id: "t2", at: 99))
            #expect(try await store.tokens.revoke(id: "t2", at: 100) == false, "already revoked")
            #expect(try await store.tokens.find(id: "t2")?.revokedAt == 99)
            #expect(try await store.tokens.revoke(id: "nope", at: 1) == false)

            var duplicate = service
            duplicate.id = "t3"
            let error = await #expect(throws: StoreError.self) { try await store.tokens.insert(duplicate) }
            #expect(error?.kind == .conflict, "secret hashes are unique")
        }
    }

    @Test(arguments: TestStores.engines)
    func auditIsNewestFirstAndFiltered(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            for i in 0..<10 {
                try await store.audit.append(
                    AuditEntry(
                        at: Int64(1000 + i), actor: i.isMultiple(of: 2) ? "alice" : "bob", role: .province,
                        action: i < 5 ? "user.create" : "token.revoke", resource: "r\(i)", outcome: "ok",
                        detail: "d\(i)"))
            }
            let all = try await store.audit.query(AuditQuery(limit: 100))
            #expect(all.map(\.resource) == (0..<10).reversed().map { "r\($0)" })
            #expect(Set(all.map(\.id)).count == 10, "ids are assigned")
            let alice = try await store.audit.query(AuditQuery(actor: "alice", limit: 100))
            #expect(alice.map(\.resource) == ["r8", "r6", "r4", "r2", "r0"])
            let window = try await store.audit.query(
                AuditQuery(action: "token.revoke", since: 1006, until: 1009, limit: 100))
            #expect(window.map(\.resource) == ["r8", "r7", "r6"])
            #expect(try await store.audit.query(AuditQuery(limit: 3)).count == 3)
        }
    }

    @Test(arguments: TestStores.engines)
    func enterprisesUpsertAndListByCity(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await store.enterprises.upsert(
                EnterpriseRecord(id: "geely", name: "Geely", city: .hangzhou, createdAt: 1))
            try await store.enterprises.upsert(
                EnterpriseRecord(id: "zeekr", name: "Zeekr", city: .ningbo, createdAt: 2))
            try await store.enterprises.upsert(
                EnterpriseRecord(id: "geely", name: "Geely Holding", city: .hangzhou, createdAt: 3))
            #expect(try await store.enterprises.find(id: "geely")?.name == "Geely Holding")
            #expect(try await store.enterprises.find(id: "geely")?.createdAt == 1, "upsert keeps the creation time")
            #expect(try await store.enterprises.list(city: nil).map(\.id.rawValue) == ["geely", "zeekr"])
            #expect(try await store.enterprises.list(city: .ningbo).map(\.id.rawValue) == ["zeekr"])
            #expect(try await store.enterprises.list(city: .lishui).isEmpty)
        }
    }

    @Test(arguments: TestStores.engines)
    func telemetryBatchesRoundTripIncludingNulls(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            let rows = (0..<2_500).map(Self.sampleRow)
            try await store.telemetry.insert(Array(rows[..<1000]))
            try await store.telemetry.insert(Array(rows[1000...]))
            try await store.telemetry.insert([])
            #expect(try await store.telemetry.count() == rows.count)

            let vin = rows[3].vin
            let expected = rows.filter { $0.vin == vin }
            let fetched = try await store.telemetry.rows(vin: vin, from: 0, to: .max, limit: 10_000)
            #expect(fetched == expected)
            let window = try await store.telemetry.rows(
                vin: vin, from: expected[2].collectedAt, to: expected[5].collectedAt, limit: 10_000)
            #expect(window == Array(expected[2..<5]), "the range is half-open, oldest first")
            #expect(try await store.telemetry.rows(vin: vin, from: 0, to: .max, limit: 4).count == 4)
        }
    }

    /// A telemetry row whose optional columns are sometimes NULL, varying with `i`.
    static func sampleRow(_ i: Int) -> TelemetryRow {
        let second: Int64 = 10_000_000
        let collected: Int64 = 1_700_000_000_000_000 + Int64(i) * second
        let raw: [UInt8] = (0..<334).map { UInt8(truncatingIfNeeded: $0 &+ i) }
        var row = TelemetryRow(
            vin: "LTESTVIN00000000\(i % 7)", collectedAt: collected, receivedAt: collected + 500_000, raw: raw)
        row.reissue = i % 11 == 0
        row.speedKmh = i % 5 == 0 ? nil : Double(i % 120) + 0.5
        row.odometerKm = 93266.0 + Double(i) / 10
        row.socPercent = i % 13 == 0 ? nil : i % 101
        row.packVoltage = 341.7
        row.packCurrent = i % 3 == 0 ? -2.5 : 2.5
        row.longitude = 120.1 + Double(i) / 100_000
        row.latitude = 30.2
        row.vehicleState = 1
        row.chargeState = i % 4 + 1
        row.maxAlarmLevel = i % 17 == 0 ? nil : i % 4
        return row
    }
}
