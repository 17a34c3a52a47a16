import Industry
import Model
import PostgresNIO
import Store

/// `StatisticsRepository` on PostgreSQL.
struct PostgresStatistics: StatisticsRepository {
    let store: PostgresStore

    static let columns = """
        r.enterprise_id, r.month, r.revision, r.production, r.sales, r.exports, r.nev_production, r.nev_bev,
        r.nev_phev, r.nev_fcev, r.nev_sales, r.nev_exports, r.capacity, r.flags, r.submitted_at, r.submitted_by
        """

    static func decode(_ row: PostgresRow) throws -> MonthlyReportRecord {
        let c = row.makeRandomAccess()
        func n(_ i: Int) throws -> Int64 { try c[i].decode(Int64.self) }
        return MonthlyReportRecord(
            report: MonthlyReport(
                enterprise: try c[0].decode(String.self), month: try c[1].decode(String.self), production: try n(3),
                sales: try n(4), exports: try n(5), nevProduction: try n(6), nevBEV: try n(7), nevPHEV: try n(8),
                nevFCEV: try n(9), nevSales: try n(10), nevExports: try n(11), capacity: try n(12)),
            revision: Int(try c[2].decode(Int32.self)),
            flags: try c[13].decode(String.self).split(separator: ",").map(String.init), submittedAt: try n(14),
            submittedBy: try c[15].decode(String.self))
    }

    func submit(_ records: [MonthlyReportRecord]) async throws -> [MonthlyReportRecord] {
        let logger = store.logger
        return try await store.run("submit monthly reports") {
            try await store.client.withTransaction(logger: logger) { connection in
                var stored: [MonthlyReportRecord] = []
                for var record in records {
                    let r = record.report
                    var known = false
                    for try await _ in try await connection.query(
                        "SELECT 1 FROM enterprises WHERE id = \(r.enterprise)", logger: logger)
                    {
                        known = true
                    }
                    guard known else {
                        throw StoreError(.conflict, "enterprise \(r.enterprise) is not in the registry")
                    }
                    // Serialise revisions of one enterprise's month across concurrent submitters.
                    try await connection.query(
                        "SELECT pg_advisory_xact_lock(hashtext(\(r.enterprise + "/" + r.month)))", logger: logger)
                    var revision: Int32 = 1
                    for try await next in try await connection.query(
                        """
                        SELECT COALESCE(MAX(revision), 0) + 1 FROM monthly_reports
                        WHERE enterprise_id = \(r.enterprise) AND month = \(r.month)
                        """, logger: logger
                    ).decode(Int32.self) {
                        revision = next
                    }
                    record.revision = Int(revision)
                    try await connection.query(
                        """
                        INSERT INTO monthly_reports (enterprise_id, month, revision, production, sales, exports,
                            nev_production, nev_bev, nev_phev, nev_fcev, nev_sales, nev_exports, capacity, flags,
                            submitted_at, submitted_by)
                        VALUES (\(r.enterprise), \(r.month), \(revision), \(r.production), \(r.sales), \(r.exports),
                            \(r.nevProduction), \(r.nevBEV), \(r.nevPHEV), \(r.nevFCEV), \(r.nevSales), \(r.nevExports),
                            \(r.capacity), \(record.flags.joined(separator: ",")), \(record.submittedAt),
                            \(record.submittedBy))
                        """, logger: logger)
                    stored.append(record)
                }
                return stored
            }
        }
    }

    func reports(_ query: MonthlyReportQuery) async throws -> [MonthlyReportRecord] {
        var conditions = [
            "r.revision = (SELECT MAX(revision) FROM monthly_reports l WHERE l.enterprise_id = r.enterprise_id AND l.month = r.month)"
        ]
        var binds = PostgresBindings()
        if let enterprise = query.enterprise {
            binds.append(enterprise.rawValue)
            conditions.append("r.enterprise_id = $\(binds.count)")
        }
        if let city = query.city {
            binds.append(city.code)
            conditions.append("e.city = $\(binds.count)")
        }
        if let from = query.from {
            binds.append(from)
            conditions.append("r.month >= $\(binds.count)")
        }
        if let to = query.to {
            binds.append(to)
            conditions.append("r.month <= $\(binds.count)")
        }
        let sql = """
            SELECT \(Self.columns) FROM monthly_reports r JOIN enterprises e ON e.id = r.enterprise_id
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY r.month, r.enterprise_id COLLATE "C"
            """
        return try await records(PostgresQuery(unsafeSQL: sql, binds: binds), "read monthly reports")
    }

    func revisions(enterprise: EnterpriseID, month: String) async throws -> [MonthlyReportRecord] {
        try await records(
            """
            SELECT \(unescaped: Self.columns) FROM monthly_reports r
            WHERE r.enterprise_id = \(enterprise.rawValue) AND r.month = \(month) ORDER BY r.revision
            """, "read report revisions")
    }

    private func records(_ query: PostgresQuery, _ what: String) async throws -> [MonthlyReportRecord] {
        try await store.run(what) {
            var result: [MonthlyReportRecord] = []
            for try await row in try await store.client.query(query, logger: store.logger) {
                result.append(try Self.decode(row))
            }
            return result
        }
    }
}
