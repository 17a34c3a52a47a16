import Model
import Store

/// `SafetyRepository` on SQLite: a batch is one transaction on the writer; alarm changes are applied in order, so a
/// re-run of the same changes leaves the same rows.
struct SQLiteSafety: SafetyRepository {
    let store: SQLiteStore

    func record(_ batch: SafetyBatch) async throws {
        guard !batch.isEmpty else { return }
        try await store.writer.transaction { db in
            for change in batch.alarms { try Self.apply(change, db) }
            for event in batch.events { try Self.upsert(event, db) }
            for change in batch.warnings { try Self.apply(change, db) }
            let finding = try db.statement(
                "INSERT INTO quality_findings(vin, collected_at, received_at, codes) VALUES (?, ?, ?, ?)")
            for f in batch.findings {
                try finding.run([
                    .text(f.vin), .integer(f.collectedAt), .integer(f.receivedAt),
                    .text(f.codes.joined(separator: ",")),
                ])
            }
            try Self.add(batch.quality, db)
        }
    }

    private static func apply(_ c: AlarmChangeRecord, _ db: SQLiteDatabase) throws {
        switch c.kind {
        case "opened", "recorded":
            let recorded = c.kind == "recorded"
            try db.statement(
                """
                INSERT INTO safety_alarms(id, vin, category, code, name, status, level, max_level, opened_at, closed_at,
                    last_at, reissue)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11)
                ON CONFLICT(id) DO UPDATE SET status = excluded.status, level = excluded.level,
                    max_level = max(safety_alarms.max_level, excluded.level),
                    opened_at = min(safety_alarms.opened_at, excluded.opened_at),
                    closed_at = CASE WHEN excluded.closed_at IS NULL THEN NULL
                        ELSE max(coalesce(safety_alarms.closed_at, 0), excluded.closed_at) END,
                    last_at = max(safety_alarms.last_at, excluded.last_at)
                """
            ).run([
                .text(c.alarmID), .text(c.vin), .text(c.category), .integer(c.code), .text(c.name),
                .text(recorded ? "recorded" : "open"), .integer(Int64(c.level)), .integer(c.openedAt),
                recorded ? .integer(c.at) : .null, .integer(c.at), .integer(c.reissue ? 1 : 0),
            ])
        case "level_changed":
            try db.statement(
                "UPDATE safety_alarms SET level = ?1, max_level = max(max_level, ?1), last_at = ?2 WHERE id = ?3"
            ).run([.integer(Int64(c.level)), .integer(c.at), .text(c.alarmID)])
        case "closed", "stale":
            try db.statement(
                "UPDATE safety_alarms SET status = ?1, closed_at = ?2, last_at = ?2 WHERE id = ?3 AND status = 'open'"
            ).run([.text(c.kind), .integer(c.at), .text(c.alarmID)])
        case "backdated":
            try db.statement("UPDATE safety_alarms SET opened_at = ? WHERE id = ?").run([
                .integer(c.openedAt), .text(c.alarmID),
            ])
        case "merged":
            try db.statement("DELETE FROM safety_alarms WHERE id = ? AND status = 'recorded'").run([.text(c.alarmID)])
        default:
            throw StoreError(.engine, "unknown alarm change \(c.kind)")
        }
        try db.statement(
            """
            INSERT INTO safety_alarm_changes(alarm_id, vin, kind, at, level, previous_level, opened_at, reissue)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).run([
            .text(c.alarmID), .text(c.vin), .text(c.kind), .integer(c.at), .integer(Int64(c.level)),
            .optional(c.previousLevel), .integer(c.openedAt), .integer(c.reissue ? 1 : 0),
        ])
    }

    private static func upsert(_ e: CriticalEventRecord, _ db: SQLiteDatabase) throws {
        try db.statement(
            """
            INSERT INTO safety_events(id, vin, status, triggered_at, window_start, window_end, level, max_level,
                trigger_alarms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET status = excluded.status, window_end = excluded.window_end,
                max_level = max(safety_events.max_level, excluded.max_level)
            """
        ).run([
            .text(e.id), .text(e.vin), .text(e.status), .integer(e.triggeredAt), .integer(e.windowStart),
            .optional(e.windowEnd), .integer(Int64(e.level)), .integer(Int64(e.maxLevel)),
            .text(e.trigger.joined(separator: ",")),
        ])
    }

    private static func apply(_ c: WarningChangeRecord, _ db: SQLiteDatabase) throws {
        if c.kind == "opened" {
            try db.statement(
                """
                INSERT INTO safety_warnings(id, vin, rule, status, opened_at, evidence) VALUES (?, ?, ?, 'open', ?, ?)
                ON CONFLICT(id) DO NOTHING
                """
            ).run([.text(c.warningID), .text(c.vin), .text(c.rule), .integer(c.openedAt), .text(c.evidence)])
        } else {
            try db.statement(
                """
                UPDATE safety_warnings SET status = 'closed', closed_at = ?, closing_evidence = ?
                WHERE id = ? AND status = 'open'
                """
            ).run([.integer(c.at), .text(c.evidence), .text(c.warningID)])
        }
    }

    private static func add(_ days: [QualityIncrement], _ db: SQLiteDatabase) throws {
        guard !days.isEmpty else { return }
        let day = try db.statement(
            """
            INSERT INTO quality_daily(vin, day, reports, valid_reports, intervals, compliant_intervals, on_time, gap_time)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(vin, day) DO UPDATE SET reports = reports + excluded.reports,
                valid_reports = valid_reports + excluded.valid_reports, intervals = intervals + excluded.intervals,
                compliant_intervals = compliant_intervals + excluded.compliant_intervals,
                on_time = on_time + excluded.on_time, gap_time = gap_time + excluded.gap_time
            """)
        let finding = try db.statement(
            """
            INSERT INTO quality_daily_findings(vin, day, code, count) VALUES (?, ?, ?, ?)
            ON CONFLICT(vin, day, code) DO UPDATE SET count = count + excluded.count
            """)
        for d in days {
            try day.run([
                .text(d.vin), .text(d.day), .integer(Int64(d.reports)), .integer(Int64(d.validReports)),
                .integer(Int64(d.intervals)), .integer(Int64(d.compliantIntervals)), .integer(d.onTime),
                .integer(d.gapTime),
            ])
            for (code, count) in d.findings.sorted(by: { $0.key < $1.key }) {
                try finding.run([.text(d.vin), .text(d.day), .text(code), .integer(Int64(count))])
            }
        }
    }

    // MARK: Reading

    /// `WHERE` conditions of a list over table alias `t` joined to `vehicles v`, and their values (`?1`-`?8`).
    private static func filter(_ q: SafetyQuery, time: String, level: String?, type: String)
        -> (sql: String, values: [SQLiteValue])
    {
        let sql = """
            (?1 IS NULL OR t.vin = ?1) AND (?2 IS NULL OR v.enterprise_id = ?2) AND (?3 IS NULL OR v.city = ?3)
            AND (?4 IS NULL OR t.status = ?4) AND (?5 IS NULL OR \(level ?? "?5") >= ?5) AND (?6 IS NULL OR \(type) = ?6)
            AND (?7 IS NULL OR \(time) >= ?7) AND (?8 IS NULL OR \(time) < ?8)
            """
        return (
            sql,
            [
                .optional(q.vin), .optional(q.enterprise?.rawValue), .optional(q.city?.rawValue), .optional(q.status),
                .optional(q.minLevel), .optional(q.type), .optional(q.from), .optional(q.to),
            ]
        )
    }

    private static let alarmColumns = """
        t.id, t.vin, t.category, t.code, t.name, t.status, t.level, t.max_level, t.opened_at, t.closed_at, t.last_at,
        t.reissue, t.acknowledged_at, t.acknowledged_by
        """

    private static func alarm(_ row: SQLiteRow) -> AlarmRecord {
        AlarmRecord(
            id: row.text(0), vin: row.text(1), category: row.text(2), code: row.int64(3), name: row.text(4),
            status: row.text(5), level: Int(row.int64(6)), maxLevel: Int(row.int64(7)), openedAt: row.int64(8),
            closedAt: row.int64OrNil(9), lastAt: row.int64(10), reissue: row.int64(11) != 0,
            acknowledged: ack(row, 12))
    }

    private static func ack(_ row: SQLiteRow, _ column: Int32) -> Acknowledgement? {
        guard let at = row.int64OrNil(column), let by = row.textOrNil(column + 1) else { return nil }
        return Acknowledgement(at: at, by: by)
    }

    func alarms(_ query: SafetyQuery) async throws -> [AlarmRecord] {
        let (conditions, values) = Self.filter(query, time: "t.opened_at", level: "t.max_level", type: "t.name")
        return try await store.reader.run { db in
            try db.statement(
                """
                SELECT \(Self.alarmColumns) FROM safety_alarms t LEFT JOIN vehicles v ON v.vin = t.vin
                WHERE \(conditions) ORDER BY t.opened_at DESC, t.id LIMIT ?9 OFFSET ?10
                """
            ).query(values + [.integer(Int64(query.limit)), .integer(Int64(query.offset))], Self.alarm)
        }
    }

    func countAlarms(_ query: SafetyQuery) async throws -> Int {
        let (conditions, values) = Self.filter(query, time: "t.opened_at", level: "t.max_level", type: "t.name")
        return try await count("safety_alarms", conditions, values)
    }

    func countEvents(_ query: SafetyQuery) async throws -> Int {
        let (conditions, values) = Self.filter(query, time: "t.triggered_at", level: "t.max_level", type: "?6")
        return try await count("safety_events", conditions, values)
    }

    private func count(_ table: String, _ conditions: String, _ values: [SQLiteValue]) async throws -> Int {
        try await store.reader.run { db in
            try db.statement(
                "SELECT count(*) FROM \(table) t LEFT JOIN vehicles v ON v.vin = t.vin WHERE \(conditions)"
            )
            .query(values) { Int($0.int64(0)) }.first ?? 0
        }
    }

    func alarm(id: String) async throws -> AlarmRecord? {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.alarmColumns) FROM safety_alarms t WHERE t.id = ?")
                .query([.text(id)], Self.alarm).first
        }
    }

    func alarmChanges(alarmID: String) async throws -> [AlarmChangeRecord] {
        try await store.reader.run { db in
            try db.statement(
                """
                SELECT c.alarm_id, c.vin, a.category, a.code, a.name, c.kind, c.at, c.level, c.previous_level,
                    c.opened_at, c.reissue
                FROM safety_alarm_changes c JOIN safety_alarms a ON a.id = c.alarm_id
                WHERE c.alarm_id = ? ORDER BY c.rowid
                """
            ).query([.text(alarmID)]) { row in
                AlarmChangeRecord(
                    alarmID: row.text(0), vin: row.text(1), category: row.text(2), code: row.int64(3),
                    name: row.text(4), kind: row.text(5), at: row.int64(6), level: Int(row.int64(7)),
                    previousLevel: row.intOrNil(8), openedAt: row.int64(9), reissue: row.int64(10) != 0)
            }
        }
    }

    private static let warningColumns = """
        t.id, t.vin, t.rule, t.status, t.opened_at, t.closed_at, t.evidence, t.closing_evidence, t.acknowledged_at,
        t.acknowledged_by
        """

    private static func warning(_ row: SQLiteRow) -> WarningRecord {
        WarningRecord(
            id: row.text(0), vin: row.text(1), rule: row.text(2), status: row.text(3), openedAt: row.int64(4),
            closedAt: row.int64OrNil(5), evidence: row.text(6), closingEvidence: row.textOrNil(7),
            acknowledged: ack(row, 8))
    }

    func warnings(_ query: SafetyQuery) async throws -> [WarningRecord] {
        let (conditions, values) = Self.filter(query, time: "t.opened_at", level: nil, type: "t.rule")
        return try await store.reader.run { db in
            try db.statement(
                """
                SELECT \(Self.warningColumns) FROM safety_warnings t LEFT JOIN vehicles v ON v.vin = t.vin
                WHERE \(conditions) ORDER BY t.opened_at DESC, t.id LIMIT ?9 OFFSET ?10
                """
            ).query(values + [.integer(Int64(query.limit)), .integer(Int64(query.offset))], Self.warning)
        }
    }

    func warning(id: String) async throws -> WarningRecord? {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.warningColumns) FROM safety_warnings t WHERE t.id = ?")
                .query([.text(id)], Self.warning).first
        }
    }

    private static let eventColumns = """
        t.id, t.vin, t.status, t.triggered_at, t.window_start, t.window_end, t.level, t.max_level, t.trigger_alarms,
        t.acknowledged_at, t.acknowledged_by
        """

    private static func event(_ row: SQLiteRow) -> CriticalEventRecord {
        CriticalEventRecord(
            id: row.text(0), vin: row.text(1), status: row.text(2), triggeredAt: row.int64(3),
            windowStart: row.int64(4), windowEnd: row.int64OrNil(5), level: Int(row.int64(6)),
            maxLevel: Int(row.int64(7)), trigger: row.text(8).split(separator: ",").map(String.init),
            acknowledged: ack(row, 9))
    }

    func events(_ query: SafetyQuery) async throws -> [CriticalEventRecord] {
        let (conditions, values) = Self.filter(query, time: "t.triggered_at", level: "t.max_level", type: "?6")
        return try await store.reader.run { db in
            try db.statement(
                """
                SELECT \(Self.eventColumns) FROM safety_events t LEFT JOIN vehicles v ON v.vin = t.vin
                WHERE \(conditions) ORDER BY t.triggered_at DESC, t.id LIMIT ?9 OFFSET ?10
                """
            ).query(values + [.integer(Int64(query.limit)), .integer(Int64(query.offset))], Self.event)
        }
    }

    func event(id: String) async throws -> CriticalEventRecord? {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.eventColumns) FROM safety_events t WHERE t.id = ?")
                .query([.text(id)], Self.event).first
        }
    }

    func addNote(_ note: HandlingNote) async throws -> Bool {
        guard let table = SafetySubjects.table[note.subjectKind] else { return false }
        return try await store.writer.transaction { db in
            let exists = try db.statement("SELECT 1 FROM \(table) WHERE id = ?").query([.text(note.subjectID)]) {
                _ in true
            }
            guard !exists.isEmpty else { return false }
            try db.statement(
                "INSERT INTO safety_notes(subject_kind, subject_id, at, user_name, action, text) VALUES (?, ?, ?, ?, ?, ?)"
            ).run([
                .text(note.subjectKind), .text(note.subjectID), .integer(note.at), .text(note.user),
                .text(note.action), .text(note.text),
            ])
            if note.action == "acknowledge" {
                try db.statement(
                    "UPDATE \(table) SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL"
                ).run([.integer(note.at), .text(note.user), .text(note.subjectID)])
            }
            return true
        }
    }

    func notes(subjectKind: String, subjectID: String) async throws -> [HandlingNote] {
        try await store.reader.run { db in
            try db.statement(
                """
                SELECT subject_kind, subject_id, at, user_name, action, text FROM safety_notes
                WHERE subject_kind = ? AND subject_id = ? ORDER BY at, rowid
                """
            ).query([.text(subjectKind), .text(subjectID)]) { row in
                HandlingNote(
                    subjectKind: row.text(0), subjectID: row.text(1), at: row.int64(2), user: row.text(3),
                    action: row.text(4), text: row.text(5))
            }
        }
    }

    func openState(vin: String) async throws -> OpenSafetyState {
        try await store.reader.run { db in
            let alarms = try db.statement(
                "SELECT \(Self.alarmColumns) FROM safety_alarms t WHERE t.vin = ? AND t.status = 'open' ORDER BY t.id"
            ).query([.text(vin)], Self.alarm)
            let event = try db.statement(
                """
                SELECT \(Self.eventColumns) FROM safety_events t WHERE t.vin = ? AND t.status = 'open'
                ORDER BY t.triggered_at DESC LIMIT 1
                """
            ).query([.text(vin)], Self.event).first
            let warnings = try db.statement(
                "SELECT \(Self.warningColumns) FROM safety_warnings t WHERE t.vin = ? AND t.status = 'open' ORDER BY t.id"
            ).query([.text(vin)], Self.warning)
            return OpenSafetyState(alarms: alarms, event: event, warnings: warnings)
        }
    }

    func findings(vin: String, from: Int64, to: Int64, limit: Int) async throws -> [FindingRecord] {
        try await store.reader.run { db in
            try db.statement(
                """
                SELECT vin, collected_at, received_at, codes FROM quality_findings
                WHERE vin = ? AND collected_at >= ? AND collected_at < ? ORDER BY collected_at, rowid LIMIT ?
                """
            ).query([.text(vin), .integer(from), .integer(to), .integer(Int64(limit))]) { row in
                FindingRecord(
                    vin: row.text(0), collectedAt: row.int64(1), receivedAt: row.int64(2),
                    codes: row.text(3).split(separator: ",").map(String.init))
            }
        }
    }

    func findingCounts(vin: String?, filter: FleetFilter, from: String, to: String) async throws -> [String: Int] {
        try await store.reader.run { db in
            let rows = try db.statement(
                """
                SELECT f.code, sum(f.count) FROM quality_daily_findings f LEFT JOIN vehicles v ON v.vin = f.vin
                WHERE f.day >= ?1 AND f.day <= ?2 AND (?3 IS NULL OR f.vin = ?3)
                    AND (?4 IS NULL OR v.enterprise_id = ?4) AND (?5 IS NULL OR v.city = ?5)
                GROUP BY f.code
                """
            ).query([
                .text(from), .text(to), .optional(vin), .optional(filter.enterprise?.rawValue),
                .optional(filter.city?.rawValue),
            ]) { ($0.text(0), Int($0.int64(1))) }
            return Dictionary(rows, uniquingKeysWith: +)
        }
    }

    func qualityByVehicle(filter: FleetFilter, from: String, to: String, limit: Int, offset: Int) async throws
        -> [QualityRollup]
    {
        try await store.reader.run { db in
            try db.statement(
                """
                SELECT q.vin, sum(q.reports), sum(q.valid_reports), sum(q.intervals), sum(q.compliant_intervals),
                    sum(q.on_time), sum(q.gap_time)
                FROM quality_daily q LEFT JOIN vehicles v ON v.vin = q.vin
                WHERE q.day >= ?1 AND q.day <= ?2 AND (?3 IS NULL OR v.enterprise_id = ?3)
                    AND (?4 IS NULL OR v.city = ?4)
                GROUP BY q.vin ORDER BY q.vin LIMIT ?5 OFFSET ?6
                """
            ).query([
                .text(from), .text(to), .optional(filter.enterprise?.rawValue), .optional(filter.city?.rawValue),
                .integer(Int64(limit)), .integer(Int64(offset)),
            ]) { row in
                QualityRollup(
                    key: row.text(0), vehicles: 1, reportingVehicles: row.int64(1) > 0 ? 1 : 0,
                    reports: Int(row.int64(1)), validReports: Int(row.int64(2)), intervals: Int(row.int64(3)),
                    compliantIntervals: Int(row.int64(4)), onTime: row.int64(5), gapTime: row.int64(6))
            }
        }
    }

    func qualityByEnterprise(filter: FleetFilter, from: String, to: String) async throws -> [QualityRollup] {
        try await store.reader.run { db in
            try db.statement(
                """
                SELECT v.enterprise_id, count(*), count(q.vin), coalesce(sum(q.reports), 0),
                    coalesce(sum(q.valid_reports), 0), coalesce(sum(q.intervals), 0),
                    coalesce(sum(q.compliant_intervals), 0), coalesce(sum(q.on_time), 0), coalesce(sum(q.gap_time), 0)
                FROM vehicles v LEFT JOIN (
                    SELECT vin, sum(reports) AS reports, sum(valid_reports) AS valid_reports,
                        sum(intervals) AS intervals, sum(compliant_intervals) AS compliant_intervals,
                        sum(on_time) AS on_time, sum(gap_time) AS gap_time
                    FROM quality_daily WHERE day >= ?1 AND day <= ?2 GROUP BY vin
                ) q ON q.vin = v.vin
                WHERE (?3 IS NULL OR v.enterprise_id = ?3) AND (?4 IS NULL OR v.city = ?4)
                GROUP BY v.enterprise_id ORDER BY v.enterprise_id
                """
            ).query([
                .text(from), .text(to), .optional(filter.enterprise?.rawValue), .optional(filter.city?.rawValue),
            ]) { row in
                QualityRollup(
                    key: row.text(0), vehicles: Int(row.int64(1)), reportingVehicles: Int(row.int64(2)),
                    reports: Int(row.int64(3)), validReports: Int(row.int64(4)), intervals: Int(row.int64(5)),
                    compliantIntervals: Int(row.int64(6)), onTime: row.int64(7), gapTime: row.int64(8))
            }
        }
    }

    func thresholds() async throws -> [String: String] {
        try await store.reader.run { db in
            let rows = try db.statement("SELECT model, thresholds FROM warning_thresholds").query {
                ($0.text(0), $0.text(1))
            }
            return Dictionary(rows, uniquingKeysWith: { a, _ in a })
        }
    }

    func setThresholds(model: String, json: String, at: Int64, by: String) async throws {
        try await store.writer.transaction { db in
            try db.statement(
                """
                INSERT INTO warning_thresholds(model, thresholds, updated_at, updated_by) VALUES (?, ?, ?, ?)
                ON CONFLICT(model) DO UPDATE SET thresholds = excluded.thresholds, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by
                """
            ).run([.text(model), .text(json), .integer(at), .text(by)])
        }
    }
}
