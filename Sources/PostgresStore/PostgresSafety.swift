import Logging
import Model
import PostgresNIO
import Store

/// `SafetyRepository` on PostgreSQL. Alarm, event and warning changes are few and go one statement each, in order;
/// findings and day counts, one per report, go as `unnest` arrays.
struct PostgresSafety: SafetyRepository {
    let store: PostgresStore

    func record(_ batch: SafetyBatch) async throws {
        guard !batch.isEmpty else { return }
        let logger = store.logger
        try await store.run("record safety batch") {
            try await store.client.withTransaction(logger: logger) { connection in
                for change in batch.alarms { try await Self.apply(change, connection, logger) }
                for event in batch.events { try await Self.upsert(event, connection, logger) }
                for change in batch.warnings { try await Self.apply(change, connection, logger) }
                if !batch.findings.isEmpty {
                    let f = batch.findings
                    try await connection.query(
                        """
                        INSERT INTO quality_findings (vin, collected_at, received_at, codes)
                        SELECT * FROM unnest(\(f.map(\.vin))::text[], \(f.map(\.collectedAt))::bigint[],
                            \(f.map(\.receivedAt))::bigint[], \(f.map { $0.codes.joined(separator: ",") })::text[])
                        """, logger: logger)
                }
                try await Self.add(QualityIncrement.merged(batch.quality), connection, logger)
            }
        }
    }

    private static func apply(_ c: AlarmChangeRecord, _ connection: PostgresConnection, _ logger: Logger) async throws {
        let level = Int64(c.level)
        switch c.kind {
        case "opened", "recorded":
            let status = c.kind == "recorded" ? "recorded" : "open"
            let closedAt: Int64? = c.kind == "recorded" ? c.at : nil
            try await connection.query(
                """
                INSERT INTO safety_alarms (id, vin, category, code, name, status, level, max_level, opened_at,
                    closed_at, last_at, reissue)
                VALUES (\(c.alarmID), \(c.vin), \(c.category), \(c.code), \(c.name), \(status), \(level), \(level),
                    \(c.openedAt), \(closedAt)::bigint, \(c.at), \(c.reissue))
                ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, level = EXCLUDED.level,
                    max_level = GREATEST(safety_alarms.max_level, EXCLUDED.level),
                    opened_at = LEAST(safety_alarms.opened_at, EXCLUDED.opened_at),
                    closed_at = CASE WHEN EXCLUDED.closed_at IS NULL THEN NULL
                        ELSE GREATEST(safety_alarms.closed_at, EXCLUDED.closed_at) END,
                    last_at = GREATEST(safety_alarms.last_at, EXCLUDED.last_at)
                """, logger: logger)
        case "level_changed":
            try await connection.query(
                """
                UPDATE safety_alarms SET level = \(level), max_level = GREATEST(max_level, \(level)), last_at = \(c.at)
                WHERE id = \(c.alarmID)
                """, logger: logger)
        case "closed", "stale":
            try await connection.query(
                """
                UPDATE safety_alarms SET status = \(c.kind), closed_at = \(c.at), last_at = \(c.at)
                WHERE id = \(c.alarmID) AND status = 'open'
                """, logger: logger)
        case "backdated":
            try await connection.query(
                "UPDATE safety_alarms SET opened_at = \(c.openedAt) WHERE id = \(c.alarmID)", logger: logger)
        case "merged":
            try await connection.query(
                "DELETE FROM safety_alarms WHERE id = \(c.alarmID) AND status = 'recorded'", logger: logger)
        default:
            throw StoreError(.engine, "unknown alarm change \(c.kind)")
        }
        let previous = c.previousLevel.map(Int64.init)
        try await connection.query(
            """
            INSERT INTO safety_alarm_changes (alarm_id, vin, kind, at, level, previous_level, opened_at, reissue)
            VALUES (\(c.alarmID), \(c.vin), \(c.kind), \(c.at), \(level), \(previous)::bigint, \(c.openedAt),
                \(c.reissue))
            """, logger: logger)
    }

    private static func upsert(_ e: CriticalEventRecord, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        try await connection.query(
            """
            INSERT INTO safety_events (id, vin, status, triggered_at, window_start, window_end, level, max_level,
                trigger_alarms)
            VALUES (\(e.id), \(e.vin), \(e.status), \(e.triggeredAt), \(e.windowStart), \(e.windowEnd)::bigint,
                \(Int64(e.level)), \(Int64(e.maxLevel)), \(e.trigger.joined(separator: ",")))
            ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, window_end = EXCLUDED.window_end,
                max_level = GREATEST(safety_events.max_level, EXCLUDED.max_level)
            """, logger: logger)
    }

    private static func apply(_ c: WarningChangeRecord, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        if c.kind == "opened" {
            try await connection.query(
                """
                INSERT INTO safety_warnings (id, vin, rule, status, opened_at, evidence)
                VALUES (\(c.warningID), \(c.vin), \(c.rule), 'open', \(c.openedAt), \(c.evidence))
                ON CONFLICT (id) DO NOTHING
                """, logger: logger)
        } else {
            try await connection.query(
                """
                UPDATE safety_warnings SET status = 'closed', closed_at = \(c.at), closing_evidence = \(c.evidence)
                WHERE id = \(c.warningID) AND status = 'open'
                """, logger: logger)
        }
    }

    private static func add(_ days: [QualityIncrement], _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        guard !days.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO quality_daily (vin, day, reports, valid_reports, intervals, compliant_intervals, on_time,
                gap_time)
            SELECT * FROM unnest(\(days.map(\.vin))::text[], \(days.map(\.day))::text[],
                \(days.map { Int64($0.reports) })::bigint[], \(days.map { Int64($0.validReports) })::bigint[],
                \(days.map { Int64($0.intervals) })::bigint[], \(days.map { Int64($0.compliantIntervals) })::bigint[],
                \(days.map(\.onTime))::bigint[], \(days.map(\.gapTime))::bigint[])
            ON CONFLICT (vin, day) DO UPDATE SET reports = quality_daily.reports + EXCLUDED.reports,
                valid_reports = quality_daily.valid_reports + EXCLUDED.valid_reports,
                intervals = quality_daily.intervals + EXCLUDED.intervals,
                compliant_intervals = quality_daily.compliant_intervals + EXCLUDED.compliant_intervals,
                on_time = quality_daily.on_time + EXCLUDED.on_time, gap_time = quality_daily.gap_time + EXCLUDED.gap_time
            """, logger: logger)
        let findings = days.flatMap { day in day.findings.sorted { $0.key < $1.key }.map { (day, $0.key, $0.value) } }
        guard !findings.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO quality_daily_findings (vin, day, code, count)
            SELECT * FROM unnest(\(findings.map(\.0.vin))::text[], \(findings.map(\.0.day))::text[],
                \(findings.map(\.1))::text[], \(findings.map { Int64($0.2) })::bigint[])
            ON CONFLICT (vin, day, code) DO UPDATE SET count = quality_daily_findings.count + EXCLUDED.count
            """, logger: logger)
    }

    // MARK: Reading

    /// The `WHERE` conditions of a list over table alias `t` joined to `vehicles v`, appended to `query`.
    private static func filtered(
        _ select: String, _ q: SafetyQuery, time: String, level: String?, type: String?, order: String
    ) -> PostgresQuery {
        var binds = PostgresBindings()
        var conditions: [String] = []
        /// `column op $n`, with the value bound as `$n`.
        func add(_ condition: String, _ value: some PostgresNonThrowingEncodable) {
            binds.append(value)
            conditions.append("\(condition) $\(binds.count)")
        }
        if let vin = q.vin { add("t.vin =", vin) }
        if let enterprise = q.enterprise { add("v.enterprise_id =", enterprise.rawValue) }
        if let city = q.city { add("v.city =", city.code) }
        if let status = q.status { add("t.status =", status) }
        if let level, let minLevel = q.minLevel { add("\(level) >=", Int64(minLevel)) }
        if let type, let value = q.type { add("\(type) =", value) }
        if let from = q.from { add("\(time) >=", from) }
        if let to = q.to { add("\(time) <", to) }
        binds.append(Int64(q.limit))
        binds.append(Int64(q.offset))
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return PostgresQuery(
            unsafeSQL:
                "\(select) \(whereClause) ORDER BY \(order) LIMIT $\(binds.count - 1) OFFSET $\(binds.count)",
            binds: binds)
    }

    private static let alarmColumns = """
        t.id, t.vin, t.category, t.code, t.name, t.status, t.level, t.max_level, t.opened_at, t.closed_at, t.last_at,
        t.reissue, t.acknowledged_at, t.acknowledged_by
        """

    private typealias AlarmRow = (
        String, String, String, Int64, String, String, Int64, Int64, Int64, Int64?, Int64, Bool, Int64?, String?
    )

    private static func alarm(_ r: AlarmRow) -> AlarmRecord {
        AlarmRecord(
            id: r.0, vin: r.1, category: r.2, code: r.3, name: r.4, status: r.5, level: Int(r.6), maxLevel: Int(r.7),
            openedAt: r.8, closedAt: r.9, lastAt: r.10, reissue: r.11, acknowledged: ack(r.12, r.13))
    }

    private static func ack(_ at: Int64?, _ by: String?) -> Acknowledgement? {
        guard let at, let by else { return nil }
        return Acknowledgement(at: at, by: by)
    }

    private func alarms(_ query: PostgresQuery, _ what: String) async throws -> [AlarmRecord] {
        try await store.run(what) {
            var result: [AlarmRecord] = []
            let rows = try await store.client.query(query, logger: store.logger)
            for try await row in rows.decode(AlarmRow.self) { result.append(Self.alarm(row)) }
            return result
        }
    }

    func alarms(_ query: SafetyQuery) async throws -> [AlarmRecord] {
        try await alarms(
            Self.filtered(
                "SELECT \(Self.alarmColumns) FROM safety_alarms t LEFT JOIN vehicles v ON v.vin = t.vin", query,
                time: "t.opened_at", level: "t.max_level", type: "t.name", order: "t.opened_at DESC, t.id"),
            "list alarms")
    }

    func countAlarms(_ query: SafetyQuery) async throws -> Int {
        try await count(
            "safety_alarms", query, time: "t.opened_at", level: "t.max_level", type: "t.name", "count alarms")
    }

    func countEvents(_ query: SafetyQuery) async throws -> Int {
        try await count("safety_events", query, time: "t.triggered_at", level: "t.max_level", type: nil, "count events")
    }

    /// The list query's filter, counted: its LIMIT and OFFSET apply to the one count row, so they are set to let it
    /// through.
    private func count(
        _ table: String, _ query: SafetyQuery, time: String, level: String?, type: String?, _ what: String
    ) async throws -> Int {
        var all = query
        all.limit = Int(Int32.max)
        all.offset = 0
        let q = Self.filtered(
            "SELECT count(*) FROM \(table) t LEFT JOIN vehicles v ON v.vin = t.vin", all, time: time, level: level,
            type: type, order: "1")
        return try await store.run(what) {
            var n = 0
            for try await count in try await store.client.query(q, logger: store.logger).decode(Int64.self) {
                n = Int(count)
            }
            return n
        }
    }

    func alarm(id: String) async throws -> AlarmRecord? {
        try await alarms("SELECT \(unescaped: Self.alarmColumns) FROM safety_alarms t WHERE t.id = \(id)", "read alarm")
            .first
    }

    func alarmChanges(alarmID: String) async throws -> [AlarmChangeRecord] {
        try await store.run("read alarm changes") {
            let rows = try await store.client.query(
                """
                SELECT c.alarm_id, c.vin, a.category, a.code, a.name, c.kind, c.at, c.level, c.previous_level,
                    c.opened_at, c.reissue
                FROM safety_alarm_changes c JOIN safety_alarms a ON a.id = c.alarm_id
                WHERE c.alarm_id = \(alarmID) ORDER BY c.seq
                """, logger: store.logger)
            var result: [AlarmChangeRecord] = []
            for try await r in rows.decode(
                (String, String, String, Int64, String, String, Int64, Int64, Int64?, Int64, Bool).self)
            {
                result.append(
                    AlarmChangeRecord(
                        alarmID: r.0, vin: r.1, category: r.2, code: r.3, name: r.4, kind: r.5, at: r.6,
                        level: Int(r.7), previousLevel: r.8.map(Int.init), openedAt: r.9, reissue: r.10))
            }
            return result
        }
    }

    private static let warningColumns = """
        t.id, t.vin, t.rule, t.status, t.opened_at, t.closed_at, t.evidence, t.closing_evidence, t.acknowledged_at,
        t.acknowledged_by
        """

    private func warnings(_ query: PostgresQuery, _ what: String) async throws -> [WarningRecord] {
        try await store.run(what) {
            var result: [WarningRecord] = []
            let rows = try await store.client.query(query, logger: store.logger)
            for try await r in rows.decode(
                (String, String, String, String, Int64, Int64?, String, String?, Int64?, String?).self)
            {
                result.append(
                    WarningRecord(
                        id: r.0, vin: r.1, rule: r.2, status: r.3, openedAt: r.4, closedAt: r.5, evidence: r.6,
                        closingEvidence: r.7, acknowledged: Self.ack(r.8, r.9)))
            }
            return result
        }
    }

    func warnings(_ query: SafetyQuery) async throws -> [WarningRecord] {
        try await warnings(
            Self.filtered(
                "SELECT \(Self.warningColumns) FROM safety_warnings t LEFT JOIN vehicles v ON v.vin = t.vin", query,
                time: "t.opened_at", level: nil, type: "t.rule", order: "t.opened_at DESC, t.id"),
            "list warnings")
    }

    func warning(id: String) async throws -> WarningRecord? {
        try await warnings(
            "SELECT \(unescaped: Self.warningColumns) FROM safety_warnings t WHERE t.id = \(id)", "read warning"
        ).first
    }

    private static let eventColumns = """
        t.id, t.vin, t.status, t.triggered_at, t.window_start, t.window_end, t.level, t.max_level, t.trigger_alarms,
        t.acknowledged_at, t.acknowledged_by
        """

    private func events(_ query: PostgresQuery, _ what: String) async throws -> [CriticalEventRecord] {
        try await store.run(what) {
            var result: [CriticalEventRecord] = []
            let rows = try await store.client.query(query, logger: store.logger)
            for try await r in rows.decode(
                (String, String, String, Int64, Int64, Int64?, Int64, Int64, String, Int64?, String?).self)
            {
                result.append(
                    CriticalEventRecord(
                        id: r.0, vin: r.1, status: r.2, triggeredAt: r.3, windowStart: r.4, windowEnd: r.5,
                        level: Int(r.6), maxLevel: Int(r.7), trigger: r.8.split(separator: ",").map(String.init),
                        acknowledged: Self.ack(r.9, r.10)))
            }
            return result
        }
    }

    func events(_ query: SafetyQuery) async throws -> [CriticalEventRecord] {
        try await events(
            Self.filtered(
                "SELECT \(Self.eventColumns) FROM safety_events t LEFT JOIN vehicles v ON v.vin = t.vin", query,
                time: "t.triggered_at", level: "t.max_level", type: nil, order: "t.triggered_at DESC, t.id"),
            "list critical events")
    }

    func event(id: String) async throws -> CriticalEventRecord? {
        try await events(
            "SELECT \(unescaped: Self.eventColumns) FROM safety_events t WHERE t.id = \(id)", "read critical event"
        ).first
    }

    func addNote(_ note: HandlingNote) async throws -> Bool {
        guard let table = SafetySubjects.table[note.subjectKind] else { return false }
        let logger = store.logger
        return try await store.run("add handling note") {
            try await store.client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    "SELECT 1 FROM \(unescaped: table) WHERE id = \(note.subjectID) FOR UPDATE", logger: logger)
                var exists = false
                for try await _ in rows.decode(Int32.self) { exists = true }
                guard exists else { return false }
                try await connection.query(
                    """
                    INSERT INTO safety_notes (subject_kind, subject_id, at, user_name, action, text)
                    VALUES (\(note.subjectKind), \(note.subjectID), \(note.at), \(note.user), \(note.action),
                        \(note.text))
                    """, logger: logger)
                if note.action == "acknowledge" {
                    try await connection.query(
                        """
                        UPDATE \(unescaped: table) SET acknowledged_at = \(note.at), acknowledged_by = \(note.user)
                        WHERE id = \(note.subjectID) AND acknowledged_at IS NULL
                        """, logger: logger)
                }
                return true
            }
        }
    }

    func notes(subjectKind: String, subjectID: String) async throws -> [HandlingNote] {
        try await store.run("read handling notes") {
            let rows = try await store.client.query(
                """
                SELECT subject_kind, subject_id, at, user_name, action, text FROM safety_notes
                WHERE subject_kind = \(subjectKind) AND subject_id = \(subjectID) ORDER BY at, seq
                """, logger: store.logger)
            var result: [HandlingNote] = []
            for try await r in rows.decode((String, String, Int64, String, String, String).self) {
                result.append(
                    HandlingNote(subjectKind: r.0, subjectID: r.1, at: r.2, user: r.3, action: r.4, text: r.5))
            }
            return result
        }
    }

    func openState(vin: String) async throws -> OpenSafetyState {
        let alarms = try await alarms(
            """
            SELECT \(unescaped: Self.alarmColumns) FROM safety_alarms t WHERE t.vin = \(vin) AND t.status = 'open'
            ORDER BY t.id
            """, "read open alarms")
        let event = try await events(
            """
            SELECT \(unescaped: Self.eventColumns) FROM safety_events t WHERE t.vin = \(vin) AND t.status = 'open'
            ORDER BY t.triggered_at DESC LIMIT 1
            """, "read open event"
        ).first
        let warnings = try await warnings(
            """
            SELECT \(unescaped: Self.warningColumns) FROM safety_warnings t WHERE t.vin = \(vin) AND t.status = 'open'
            ORDER BY t.id
            """, "read open warnings")
        return OpenSafetyState(alarms: alarms, event: event, warnings: warnings)
    }

    func findings(vin: String, from: Int64, to: Int64, limit: Int) async throws -> [FindingRecord] {
        try await store.run("read findings") {
            let rows = try await store.client.query(
                """
                SELECT vin, collected_at, received_at, codes FROM quality_findings
                WHERE vin = \(vin) AND collected_at >= \(from) AND collected_at < \(to)
                ORDER BY collected_at, seq LIMIT \(Int64(limit))
                """, logger: store.logger)
            var result: [FindingRecord] = []
            for try await r in rows.decode((String, Int64, Int64, String).self) {
                result.append(
                    FindingRecord(
                        vin: r.0, collectedAt: r.1, receivedAt: r.2, codes: r.3.split(separator: ",").map(String.init)))
            }
            return result
        }
    }

    func findingCounts(vin: String?, filter: FleetFilter, from: String, to: String) async throws -> [String: Int] {
        try await store.run("count findings") {
            let rows = try await store.client.query(
                """
                SELECT f.code, sum(f.count)::bigint FROM quality_daily_findings f LEFT JOIN vehicles v ON v.vin = f.vin
                WHERE f.day >= \(from) AND f.day <= \(to) AND (\(vin)::text IS NULL OR f.vin = \(vin))
                    AND (\(filter.enterprise?.rawValue)::text IS NULL OR v.enterprise_id = \(filter.enterprise?.rawValue))
                    AND (\(filter.city?.code)::text IS NULL OR v.city = \(filter.city?.code))
                GROUP BY f.code
                """, logger: store.logger)
            var result: [String: Int] = [:]
            for try await (code, count) in rows.decode((String, Int64).self) { result[code] = Int(count) }
            return result
        }
    }

    func qualityByVehicle(filter: FleetFilter, from: String, to: String, limit: Int, offset: Int) async throws
        -> [QualityRollup]
    {
        try await store.run("read quality by vehicle") {
            let rows = try await store.client.query(
                """
                SELECT q.vin, sum(q.reports)::bigint, sum(q.valid_reports)::bigint, sum(q.intervals)::bigint,
                    sum(q.compliant_intervals)::bigint, sum(q.on_time)::bigint, sum(q.gap_time)::bigint
                FROM quality_daily q LEFT JOIN vehicles v ON v.vin = q.vin
                WHERE q.day >= \(from) AND q.day <= \(to)
                    AND (\(filter.enterprise?.rawValue)::text IS NULL OR v.enterprise_id = \(filter.enterprise?.rawValue))
                    AND (\(filter.city?.code)::text IS NULL OR v.city = \(filter.city?.code))
                GROUP BY q.vin ORDER BY q.vin LIMIT \(Int64(limit)) OFFSET \(Int64(offset))
                """, logger: store.logger)
            var result: [QualityRollup] = []
            for try await r in rows.decode((String, Int64, Int64, Int64, Int64, Int64, Int64).self) {
                result.append(
                    QualityRollup(
                        key: r.0, vehicles: 1, reportingVehicles: r.1 > 0 ? 1 : 0, reports: Int(r.1),
                        validReports: Int(r.2), intervals: Int(r.3), compliantIntervals: Int(r.4), onTime: r.5,
                        gapTime: r.6))
            }
            return result
        }
    }

    func qualityByEnterprise(filter: FleetFilter, from: String, to: String) async throws -> [QualityRollup] {
        try await store.run("read quality by enterprise") {
            let rows = try await store.client.query(
                """
                SELECT v.enterprise_id, count(*), count(q.vin), coalesce(sum(q.reports), 0)::bigint,
                    coalesce(sum(q.valid_reports), 0)::bigint, coalesce(sum(q.intervals), 0)::bigint,
                    coalesce(sum(q.compliant_intervals), 0)::bigint, coalesce(sum(q.on_time), 0)::bigint,
                    coalesce(sum(q.gap_time), 0)::bigint
                FROM vehicles v LEFT JOIN (
                    SELECT vin, sum(reports) AS reports, sum(valid_reports) AS valid_reports,
                        sum(intervals) AS intervals, sum(compliant_intervals) AS compliant_intervals,
                        sum(on_time) AS on_time, sum(gap_time) AS gap_time
                    FROM quality_daily WHERE day >= \(from) AND day <= \(to) GROUP BY vin
                ) q ON q.vin = v.vin
                WHERE (\(filter.enterprise?.rawValue)::text IS NULL OR v.enterprise_id = \(filter.enterprise?.rawValue))
                    AND (\(filter.city?.code)::text IS NULL OR v.city = \(filter.city?.code))
                GROUP BY v.enterprise_id ORDER BY v.enterprise_id
                """, logger: store.logger)
            var result: [QualityRollup] = []
            for try await r in rows.decode((String, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64).self) {
                result.append(
                    QualityRollup(
                        key: r.0, vehicles: Int(r.1), reportingVehicles: Int(r.2), reports: Int(r.3),
                        validReports: Int(r.4), intervals: Int(r.5), compliantIntervals: Int(r.6), onTime: r.7,
                        gapTime: r.8))
            }
            return result
        }
    }

    func thresholds() async throws -> [String: String] {
        try await store.run("read warning thresholds") {
            let rows = try await store.client.query(
                "SELECT model, thresholds FROM warning_thresholds", logger: store.logger)
            var result: [String: String] = [:]
            for try await (model, json) in rows.decode((String, String).self) { result[model] = json }
            return result
        }
    }

    func setThresholds(model: String, json: String, at: Int64, by: String) async throws {
        try await store.run("set warning thresholds") {
            try await store.client.query(
                """
                INSERT INTO warning_thresholds (model, thresholds, updated_at, updated_by)
                VALUES (\(model), \(json), \(at), \(by))
                ON CONFLICT (model) DO UPDATE SET thresholds = EXCLUDED.thresholds, updated_at = EXCLUDED.updated_at,
                    updated_by = EXCLUDED.updated_by
                """, logger: store.logger)
        }
    }
}
