import Model
import Store
import Testing

/// What the gateway's writer relies on, on both engines: the latest state moves only forward, presence
/// transitions are session-checked and recorded once, frames come back verbatim, downsampling and the fleet
/// summary count what they say.
@Suite("Telemetry store contract")
struct TelemetryStoreContractTests {
    static let vin = "LTESTVIN000000001"
    static let base: Int64 = 1_700_000_000_000_000
    static let second: Int64 = 1_000_000

    static func report(_ vin: String = vin, at seconds: Int64, soc: Int, reissue: Bool = false) -> TelemetryRow {
        var row = TelemetryRow(
            vin: vin, collectedAt: base + seconds * second, receivedAt: base + seconds * second + 300_000,
            reissue: reissue, raw: [0x23, 0x23, 0x02, UInt8(truncatingIfNeeded: seconds)])
        row.socPercent = soc
        row.maxCellVoltage = 3.9
        row.minCellVoltage = 3.7
        row.maxTemperature = 31
        row.minTemperature = -2
        row.session = 7
        return row
    }

    @Test(arguments: TestStores.engines)
    func eachIdentityKeepsItsNewestClaim(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            func claim(_ identity: String, session: Int64, at: Int64) -> IdentityClaim {
                IdentityClaim(identity: identity, session: session, claimedAt: Self.base + at * Self.second)
            }
            let vehicle = "vehicle:\(Self.vin)"
            // Within one batch and across batches, in any commit order, the newest login (then the higher session) wins.
            try await store.telemetry.ingest(
                IngestBatch(claims: [claim(vehicle, session: 2, at: 20), claim(vehicle, session: 1, at: 10)]))
            try await store.telemetry.ingest(IngestBatch(claims: [claim(vehicle, session: 3, at: 15)]))
            try await store.telemetry.ingest(
                IngestBatch(claims: [claim("platform:oem-a", session: 5, at: 30), claim(vehicle, session: 4, at: 20)]))
            #expect(
                try await store.telemetry.claims(since: Self.base)
                    == [claim(vehicle, session: 4, at: 20), claim("platform:oem-a", session: 5, at: 30)])
            // Only claims from `since` on.
            #expect(
                try await store.telemetry.claims(since: Self.base + 21 * Self.second)
                    == [claim("platform:oem-a", session: 5, at: 30)])
            try await store.telemetry.ingest(IngestBatch(claims: [claim(vehicle, session: 9, at: 40)]))
            #expect(
                try await store.telemetry.claims(since: Self.base + 31 * Self.second) == [
                    claim(vehicle, session: 9, at: 40)
                ])
        }
    }

    @Test(arguments: TestStores.engines)
    func aReissueNeverMovesTheLatestStateBack(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            // Two reports of one VIN in one batch: the newer wins, whatever the order.
            try await store.telemetry.ingest(
                IngestBatch(reports: [Self.report(at: 20, soc: 60), Self.report(at: 10, soc: 50)]))
            var state = try #require(try await store.telemetry.latest(vin: Self.vin))
            #expect(state.report?.socPercent == 60)
            #expect(state.report?.collectedAt == Self.base + 20 * Self.second)
            #expect(state.report?.maxCellVoltage == 3.9)
            #expect(state.report?.minTemperature == -2)
            #expect(state.lastSeenAt == Self.base + 20 * Self.second + 300_000)
            #expect(state.online == false, "reports alone do not make a vehicle online; the gateway says so")

            // A reissue of older data arriving later: stored, but the state stays; last seen moves on.
            var late = Self.report(at: 5, soc: 40, reissue: true)
            late.receivedAt = Self.base + 100 * Self.second
            try await store.telemetry.ingest(IngestBatch(reports: [late]))
            state = try #require(try await store.telemetry.latest(vin: Self.vin))
            #expect(state.report?.socPercent == 60)
            #expect(state.lastSeenAt == Self.base + 100 * Self.second)
            #expect(try await store.telemetry.count() == 3)

            // Stored in collection-time order, whatever the arrival order.
            let rows = try await store.telemetry.rows(vin: Self.vin, from: 0, to: .max, limit: 100)
            #expect(rows.map(\.socPercent) == [40, 50, 60])
            #expect(rows.first?.reissue == true)
            #expect(rows.first?.session == 7)
            #expect(rows.first?.raw == [0x23, 0x23, 0x02, 5])

            // A newer report moves it forward.
            try await store.telemetry.ingest(IngestBatch(reports: [Self.report(at: 30, soc: 61)]))
            #expect(try await store.telemetry.latest(vin: Self.vin)?.report?.socPercent == 61)
            #expect(try await store.telemetry.latest(vin: "LNOTSEEN000000000") == nil)
        }
    }

    @Test(arguments: TestStores.engines)
    func readingWithoutFramesGivesTheSameReports(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            // Every column set on some reports and NULL on others, other vehicles around, arrival out of order.
            var reports: [TelemetryRow] = []
            for second in stride(from: 590 as Int64, through: 0, by: -10) {
                var row = Self.report(at: second, soc: Int(second % 101), reissue: second % 30 == 0)
                if second % 20 == 0 {
                    row.speedKmh = Double(second) / 10
                    row.odometerKm = 12_345.6 + Double(second)
                    row.packVoltage = 380.5
                    row.packCurrent = -12.25
                    row.longitude = 120.123456
                    row.latitude = 30.000001
                    row.vehicleState = 1
                    row.chargeState = 3
                    row.maxAlarmLevel = Int(second % 4)
                } else {
                    row.socPercent = nil
                    row.maxCellVoltage = nil
                    row.minTemperature = nil
                }
                reports.append(row)
                reports.append(Self.report("LOTHER00000000001", at: second, soc: 1))
            }
            try await store.telemetry.ingest(IngestBatch(reports: reports))
            for every in [nil, 60] as [Int?] {
                let full = try await store.telemetry.rows(
                    vin: Self.vin, from: Self.base + 100 * Self.second, to: .max, limit: 40, everySeconds: every,
                    withFrames: true)
                let light = try await store.telemetry.rows(
                    vin: Self.vin, from: Self.base + 100 * Self.second, to: .max, limit: 40, everySeconds: every,
                    withFrames: false)
                #expect(full.count == (every == nil ? 40 : 9))
                #expect(
                    light
                        == full.map { row in
                            var row = row
                            row.session = nil
                            row.raw = []
                            return row
                        })
            }
            let none = try await store.telemetry.rows(
                vin: "LNOTSEEN000000000", from: 0, to: .max, limit: 10, everySeconds: nil, withFrames: false)
            #expect(none.isEmpty)
        }
    }

    @Test(arguments: TestStores.engines)
    func presenceTransitionsAreSessionCheckedAndRecordedOnce(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            func change(_ online: Bool, at: Int64, _ reason: String, session: Int64) -> PresenceChange {
                PresenceChange(
                    vin: Self.vin, at: Self.base + at * Self.second, online: online, reason: reason, session: session)
            }
            // Login on session 1 (before any report: the row is created), then a report.
            try await store.telemetry.ingest(
                IngestBatch(
                    reports: [Self.report(at: 1, soc: 50)], presence: [change(true, at: 0, "login", session: 1)]))
            var state = try #require(try await store.telemetry.latest(vin: Self.vin))
            #expect(state.online)
            #expect(state.onlineChangedAt == Self.base)
            #expect(state.report?.socPercent == 50)

            // The vehicle reconnects on session 2 (takeover); the old session's close arrives after it and must
            // not take the vehicle offline. Online on an online vehicle records no event.
            try await store.telemetry.ingest(
                IngestBatch(presence: [
                    change(true, at: 10, "login", session: 2), change(false, at: 11, "replaced", session: 1),
                ]))
            state = try #require(try await store.telemetry.latest(vin: Self.vin))
            #expect(state.online)
            #expect(state.onlineChangedAt == Self.base, "still online since the first login")

            // Logout on the session it is online on: offline, once.
            try await store.telemetry.ingest(
                IngestBatch(presence: [
                    change(false, at: 20, "logout", session: 2), change(false, at: 21, "connection_closed", session: 2),
                ]))
            state = try #require(try await store.telemetry.latest(vin: Self.vin))
            #expect(!state.online)
            #expect(state.onlineChangedAt == Self.base + 20 * Self.second)

            let events = try await store.telemetry.events(vin: Self.vin, from: 0, to: .max, limit: 100)
            #expect(events.map(\.kind) == ["online", "offline"])
            #expect(events.map(\.reason) == ["login", "logout"])
            #expect(events.map(\.session) == [1, 2])
            #expect(events.map(\.at) == [Self.base, Self.base + 20 * Self.second])
        }
    }

    @Test(arguments: TestStores.engines)
    func manyPresenceChangesInOneBatchKeepTheirOrderAndSessions(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            let vins = (0..<50).map { "LBATCH" + String(repeating: "0", count: 11 - String($0).count) + String($0) }
            func change(_ vin: String, _ online: Bool, at: Int64, session: Int64) -> PresenceChange {
                PresenceChange(
                    vin: vin, at: Self.base + at * Self.second, online: online, reason: online ? "login" : "logout",
                    session: session)
            }
            try await store.telemetry.ingest(IngestBatch(presence: [change(vins[0], true, at: 0, session: 1)]))
            // All 50 log in (vins[0] again, on a new session: no second event); then all log out, ten of them on a
            // session they are not online on (ignored); then vins[1] logs in again within the same batch.
            try await store.telemetry.ingest(
                IngestBatch(
                    presence: vins.map { change($0, true, at: 10, session: 2) }
                        + vins.enumerated().map { i, vin in change(vin, false, at: 20, session: i < 10 ? 1 : 2) }
                        + [change(vins[1], true, at: 30, session: 3)]))
            var online: [String] = []
            for vin in vins where try await store.telemetry.latest(vin: vin)?.online == true { online.append(vin) }
            #expect(online == Array(vins.prefix(10)), "a logout naming another session leaves the vehicle online")
            // vins[1] never went offline (its logout named session 1), so its last login changes nothing visible.
            #expect(try await store.telemetry.latest(vin: vins[1])?.onlineChangedAt == Self.base + 10 * Self.second)
            var kinds: [String: [String]] = [:]
            for vin in vins {
                kinds[vin] = try await store.telemetry.events(vin: vin, from: 0, to: .max, limit: 10).map(\.kind)
            }
            #expect(kinds[vins[0]] == ["online"], "already online: the second login records nothing")
            #expect(kinds[vins[1]] == ["online"])
            #expect(kinds[vins[20]] == ["online", "offline"])
        }
    }

    @Test(arguments: TestStores.engines)
    func staleOnlineVehiclesExpire(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            let quiet = "LTESTVIN000000002"
            try await store.telemetry.ingest(
                IngestBatch(presence: [
                    PresenceChange(vin: Self.vin, at: Self.base, online: true, reason: "login", session: 1),
                    PresenceChange(vin: quiet, at: Self.base, online: true, reason: "login", session: 1),
                ]))
            // A heartbeat keeps the first vehicle seen.
            try await store.telemetry.ingest(
                IngestBatch(frames: [
                    ArchivedFrame(
                        vin: Self.vin, receivedAt: Self.base + 500 * Self.second, session: 1, edition: 2016,
                        command: 0x07, raw: [0x23, 0x23, 0x07])
                ]))
            let now = Self.base + 600 * Self.second
            let expired = try await store.telemetry.expireOnline(
                lastSeenBefore: Self.base + 400 * Self.second, at: now, reason: "stale")
            #expect(expired.map(\.vin) == [quiet])
            #expect(expired.first?.session == 1)
            #expect(try await store.telemetry.latest(vin: quiet)?.online == false)
            #expect(try await store.telemetry.latest(vin: Self.vin)?.online == true)
            #expect(
                try await store.telemetry.events(vin: quiet, from: 0, to: .max, limit: 10).map(\.reason) == [
                    "login", "stale",
                ])
            #expect(
                try await store.telemetry.expireOnline(
                    lastSeenBefore: Self.base + 400 * Self.second, at: now, reason: "stale"
                )
                .isEmpty, "expiring twice records nothing more")
        }
    }

    @Test(arguments: TestStores.engines)
    func framesComeBackVerbatimInReceiveOrder(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            let login = ArchivedFrame(
                vin: Self.vin, receivedAt: Self.base, session: 3, edition: 2025, command: 0x01,
                raw: [0x24, 0x24, 0x01, 0xFE, 0x00, 0xFF])
            let beat = ArchivedFrame(
                vin: Self.vin, receivedAt: Self.base + 20 * Self.second, session: 3, edition: 2025, command: 0x07,
                raw: [0x24, 0x24, 0x07])
            try await store.telemetry.ingest(
                IngestBatch(reports: [Self.report(at: 10, soc: 50)], frames: [login, beat]))
            let frames = try await store.telemetry.frames(vin: Self.vin, from: 0, to: .max, limit: 10)
            #expect(frames.map(\.raw) == [login.raw, [0x23, 0x23, 0x02, 10], beat.raw])
            #expect(frames.map(\.collectedAt) == [nil, Self.base + 10 * Self.second, nil])
            #expect(frames.map(\.session) == [3, 7, 3])
            #expect(try await store.telemetry.frames(vin: Self.vin, from: 0, to: .max, limit: 2).count == 2)
            #expect(try await store.telemetry.frames(vin: "LOTHERVIN00000000", from: 0, to: .max, limit: 10).isEmpty)
        }
    }

    @Test(arguments: TestStores.engines)
    func downsamplingKeepsTheFirstReportOfEachInterval(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            // A report every 10 s for 10 minutes, starting on a minute boundary.
            let start = (Self.base / (60 * Self.second) + 1) * 60 - Self.base / Self.second
            let reports = (0..<60).map { Self.report(at: start + Int64($0) * 10, soc: $0) }
            try await store.telemetry.ingest(IngestBatch(reports: reports.shuffled()))
            let perMinute = try await store.telemetry.rows(
                vin: Self.vin, from: 0, to: .max, limit: 100, everySeconds: 60)
            #expect(perMinute.map(\.socPercent) == [0, 6, 12, 18, 24, 30, 36, 42, 48, 54])
            let limited = try await store.telemetry.rows(vin: Self.vin, from: 0, to: .max, limit: 3, everySeconds: 60)
            #expect(limited.map(\.socPercent) == [0, 6, 12])
            #expect(try await store.telemetry.rows(vin: Self.vin, from: 0, to: .max, limit: 100).count == 60)
        }
    }

    @Test(arguments: TestStores.engines)
    func fleetSummaryAndStateFiltersCountRegisteredVehicles(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await VehicleStoreContractTests.addEnterprises(store)
            let records = (0..<6).map(VehicleStoreContractTests.record)
            try await store.vehicles.upsert(records)
            let vins = records.map(\.vin.rawValue)
            func row(_ i: Int, speed: Double, vehicleState: Int, charge: Int, alarm: Int) -> TelemetryRow {
                var row = Self.report(vins[i], at: 100, soc: 50)
                row.speedKmh = speed
                row.vehicleState = vehicleState
                row.chargeState = charge
                row.maxAlarmLevel = alarm
                return row
            }
            // 0 driving, 1 charging while parked, 2 alarming level 3 and driving, 3 online but not reporting,
            // 4 reported then went offline (its old state counts for nothing), 5 never seen.
            let online = [0, 1, 2, 3].map {
                PresenceChange(vin: vins[$0], at: Self.base, online: true, reason: "login", session: 9)
            }
            try await store.telemetry.ingest(
                IngestBatch(
                    reports: [
                        row(0, speed: 42, vehicleState: 1, charge: 3, alarm: 0),
                        row(1, speed: 0, vehicleState: 2, charge: 1, alarm: 0),
                        row(2, speed: 12, vehicleState: 1, charge: 3, alarm: 3),
                        row(4, speed: 80, vehicleState: 1, charge: 1, alarm: 2),
                    ],
                    presence: online + [
                        PresenceChange(vin: vins[4], at: Self.base, online: true, reason: "login", session: 9),
                        PresenceChange(vin: vins[4], at: Self.base + 1, online: false, reason: "logout", session: 9),
                    ]))
            let summary = try await store.telemetry.fleetSummary(FleetFilter())
            #expect(summary.total == FleetCounts(vehicles: 6, online: 4, driving: 2, charging: 1, alarming: 1))
            let perCity = summary.byCity.values.reduce(0) { $0 + $1.vehicles }
            let perEnterprise = summary.byEnterprise.values.reduce(0) { $0 + $1.online }
            #expect(perCity == 6)
            #expect(perEnterprise == 4)
            for city in Set(records.map(\.city)) {
                let expected = records.filter { $0.city == city }.count
                #expect(summary.byCity[city]?.vehicles == expected)
                let scoped = try await store.telemetry.fleetSummary(FleetFilter(city: city))
                #expect(scoped.total.vehicles == expected)
                #expect(Set(scoped.byCity.keys) == [city])
            }

            let onlineVINs = try await store.vehicles.list(VehicleQuery(online: true)).records.map(\.vin.rawValue)
            #expect(onlineVINs == [0, 1, 2, 3].map { vins[$0] }.sorted())
            let offline = try await store.vehicles.list(VehicleQuery(online: false))
            #expect(offline.total == 2)
            #expect(
                try await store.vehicles.list(VehicleQuery(charging: true)).records.map(\.vin.rawValue) == [vins[1]])
            #expect(try await store.vehicles.list(VehicleQuery(charging: false)).total == 5)
            #expect(
                try await store.vehicles.list(VehicleQuery(minAlarmLevel: 2)).records.map(\.vin.rawValue) == [vins[2]])

            // The online filter follows every way of going offline: expiry (3 was only ever seen at its login), but
            // not the late close of a session that was replaced (0 is online on session 9, not 8).
            _ = try await store.telemetry.expireOnline(
                lastSeenBefore: Self.base + 50 * Self.second, at: Self.base + 600 * Self.second, reason: "stale")
            try await store.telemetry.ingest(
                IngestBatch(presence: [
                    PresenceChange(
                        vin: vins[0], at: Self.base + 700 * Self.second, online: false, reason: "closed", session: 8)
                ]))
            let stillOnline = try await store.vehicles.list(VehicleQuery(online: true))
            #expect(stillOnline.records.map(\.vin.rawValue) == [0, 1, 2].map { vins[$0] }.sorted())
            #expect(stillOnline.total == 3)
            #expect(try await store.vehicles.list(VehicleQuery(online: false)).total == 3)
            // And coming back online after an expiry.
            try await store.telemetry.ingest(
                IngestBatch(presence: [
                    PresenceChange(
                        vin: vins[3], at: Self.base + 800 * Self.second, online: true, reason: "login", session: 10)
                ]))
            #expect(try await store.vehicles.list(VehicleQuery(online: true)).total == 4)
        }
    }
}
