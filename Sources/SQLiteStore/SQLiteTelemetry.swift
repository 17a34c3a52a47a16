import Model
import Store

/// `TelemetryRepository` on SQLite: one batch is one transaction on the writer, each table through one
/// reused prepared statement (perf-ceilings.md: per-row hops are ruinous, large transactions matter most).
struct SQLiteTelemetry: TelemetryRepository {
    let store: SQLiteStore

    /// The report columns, in the order `TelemetryColumns` binds and decodes them.
    static let reportColumns = TelemetryColumns.list
    private static let reportParameters = Array(repeating: "?", count: 18).joined(separator: ", ")

    func ingest(_ batch: IngestBatch) async throws {
        guard !batch.isEmpty else { return }
        try await store.writer.transaction { db in
            let order = batch.reportOrder
            try Self.insertReports(batch.reports, at: order.positions, db)
            try Self.insertFrames(batch.frames, db)
            try Self.advanceLatest(batch, order.newest, db)
            for change in batch.presence { try Self.apply(change, db) }
            try Self.keepNewest(batch.newestClaims, db)
        }
    }

    /// Each identity's claim, unless the stored one is newer.
    private static func keepNewest(_ claims: [IdentityClaim], _ db: SQLiteDatabase) throws {
        guard !claims.isEmpty else { return }
        let statement = try db.statement(
            """
            INSERT INTO gateway_claims(identity, session, claimed_at) VALUES (?, ?, ?)
            ON CONFLICT(identity) DO UPDATE SET session = excluded.session, claimed_at = excluded.claimed_at
            WHERE excluded.claimed_at > gateway_claims.claimed_at
                OR (excluded.claimed_at = gateway_claims.claimed_at AND excluded.session > gateway_claims.session)
            """)
        for claim in claims {
            try statement.run([.text(claim.identity), .integer(claim.session), .integer(claim.claimedAt)])
        }
    }

    func claims(since: Int64) async throws -> [IdentityClaim] {
        try await store.reader.run { db in
            try db.statement(
                "SELECT identity, session, claimed_at FROM gateway_claims WHERE claimed_at >= ? ORDER BY claimed_at"
            ).query([.integer(since)]) {
                IdentityClaim(identity: $0.text(0), session: $0.int64(1), claimedAt: $0.int64(2))
            }
        }
    }

    /// The reports at `positions` of `rows`, in that order.
    private static func insertReports(_ rows: [TelemetryRow], at positions: [Int], _ db: SQLiteDatabase) throws {
        guard !positions.isEmpty else { return }
        let statement = try db.statement(
            "INSERT INTO telemetry(\(reportColumns), session, raw) VALUES (\(reportParameters), ?, ?)")
        func insert(_ row: borrowing TelemetryRow) throws {
            statement.reset()
            try bindReport(row, statement)
            try statement.bind(.optional(row.session), at: 19)
            try statement.bind(.blob(row.raw), at: 20)
            while try statement.step() {}
        }
        for position in positions { try insert(rows[position]) }
    }

    private static func insertFrames(_ frames: [ArchivedFrame], _ db: SQLiteDatabase) throws {
        guard !frames.isEmpty else { return }
        let statement = try db.statement(
            "INSERT INTO gateway_frames(vin, received_at, session, edition, command, raw) VALUES (?, ?, ?, ?, ?, ?)")
        for frame in frames {
            try statement.run([
                .text(frame.vin), .integer(frame.receivedAt), .integer(frame.session),
                .integer(Int64(frame.edition)), .integer(Int64(frame.command)), .blob(frame.raw),
            ])
        }
    }

    /// One upsert per VIN of the batch: the report columns move only forward in collection time, the
    /// last-seen time only forward in receive time.
    private static func advanceLatest(
        _ batch: IngestBatch, _ latest: [(position: Int, lastSeenAt: Int64)], _ db: SQLiteDatabase
    ) throws {
        if !latest.isEmpty {
            let statement = try db.statement(
                """
                INSERT INTO vehicle_latest(\(reportColumns), last_seen_at) VALUES (\(reportParameters), ?)
                ON CONFLICT(vin) DO UPDATE SET \(TelemetryColumns.latestUpdates),
                    last_seen_at = CASE WHEN vehicle_latest.last_seen_at IS NULL
                        OR excluded.last_seen_at > vehicle_latest.last_seen_at
                        THEN excluded.last_seen_at ELSE vehicle_latest.last_seen_at END
                """)
            for (position, lastSeen) in latest {
                statement.reset()
                try bindReport(batch.reports[position], statement)
                try statement.bind(.integer(lastSeen), at: 19)
                while try statement.step() {}
            }
        }
        let seen = batch.framesLastSeen
        if !seen.isEmpty {
            let statement = try db.statement(
                "UPDATE vehicle_latest SET last_seen_at = ? WHERE vin = ? AND (last_seen_at IS NULL OR last_seen_at < ?)"
            )
            for (vin, at) in seen { try statement.run([.integer(at), .text(vin), .integer(at)]) }
        }
    }

    private static func apply(_ change: PresenceChange, _ db: SQLiteDatabase) throws {
        if change.online {
            let wasOnline =
                try db.statement("SELECT online FROM vehicle_latest WHERE vin = ?")
                .query([.text(change.vin)]) { $0.int64(0) != 0 }.first ?? false
            try db.statement(
                """
                INSERT INTO vehicle_latest(vin, last_seen_at, online, online_session, online_changed_at)
                VALUES (?1, ?2, 1, ?3, ?2)
                ON CONFLICT(vin) DO UPDATE SET online = 1, online_session = ?3,
                    online_changed_at = CASE WHEN vehicle_latest.online = 1 THEN vehicle_latest.online_changed_at
                        ELSE ?2 END,
                    last_seen_at = CASE WHEN vehicle_latest.last_seen_at IS NULL OR vehicle_latest.last_seen_at < ?2
                        THEN ?2 ELSE vehicle_latest.last_seen_at END
                """
            ).run([.text(change.vin), .integer(change.at), .integer(change.session)])
            if !wasOnline { try recordEvent(change, db) }
        } else {
            try db.statement(
                """
                UPDATE vehicle_latest SET online = 0, online_session = NULL, online_changed_at = ?
                WHERE vin = ? AND online = 1 AND online_session = ?
                """
            ).run([.integer(change.at), .text(change.vin), .integer(change.session)])
            if db.changes > 0 { try recordEvent(change, db) }
        }
    }

    private static func recordEvent(_ change: PresenceChange, _ db: SQLiteDatabase) throws {
        try db.statement("INSERT INTO vehicle_events(vin, at, kind, reason, session) VALUES (?, ?, ?, ?, ?)").run([
            .text(change.vin), .integer(change.at), .text(change.online ? "online" : "offline"),
            .text(change.reason), .integer(change.session),
        ])
    }

    private static func bindReport(_ row: TelemetryRow, _ statement: SQLiteStatement) throws {
        try statement.bind(.text(row.vin), at: 1)
        try statement.bind(.integer(row.collectedAt), at: 2)
        try statement.bind(.integer(row.receivedAt), at: 3)
        try statement.bind(.integer(row.reissue ? 1 : 0), at: 4)
        try statement.bind(.optional(row.speedKmh), at: 5)
        try statement.bind(.optional(row.odometerKm), at: 6)
        try statement.bind(.optional(row.socPercent), at: 7)
        try statement.bind(.optional(row.packVoltage), at: 8)
        try statement.bind(.optional(row.packCurrent), at: 9)
        try statement.bind(.optional(row.longitude), at: 10)
        try statement.bind(.optional(row.latitude), at: 11)
        try statement.bind(.optional(row.vehicleState), at: 12)
        try statement.bind(.optional(row.chargeState), at: 13)
        try statement.bind(.optional(row.maxAlarmLevel), at: 14)
        try statement.bind(.optional(row.maxCellVoltage), at: 15)
        try statement.bind(.optional(row.minCellVoltage), at: 16)
        try statement.bind(.optional(row.maxTemperature), at: 17)
        try statement.bind(.optional(row.minTemperature), at: 18)
    }

    /// A report from the first 18 columns of `reportColumns`, then `session` and `raw` if selected.
    private static func decodeReport(_ row: SQLiteRow, withRaw: Bool) -> TelemetryRow {
        TelemetryRow(
            vin: row.text(0), collectedAt: row.int64(1), receivedAt: row.int64(2), reissue: row.int64(3) != 0,
            speedKmh: row.doubleOrNil(4), odometerKm: row.doubleOrNil(5), socPercent: row.intOrNil(6),
            packVoltage: row.doubleOrNil(7), packCurrent: row.doubleOrNil(8), longitude: row.doubleOrNil(9),
            latitude: row.doubleOrNil(10), vehicleState: row.intOrNil(11), chargeState: row.intOrNil(12),
            maxAlarmLevel: row.intOrNil(13), maxCellVoltage: row.doubleOrNil(14), minCellVoltage: row.doubleOrNil(15),
            maxTemperature: row.doubleOrNil(16), minTemperature: row.doubleOrNil(17),
            session: withRaw ? row.int64OrNil(18) : nil, raw: withRaw ? row.blob(19) : [])
    }

    // MARK: Reads

    func count() async throws -> Int {
        try await store.reader.run { db in
            Int(try db.statement("SELECT count(*) FROM telemetry").query { $0.int64(0) }.first ?? 0)
        }
    }

    func rows(vin: String, from: Int64, to: Int64, limit: Int, everySeconds: Int?, withFrames: Bool) async throws
        -> [TelemetryRow]
    {
        let columns = withFrames ? "\(Self.reportColumns), session, raw" : Self.reportColumns
        let range = "vin = ? AND collected_at >= ? AND collected_at < ?"
        // A negative LIMIT is "no limit" in SQLite.
        let maxRows = limit
        let limitValue = SQLiteValue.integer(Int64(limit))
        return try await store.reader.run { db in
            if let every = everySeconds, every > 0 {
                // One pass over the range in index order, keeping the first report of each interval: cheaper
                // than a window function, which sorts the whole range first.
                let interval = Int64(every) * 1_000_000
                var kept: [TelemetryRow] = []
                var lastInterval: Int64?
                try db.statement("SELECT \(columns) FROM telemetry WHERE \(range) ORDER BY collected_at")
                    .forEach([.text(vin), .integer(from), .integer(to)]) { row in
                        let current = row.int64(1) / interval
                        if current != lastInterval {
                            lastInterval = current
                            kept.append(Self.decodeReport(row, withRaw: withFrames))
                        }
                        return maxRows < 0 || kept.count < maxRows
                    }
                return kept
            }
            return try db.statement("SELECT \(columns) FROM telemetry WHERE \(range) ORDER BY collected_at LIMIT ?")
                .query([.text(vin), .integer(from), .integer(to), limitValue]) {
                    Self.decodeReport($0, withRaw: withFrames)
                }
        }
    }

    func frames(vin: String, from: Int64, to: Int64, limit: Int) async throws -> [StoredFrame] {
        try await store.reader.run { db in
            try db.statement(
                """
                SELECT received_at, collected_at, session, raw FROM (
                    SELECT received_at, collected_at, session, raw FROM telemetry
                    WHERE vin = ?1 AND collected_at >= ?2 AND collected_at < ?3
                    UNION ALL
                    SELECT received_at, NULL, session, raw FROM gateway_frames
                    WHERE vin = ?1 AND received_at >= ?2 AND received_at < ?3)
                ORDER BY received_at, collected_at LIMIT ?4
                """
            ).query([.text(vin), .integer(from), .integer(to), .integer(Int64(limit))]) { row in
                StoredFrame(
                    vin: vin, receivedAt: row.int64(0), collectedAt: row.int64OrNil(1), session: row.int64OrNil(2),
                    raw: row.blob(3))
            }
        }
    }

    func latest(vin: String) async throws -> VehicleLatestState? {
        try await store.reader.run { db in
            try db.statement(
                """
                SELECT \(Self.reportColumns), last_seen_at, online, online_changed_at
                FROM vehicle_latest WHERE vin = ?
                """
            ).query([.text(vin)]) { row in
                VehicleLatestState(
                    vin: row.text(0), report: row.isNull(1) ? nil : Self.decodeReport(row, withRaw: false),
                    lastSeenAt: row.int64OrNil(18), online: row.int64(19) != 0, onlineChangedAt: row.int64OrNil(20))
            }.first
        }
    }

    func events(vin: String, from: Int64, to: Int64, limit: Int) async throws -> [VehicleEvent] {
        try await store.reader.run { db in
            try db.statement(
                """
                SELECT vin, at, kind, reason, session FROM vehicle_events
                WHERE vin = ? AND at >= ? AND at < ? ORDER BY at, rowid LIMIT ?
                """
            ).query([.text(vin), .integer(from), .integer(to), .integer(Int64(limit))]) { row in
                VehicleEvent(
                    vin: row.text(0), at: row.int64(1), kind: row.text(2), reason: row.text(3),
                    session: row.int64OrNil(4))
            }
        }
    }

    func expireOnline(lastSeenBefore: Int64, at: Int64, reason: String) async throws -> [VehicleEvent] {
        try await store.writer.transaction { db in
            let stale = try db.statement(
                "SELECT vin, online_session FROM vehicle_latest WHERE online = 1 AND last_seen_at < ? ORDER BY vin"
            ).query([.integer(lastSeenBefore)]) { (vin: $0.text(0), session: $0.int64OrNil(1)) }
            var events: [VehicleEvent] = []
            for (vin, session) in stale {
                try db.statement(
                    "UPDATE vehicle_latest SET online = 0, online_session = NULL, online_changed_at = ? WHERE vin = ?"
                ).run([.integer(at), .text(vin)])
                let event = VehicleEvent(vin: vin, at: at, kind: "offline", reason: reason, session: session)
                try db.statement("INSERT INTO vehicle_events(vin, at, kind, reason, session) VALUES (?, ?, ?, ?, ?)")
                    .run([.text(vin), .integer(at), .text("offline"), .text(reason), .optional(session)])
                events.append(event)
            }
            return events
        }
    }

    func fleetSummary(_ filter: FleetFilter) async throws -> FleetSummary {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if let enterprise = filter.enterprise {
            conditions.append("v.enterprise_id = ?")
            values.append(.text(enterprise.rawValue))
        }
        if let city = filter.city {
            conditions.append("v.city = ?")
            values.append(.text(city.code))
        }
        let filters = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT v.city, v.enterprise_id, count(*),
                count(*) FILTER (WHERE l.online = 1),
                count(*) FILTER (WHERE l.online = 1 AND l.vehicle_state = 1 AND l.speed_kmh > 0),
                count(*) FILTER (WHERE l.online = 1 AND l.charge_state IN (1, 2)),
                count(*) FILTER (WHERE l.online = 1 AND l.max_alarm_level >= 1)
            FROM vehicles v LEFT JOIN vehicle_latest l ON l.vin = v.vin
            \(filters) GROUP BY v.city, v.enterprise_id
            """
        let groups = try await store.reader.run { [values] db in
            try db.statement(sql).query(values) { row in
                FleetGroup(
                    city: row.text(0), enterprise: row.text(1),
                    counts: FleetCounts(
                        vehicles: Int(row.int64(2)), online: Int(row.int64(3)), driving: Int(row.int64(4)),
                        charging: Int(row.int64(5)), alarming: Int(row.int64(6))))
            }
        }
        return try FleetGroup.summary(groups)
    }
}
