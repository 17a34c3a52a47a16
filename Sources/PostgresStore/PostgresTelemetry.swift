import Model
import PostgresNIO
import Store

/// `TelemetryRepository` on PostgreSQL.
///
/// A batch is one transaction; reports, frames and latest states each go in as `INSERT ... SELECT unnest(...)`
/// per chunk, each column bound as one binary array: perf-ceilings.md measured about 900k rows/s
/// this way against 6k/s for single-row INSERTs and 110-150k/s for text COPY.
struct PostgresTelemetry: TelemetryRepository {
    let store: PostgresStore
    /// Rows per statement: perf-ceilings.md saw the best rates at 1,000-10,000, and it bounds one
    /// message (about 4 MB with the raw frames).
    static let rowsPerStatement = 10_000
    private static let reportColumns = TelemetryColumns.list

    func ingest(_ batch: IngestBatch) async throws {
        guard !batch.isEmpty else { return }
        try await store.run("ingest \(batch.count) records") {
            try await store.client.withTransaction(logger: store.logger) { connection in
                let order = batch.reportOrder
                for chunk in order.positions.chunks(of: Self.rowsPerStatement) {
                    try await connection.query(Self.insertReports(batch.reports, at: chunk), logger: store.logger)
                }
                for chunk in batch.frames.chunks(of: Self.rowsPerStatement) {
                    try await connection.query(Self.insertFrames(chunk), logger: store.logger)
                }
                // In VIN order, so concurrent writers (several `serve` processes) lock rows in one order.
                for chunk in order.newest.chunks(of: Self.rowsPerStatement) {
                    try await connection.query(Self.upsertLatest(batch.reports, chunk), logger: store.logger)
                }
                let seen = batch.framesLastSeen.sorted { $0.key < $1.key }
                if !seen.isEmpty {
                    let vins = BinaryArray.text(seen) { $0.key }
                    let times = BinaryArray.int64(seen) { $0.value }
                    try await connection.query(
                        """
                        UPDATE vehicle_latest l SET last_seen_at = s.at
                        FROM unnest(\(vins)::text[], \(times)::bigint[]) AS s(vin, at)
                        WHERE l.vin = s.vin AND (l.last_seen_at IS NULL OR l.last_seen_at < s.at)
                        """, logger: store.logger)
                }
                try await Self.apply(batch.presence, connection, store.logger)
                try await Self.keepNewest(batch.newestClaims, connection, store.logger)
            }
        }
    }

    /// Each identity's claim, unless the stored one is newer.
    private static func keepNewest(_ claims: [IdentityClaim], _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        guard !claims.isEmpty else { return }
        let identities = BinaryArray.text(claims) { $0.identity }
        let sessions = BinaryArray.int64(claims) { $0.session }
        let times = BinaryArray.int64(claims) { $0.claimedAt }
        try await connection.query(
            """
            INSERT INTO gateway_claims (identity, session, claimed_at)
            SELECT * FROM unnest(\(identities)::text[], \(sessions)::bigint[], \(times)::bigint[])
            ON CONFLICT (identity) DO UPDATE SET session = excluded.session, claimed_at = excluded.claimed_at
            WHERE (excluded.claimed_at, excluded.session) > (gateway_claims.claimed_at, gateway_claims.session)
            """, logger: logger)
    }

    func claims(since: Int64) async throws -> [IdentityClaim] {
        try await store.run("read identity claims") {
            var claims: [IdentityClaim] = []
            for try await (identity, session, claimedAt) in try await store.client.query(
                "SELECT identity, session, claimed_at FROM gateway_claims WHERE claimed_at >= \(since) ORDER BY claimed_at",
                logger: store.logger
            ).decode((String, Int64, Int64).self) {
                claims.append(IdentityClaim(identity: identity, session: session, claimedAt: claimedAt))
            }
            return claims
        }
    }

    /// The reports at `positions` of `rows`.
    private static func insertReports(_ rows: [TelemetryRow], at positions: ArraySlice<Int>) -> PostgresQuery {
        var binds = ReportArrays.binds(rows, at: positions)
        binds.append(BinaryArray.int64(positions) { rows[$0].session })
        binds.append(BinaryArray.bytea(positions) { rows[$0].raw })
        return PostgresQuery(
            unsafeSQL: """
                INSERT INTO telemetry (\(reportColumns), session, raw)
                SELECT \(ReportArrays.unnested), unnest($19::bigint[]), unnest($20::bytea[])
                """, binds: binds)
    }

    private static func insertFrames(_ frames: ArraySlice<ArchivedFrame>) -> PostgresQuery {
        let vin = BinaryArray.text(frames, \.vin)
        let receivedAt = BinaryArray.int64(frames) { $0.receivedAt }
        let session = BinaryArray.int64(frames) { $0.session }
        let edition = BinaryArray.int64(frames) { Int64($0.edition) }
        let command = BinaryArray.int64(frames) { Int64($0.command) }
        let raw = BinaryArray.bytea(frames, \.raw)
        return """
            INSERT INTO gateway_frames (vin, received_at, session, edition, command, raw)
            SELECT unnest(\(vin)::text[]), unnest(\(receivedAt)::bigint[]), unnest(\(session)::bigint[]),
                unnest(\(edition)::bigint[]), unnest(\(command)::bigint[]), unnest(\(raw)::bytea[])
            """
    }

    /// Each vehicle's newest report, at its position in `rows`, with its last-seen time.
    private static func upsertLatest(_ rows: [TelemetryRow], _ latest: ArraySlice<(position: Int, lastSeenAt: Int64)>)
        -> PostgresQuery
    {
        var binds = ReportArrays.binds(rows, at: latest.lazy.map(\.position))
        binds.append(BinaryArray.int64(latest) { $0.lastSeenAt })
        return PostgresQuery(
            unsafeSQL: """
                INSERT INTO vehicle_latest (\(reportColumns), last_seen_at)
                SELECT \(ReportArrays.unnested), unnest($19::bigint[])
                ON CONFLICT (vin) DO UPDATE SET \(TelemetryColumns.latestUpdates),
                    last_seen_at = CASE WHEN vehicle_latest.last_seen_at IS NULL
                        OR excluded.last_seen_at > vehicle_latest.last_seen_at
                        THEN excluded.last_seen_at ELSE vehicle_latest.last_seen_at END
                """, binds: binds)
    }

    /// Applies presence changes in order, a run at a time: consecutive changes of one direction with no VIN twice go
    /// in as two or three statements for the whole run. One change at a time took three round trips each, and the
    /// writer spent tens of seconds on them when 10,000 vehicles came online.
    private static func apply(_ changes: [PresenceChange], _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        var run: [PresenceChange] = []
        var vins: Set<String> = []
        for change in changes {
            if let first = run.first, first.online != change.online || vins.contains(change.vin) {
                try await applyRun(run, connection, logger)
                run.removeAll(keepingCapacity: true)
                vins.removeAll(keepingCapacity: true)
            }
            run.append(change)
            vins.insert(change.vin)
        }
        if !run.isEmpty { try await applyRun(run, connection, logger) }
    }

    /// One direction, each VIN once. Online: the vehicles already online are locked and noted, every one is set
    /// online (a new row if need be), and those that were not get an `online` event. Offline: only a vehicle online on
    /// the change's own session goes offline (a replaced session's late close must not), and gets an `offline` event.
    private static func applyRun(_ run: [PresenceChange], _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        // In VIN byte order (the "C" collation's), as the latest-state upsert goes: two `serve` processes writing
        // runs that share vehicles then lock their rows in one order instead of deadlocking and retrying.
        let run = run.sorted { $0.vin.utf8.lexicographicallyPrecedes($1.vin.utf8) }
        let vins = BinaryArray.text(run) { $0.vin }
        let times = BinaryArray.int64(run) { $0.at }
        let sessions = BinaryArray.int64(run) { $0.session }
        var changed: Set<String> = []
        if run[0].online {
            var wasOnline: Set<String> = []
            for try await vin in try await connection.query(
                "SELECT vin FROM vehicle_latest WHERE vin = ANY(\(vins)::text[]) AND online ORDER BY vin FOR UPDATE",
                logger: logger
            ).decode(String.self) {
                wasOnline.insert(vin)
            }
            try await connection.query(
                """
                INSERT INTO vehicle_latest (vin, last_seen_at, online, online_session, online_changed_at)
                SELECT t.vin, t.at, true, t.session, t.at
                FROM unnest(\(vins)::text[], \(times)::bigint[], \(sessions)::bigint[]) AS t(vin, at, session)
                ON CONFLICT (vin) DO UPDATE SET online = true, online_session = excluded.online_session,
                    online_changed_at = CASE WHEN vehicle_latest.online THEN vehicle_latest.online_changed_at
                        ELSE excluded.online_changed_at END,
                    last_seen_at = CASE WHEN vehicle_latest.last_seen_at IS NULL
                        OR vehicle_latest.last_seen_at < excluded.last_seen_at
                        THEN excluded.last_seen_at ELSE vehicle_latest.last_seen_at END
                """, logger: logger)
            try await connection.query(
                "INSERT INTO vehicles_online SELECT unnest(\(vins)::text[]) ON CONFLICT DO NOTHING", logger: logger)
            changed = Set(run.map(\.vin)).subtracting(wasOnline)
        } else {
            for try await vin in try await connection.query(
                """
                UPDATE vehicle_latest l SET online = false, online_session = NULL, online_changed_at = t.at
                FROM unnest(\(vins)::text[], \(times)::bigint[], \(sessions)::bigint[]) AS t(vin, at, session)
                WHERE l.vin = t.vin AND l.online AND l.online_session = t.session RETURNING l.vin
                """, logger: logger
            ).decode(String.self) {
                changed.insert(vin)
            }
            if !changed.isEmpty {
                try await connection.query(
                    "DELETE FROM vehicles_online WHERE vin = ANY(\(BinaryArray.text(changed) { $0 })::text[])",
                    logger: logger)
            }
        }
        let events = run.filter { changed.contains($0.vin) }
        guard !events.isEmpty else { return }
        let kind = run[0].online ? "online" : "offline"
        try await connection.query(
            """
            INSERT INTO vehicle_events (vin, at, kind, reason, session)
            SELECT t.vin, t.at, \(kind), t.reason, t.session
            FROM unnest(\(BinaryArray.text(events) { $0.vin })::text[], \(BinaryArray.int64(events) { $0.at })::bigint[],
                \(BinaryArray.text(events) { $0.reason })::text[], \(BinaryArray.int64(events) { $0.session })::bigint[])
                AS t(vin, at, reason, session)
            """, logger: logger)
    }

    // MARK: Reads

    func count() async throws -> Int {
        try await store.run("count telemetry") {
            var count = 0
            for try await value in try await store.client.query("SELECT count(*) FROM telemetry", logger: store.logger)
                .decode(Int.self)
            {
                count = value
            }
            return count
        }
    }

    func rows(vin: String, from: Int64, to: Int64, limit: Int, everySeconds: Int?, withFrames: Bool) async throws
        -> [TelemetryRow]
    {
        try await store.run("read telemetry of \(vin)") {
            // SQLite reads a negative LIMIT as "no limit"; PostgreSQL rejects it but takes NULL as ALL.
            let limit: Int64? = limit < 0 ? nil : Int64(limit)
            let columns = withFrames ? "\(Self.reportColumns), session, raw" : Self.reportColumns
            let query: PostgresQuery
            if let every = everySeconds, every > 0 {
                var binds = PostgresBindings()
                binds.append(Int64(every) * 1_000_000)
                binds.append(vin)
                binds.append(from)
                binds.append(to)
                binds.append(limit)
                // DISTINCT ON keeps the first row of each interval in ORDER BY order; its expression must be the
                // ORDER BY's, so the interval is one parameter used twice.
                query = PostgresQuery(
                    unsafeSQL: """
                        SELECT * FROM (
                            SELECT DISTINCT ON (collected_at / $1) \(columns) FROM telemetry
                            WHERE vin = $2 AND collected_at >= $3 AND collected_at < $4
                            ORDER BY collected_at / $1, collected_at) AS first
                        ORDER BY collected_at LIMIT $5
                        """, binds: binds)
            } else {
                query = """
                    SELECT \(unescaped: columns) FROM telemetry
                    WHERE vin = \(vin) AND collected_at >= \(from) AND collected_at < \(to)
                    ORDER BY collected_at LIMIT \(limit)
                    """
            }
            if !withFrames { return try await Self.readByColumn(query, vin: vin, store) }
            var result: [TelemetryRow] = []
            for try await row in try await store.client.query(query, logger: store.logger) {
                result.append(try Self.decodeReport(row.makeRandomAccess(), withRaw: withFrames))
            }
            return result
        }
    }

    /// The reports `query` selects, one vehicle's, read as one array per column: postgres-nio's per-row and per-cell
    /// decoding of a vehicle's day (8,640 reports) was about half of `serve`'s CPU for the answer.
    private static func readByColumn(_ query: PostgresQuery, vin: String, _ store: PostgresStore) async throws
        -> [TelemetryRow]
    {
        var query = query
        let aggregates = TelemetryColumns.names.dropFirst().map { "array_agg(\($0))" }.joined(separator: ", ")
        // The subquery's order reaches array_agg in practice, though SQL does not promise it: checked below.
        query.sql = "SELECT \(aggregates) FROM (\(query.sql)) AS series"
        var arrays: [ByteBuffer?] = []
        for try await row in try await store.client.query(query, logger: store.logger) {
            arrays = try row.makeRandomAccess().map { try $0.decode(ByteBuffer?.self) }
        }
        guard arrays.count == TelemetryColumns.names.count - 1 else { return [] }
        var columns = try arrays.map(ArrayColumn.init)
        let count = columns[0].count
        guard columns.allSatisfy({ $0.count == count }) else { throw malformedSeries }
        let collected = try columns[0].integers()
        let received = try columns[1].integers()
        let reissue = try columns[2].booleans()
        let speed = try columns[3].doubles()
        let odometer = try columns[4].doubles()
        let soc = try columns[5].integers()
        let voltage = try columns[6].doubles()
        let current = try columns[7].doubles()
        let longitude = try columns[8].doubles()
        let latitude = try columns[9].doubles()
        let vehicleState = try columns[10].integers()
        let chargeState = try columns[11].integers()
        let alarmLevel = try columns[12].integers()
        let maxCell = try columns[13].doubles()
        let minCell = try columns[14].doubles()
        let maxTemperature = try columns[15].doubles()
        let minTemperature = try columns[16].doubles()
        var rows: [TelemetryRow] = []
        rows.reserveCapacity(count)
        for i in 0..<count {
            guard let collectedAt = collected[i], let receivedAt = received[i], let reissue = reissue[i] else {
                throw malformedSeries
            }
            rows.append(
                TelemetryRow(
                    vin: vin, collectedAt: collectedAt, receivedAt: receivedAt, reissue: reissue, speedKmh: speed[i],
                    odometerKm: odometer[i], socPercent: soc[i].map(Int.init), packVoltage: voltage[i],
                    packCurrent: current[i], longitude: longitude[i], latitude: latitude[i],
                    vehicleState: vehicleState[i].map(Int.init), chargeState: chargeState[i].map(Int.init),
                    maxAlarmLevel: alarmLevel[i].map(Int.init), maxCellVoltage: maxCell[i], minCellVoltage: minCell[i],
                    maxTemperature: maxTemperature[i], minTemperature: minTemperature[i], raw: []))
        }
        if !zip(rows, rows.dropFirst()).allSatisfy({ $0.collectedAt <= $1.collectedAt }) {
            rows.sort { $0.collectedAt < $1.collectedAt }
        }
        return rows
    }

    private static let malformedSeries = StoreError(
        .engine, "telemetry series arrays of different lengths or NULL times")

    func frames(vin: String, from: Int64, to: Int64, limit: Int) async throws -> [StoredFrame] {
        try await store.run("read frames of \(vin)") {
            let limit: Int64? = limit < 0 ? nil : Int64(limit)
            let rows = try await store.client.query(
                """
                SELECT received_at, collected_at, session, raw FROM (
                    SELECT received_at, collected_at, session, raw FROM telemetry
                    WHERE vin = \(vin) AND collected_at >= \(from) AND collected_at < \(to)
                    UNION ALL
                    SELECT received_at, NULL, session, raw FROM gateway_frames
                    WHERE vin = \(vin) AND received_at >= \(from) AND received_at < \(to)) AS f
                ORDER BY received_at, collected_at LIMIT \(limit)
                """, logger: store.logger)
            var result: [StoredFrame] = []
            for try await (receivedAt, collectedAt, session, raw) in rows.decode(
                (Int64, Int64?, Int64?, ByteBuffer).self)
            {
                result.append(
                    StoredFrame(
                        vin: vin, receivedAt: receivedAt, collectedAt: collectedAt, session: session,
                        raw: Array(raw.readableBytesView)))
            }
            return result
        }
    }

    func latest(vin: String) async throws -> VehicleLatestState? {
        try await store.run("read latest state of \(vin)") {
            let rows = try await store.client.query(
                """
                SELECT \(unescaped: Self.reportColumns), last_seen_at, online, online_changed_at
                FROM vehicle_latest WHERE vin = \(vin)
                """, logger: store.logger)
            var state: VehicleLatestState?
            for try await row in rows {
                let cells = row.makeRandomAccess()
                let hasReport = try cells[1].decode(Int64?.self) != nil
                state = VehicleLatestState(
                    vin: try cells[0].decode(String.self),
                    report: hasReport ? try Self.decodeReport(cells, withRaw: false) : nil,
                    lastSeenAt: try cells[18].decode(Int64?.self), online: try cells[19].decode(Bool.self),
                    onlineChangedAt: try cells[20].decode(Int64?.self))
            }
            return state
        }
    }

    func events(vin: String, from: Int64, to: Int64, limit: Int) async throws -> [VehicleEvent] {
        try await store.run("read events of \(vin)") {
            let limit: Int64? = limit < 0 ? nil : Int64(limit)
            let rows = try await store.client.query(
                """
                SELECT vin, at, kind, reason, session FROM vehicle_events
                WHERE vin = \(vin) AND at >= \(from) AND at < \(to) ORDER BY at, ctid LIMIT \(limit)
                """, logger: store.logger)
            var result: [VehicleEvent] = []
            for try await (vin, at, kind, reason, session) in rows.decode((String, Int64, String, String, Int64?).self)
            {
                result.append(VehicleEvent(vin: vin, at: at, kind: kind, reason: reason, session: session))
            }
            return result
        }
    }

    func expireOnline(lastSeenBefore: Int64, at: Int64, reason: String) async throws -> [VehicleEvent] {
        try await store.run("expire online vehicles") {
            try await store.client.withTransaction(logger: store.logger) { connection in
                // The old session is read before the update (RETURNING gives the new row); SKIP LOCKED leaves a
                // row another writer is changing right now to the next sweep.
                let rows = try await connection.query(
                    """
                    WITH stale AS (
                        SELECT vin, online_session FROM vehicle_latest
                        WHERE online AND last_seen_at < \(lastSeenBefore) ORDER BY vin FOR UPDATE SKIP LOCKED)
                    UPDATE vehicle_latest l SET online = false, online_session = NULL, online_changed_at = \(at)
                    FROM stale WHERE l.vin = stale.vin RETURNING l.vin, stale.online_session
                    """, logger: store.logger)
                var events: [VehicleEvent] = []
                for try await (vin, session) in rows.decode((String, Int64?).self) {
                    events.append(VehicleEvent(vin: vin, at: at, kind: "offline", reason: reason, session: session))
                }
                events.sort { $0.vin < $1.vin }
                if !events.isEmpty {
                    let vins = events.map(\.vin)
                    try await connection.query(
                        "DELETE FROM vehicles_online WHERE vin = ANY(\(vins)::text[])", logger: store.logger)
                    let sessions = NullableArrayParameter(events.map(\.session))
                    try await connection.query(
                        """
                        INSERT INTO vehicle_events (vin, at, kind, reason, session)
                        SELECT vin, \(at), 'offline', \(reason), session
                        FROM unnest(\(vins)::text[], \(sessions)::bigint[]) AS s(vin, session)
                        """, logger: store.logger)
                }
                return events
            }
        }
    }

    func fleetSummary(_ filter: FleetFilter) async throws -> FleetSummary {
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let enterprise = filter.enterprise {
            binds.append(enterprise.rawValue)
            conditions.append("v.enterprise_id = $\(binds.count)")
        }
        if let city = filter.city {
            binds.append(city.code)
            conditions.append("v.city = $\(binds.count)")
        }
        let filters = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT v.city, v.enterprise_id, count(*),
                count(*) FILTER (WHERE l.online),
                count(*) FILTER (WHERE l.online AND l.vehicle_state = 1 AND l.speed_kmh > 0),
                count(*) FILTER (WHERE l.online AND l.charge_state IN (1, 2)),
                count(*) FILTER (WHERE l.online AND l.max_alarm_level >= 1)
            FROM vehicles v LEFT JOIN vehicle_latest l ON l.vin = v.vin
            \(filters) GROUP BY v.city, v.enterprise_id
            """
        return try await store.run("fleet summary") { [binds] in
            var groups: [FleetGroup] = []
            for try await (city, enterprise, vehicles, online, driving, charging, alarming) in try await store.client
                .query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: store.logger)
                .decode((String, String, Int, Int, Int, Int, Int).self)
            {
                groups.append(
                    FleetGroup(
                        city: city, enterprise: enterprise,
                        counts: FleetCounts(
                            vehicles: vehicles, online: online, driving: driving, charging: charging,
                            alarming: alarming)))
            }
            return try FleetGroup.summary(groups)
        }
    }

    /// A report from the first 18 columns (`TelemetryColumns`), then `session` and `raw` if selected.
    private static func decodeReport(_ cells: PostgresRandomAccessRow, withRaw: Bool) throws -> TelemetryRow {
        TelemetryRow(
            vin: try cells[0].decode(String.self), collectedAt: try cells[1].decode(Int64.self),
            receivedAt: try cells[2].decode(Int64.self), reissue: try cells[3].decode(Bool.self),
            speedKmh: try cells[4].decode(Double?.self), odometerKm: try cells[5].decode(Double?.self),
            socPercent: try cells[6].decode(Int?.self), packVoltage: try cells[7].decode(Double?.self),
            packCurrent: try cells[8].decode(Double?.self), longitude: try cells[9].decode(Double?.self),
            latitude: try cells[10].decode(Double?.self), vehicleState: try cells[11].decode(Int?.self),
            chargeState: try cells[12].decode(Int?.self), maxAlarmLevel: try cells[13].decode(Int?.self),
            maxCellVoltage: try cells[14].decode(Double?.self), minCellVoltage: try cells[15].decode(Double?.self),
            maxTemperature: try cells[16].decode(Double?.self), minTemperature: try cells[17].decode(Double?.self),
            session: withRaw ? try cells[18].decode(Int64?.self) : nil,
            raw: withRaw ? Array(try cells[19].decode(ByteBuffer.self).readableBytesView) : [])
    }
}

/// The 18 report columns of rows as binary array parameters, bound as `$1` ... `$18`.
private enum ReportArrays {
    /// The 18 report columns as array parameters. The rows are read in one pass into plain columns: a closure per
    /// column over the rows themselves copied the whole row (a large struct with two references) once per column,
    /// which `perf` of PostgreSQL ingest put at a tenth of the gateway process's time.
    static func binds(_ rows: [TelemetryRow], at positions: some Collection<Int>) -> PostgresBindings {
        let count = positions.count
        var vins: [String] = []
        var reissue: [Bool] = []
        // collected at, received at, SOC, vehicle state, charge state, max alarm level
        var integers = [[Int64?]](repeating: [], count: 6)
        // speed, odometer, voltage, current, longitude, latitude, max/min cell voltage, max/min temperature
        var doubles = [[Double?]](repeating: [], count: 10)
        vins.reserveCapacity(count)
        reissue.reserveCapacity(count)
        for i in integers.indices { integers[i].reserveCapacity(count) }
        for i in doubles.indices { doubles[i].reserveCapacity(count) }
        // Each row read in place, not copied out of the array (a copy retains its VIN and frame bytes).
        func read(_ row: borrowing TelemetryRow) {
            vins.append(row.vin)
            reissue.append(row.reissue)
            integers[0].append(row.collectedAt)
            integers[1].append(row.receivedAt)
            integers[2].append(row.socPercent.map(Int64.init))
            integers[3].append(row.vehicleState.map(Int64.init))
            integers[4].append(row.chargeState.map(Int64.init))
            integers[5].append(row.maxAlarmLevel.map(Int64.init))
            doubles[0].append(row.speedKmh)
            doubles[1].append(row.odometerKm)
            doubles[2].append(row.packVoltage)
            doubles[3].append(row.packCurrent)
            doubles[4].append(row.longitude)
            doubles[5].append(row.latitude)
            doubles[6].append(row.maxCellVoltage)
            doubles[7].append(row.minCellVoltage)
            doubles[8].append(row.maxTemperature)
            doubles[9].append(row.minTemperature)
        }
        for position in positions { read(rows[position]) }
        func int64(_ i: Int) -> BinaryArray { BinaryArray.int64(integers[i]) { $0 } }
        func double(_ i: Int) -> BinaryArray { BinaryArray.double(doubles[i]) { $0 } }
        var binds = PostgresBindings(capacity: 20)
        binds.append(BinaryArray.text(vins) { $0 })
        binds.append(int64(0))
        binds.append(int64(1))
        binds.append(BinaryArray.bool(reissue) { $0 })
        binds.append(double(0))  // speed
        binds.append(double(1))  // odometer
        binds.append(int64(2))  // SOC
        for i in 2...5 { binds.append(double(i)) }  // voltage, current, longitude, latitude
        for i in 3...5 { binds.append(int64(i)) }  // vehicle state, charge state, max alarm level
        for i in 6...9 { binds.append(double(i)) }  // max/min cell voltage, max/min temperature
        return binds
    }

    /// `unnest($1::text[]), unnest($2::bigint[]), ...` for the 18 columns: set-returning functions in the select list
    /// run in step, one row per element, straight into the insert. `SELECT * FROM unnest($1, $2, ...)` first copied
    /// every row into a tuplestore: in `psql`, 20,000 telemetry-shaped rows went in 1.7-2.3x faster this way.
    static let unnested = [
        "text", "bigint", "bigint", "boolean", "float8", "float8", "bigint", "float8", "float8", "float8", "float8",
        "bigint", "bigint", "bigint", "float8", "float8", "float8", "float8",
    ].enumerated().map { "unnest($\($0.offset + 1)::\($0.element)[])" }.joined(separator: ", ")
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    fileprivate func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
