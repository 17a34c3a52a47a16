import Industry
import Model
import Store

/// `StatisticsRepository` on SQLite.
struct SQLiteStatistics: StatisticsRepository {
    let store: SQLiteStore

    static let columns = """
        r.enterprise_id, r.month, r.revision, r.production, r.sales, r.exports, r.nev_production, r.nev_bev,
        r.nev_phev, r.nev_fcev, r.nev_sales, r.nev_exports, r.capacity, r.flags, r.submitted_at, r.submitted_by
        """

    static func record(_ row: SQLiteRow) -> MonthlyReportRecord {
        MonthlyReportRecord(
            report: MonthlyReport(
                enterprise: row.text(0), month: row.text(1), production: row.int64(3), sales: row.int64(4),
                exports: row.int64(5), nevProduction: row.int64(6), nevBEV: row.int64(7), nevPHEV: row.int64(8),
                nevFCEV: row.int64(9), nevSales: row.int64(10), nevExports: row.int64(11), capacity: row.int64(12)),
            revision: Int(row.int64(2)), flags: row.text(13).split(separator: ",").map(String.init),
            submittedAt: row.int64(14), submittedBy: row.text(15))
    }

    func submit(_ records: [MonthlyReportRecord]) async throws -> [MonthlyReportRecord] {
        try await store.writer.transaction { db in
            let exists = try db.statement("SELECT 1 FROM enterprises WHERE id = ?")
            let next = try db.statement(
                "SELECT COALESCE(MAX(revision), 0) + 1 FROM monthly_reports WHERE enterprise_id = ? AND month = ?")
            let insert = try db.statement(
                """
                INSERT INTO monthly_reports (enterprise_id, month, revision, production, sales, exports,
                    nev_production, nev_bev, nev_phev, nev_fcev, nev_sales, nev_exports, capacity, flags, submitted_at,
                    submitted_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var stored: [MonthlyReportRecord] = []
            for var record in records {
                let r = record.report
                guard !(try exists.query([.text(r.enterprise)]) { _ in true }).isEmpty else {
                    throw StoreError(.conflict, "enterprise \(r.enterprise) is not in the registry")
                }
                record.revision = Int(try next.query([.text(r.enterprise), .text(r.month)]) { $0.int64(0) }.first ?? 1)
                try insert.run([
                    .text(r.enterprise), .text(r.month), .integer(Int64(record.revision)), .integer(r.production),
                    .integer(r.sales), .integer(r.exports), .integer(r.nevProduction), .integer(r.nevBEV),
                    .integer(r.nevPHEV), .integer(r.nevFCEV), .integer(r.nevSales), .integer(r.nevExports),
                    .integer(r.capacity), .text(record.flags.joined(separator: ",")), .integer(record.submittedAt),
                    .text(record.submittedBy),
                ])
                stored.append(record)
            }
            return stored
        }
    }

    func reports(_ query: MonthlyReportQuery) async throws -> [MonthlyReportRecord] {
        var conditions = [
            "r.revision = (SELECT MAX(revision) FROM monthly_reports l WHERE l.enterprise_id = r.enterprise_id AND l.month = r.month)"
        ]
        var values: [SQLiteValue] = []
        if let enterprise = query.enterprise {
            conditions.append("r.enterprise_id = ?")
            values.append(.text(enterprise.rawValue))
        }
        if let city = query.city {
            conditions.append("e.city = ?")
            values.append(.text(city.code))
        }
        if let from = query.from {
            conditions.append("r.month >= ?")
            values.append(.text(from))
        }
        if let to = query.to {
            conditions.append("r.month <= ?")
            values.append(.text(to))
        }
        let sql = """
            SELECT \(Self.columns) FROM monthly_reports r JOIN enterprises e ON e.id = r.enterprise_id
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY r.month, r.enterprise_id
            """
        return try await store.reader.run { [values] db in try db.statement(sql).query(values, Self.record) }
    }

    func revisions(enterprise: EnterpriseID, month: String) async throws -> [MonthlyReportRecord] {
        try await store.reader.run { db in
            try db.statement(
                "SELECT \(Self.columns) FROM monthly_reports r WHERE r.enterprise_id = ? AND r.month = ? ORDER BY r.revision"
            ).query([.text(enterprise.rawValue), .text(month)], Self.record)
        }
    }
}
