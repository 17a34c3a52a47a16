import Foundation
import Hummingbird
import Identity
import Industry
import Model
import NIOCore
import Store

/// Monthly industry statistics (月度产量调度): enterprises report production, sales, exports, the NEV split and
/// capacity each month, by JSON or CSV; every revision is kept; the province and cities see who has not reported.
enum StatisticsRoutes {
    /// A month's report is due by this day of the following month (Beijing time); later ones are flagged `late`.
    static let deadlineDay = 10

    struct ReportView: Codable {
        let enterprise: String
        let month: String
        let revision: Int
        let production, sales, exports, nevProduction, nevBEV, nevPHEV, nevFCEV, nevSales, nevExports, capacity: Int64
        let flags: [String]
        let submittedAt: String
        let submittedBy: String

        init(_ r: MonthlyReportRecord) {
            let p = r.report
            enterprise = p.enterprise
            month = p.month
            revision = r.revision
            production = p.production
            sales = p.sales
            exports = p.exports
            nevProduction = p.nevProduction
            nevBEV = p.nevBEV
            nevPHEV = p.nevPHEV
            nevFCEV = p.nevFCEV
            nevSales = p.nevSales
            nevExports = p.nevExports
            capacity = p.capacity
            flags = r.flags
            submittedAt = Clock.iso8601(micros: r.submittedAt)
            submittedBy = r.submittedBy
        }
    }

    struct ReportRequest: Codable {
        let enterprise: String?
        let month: String
        let production, sales, exports, nevProduction, nevBEV, nevPHEV, nevFCEV, nevSales, nevExports, capacity: Int64
    }

    struct ReportListView: Codable { let reports: [ReportView] }
    struct ImportView: Codable {
        let imported: Int
        let reports: [ReportView]
    }
    struct MissingView: Codable {
        let month: String
        let due: String
        let missing: [EnterpriseView]
    }
    struct EnterpriseView: Codable {
        let id: String
        let name: String
        let city: String
        let lastMonth: String
    }
    struct MonthTotal: Codable {
        let month: String
        let enterprises: Int
        let production, sales, exports, nevProduction, nevSales, nevExports: Int64
        /// NEV production over production, percent; nil without production.
        let nevShare: Double?
    }
    struct SummaryView: Codable { let months: [MonthTotal] }
    struct CapacityView: Codable {
        let year: Int
        let threshold: Double
        let enterprises: [CapacityCheck]
    }

    /// `YYYY-MM` in Beijing time, and the day of the month.
    static func beijing(_ micros: Int64) -> (month: String, day: Int) {
        let date = Clock.beijingDate(micros: micros)
        return (String(date.prefix(7)), Int(date.suffix(2)) ?? 1)
    }

    /// The month after `month`.
    static func nextMonth(_ month: String) -> String {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2 else { return month }
        let (year, m) = parts[1] == 12 ? (parts[0] + 1, 1) : (parts[0], parts[1] + 1)
        return "\(year)-\(m < 10 ? "0" : "")\(m)"
    }

    /// The report's flags with `late` added when it comes after the deadline.
    static func flags(_ report: MonthlyReport, previous: MonthlyReport?, now: Int64) -> [String] {
        var flags = report.flags(previous: previous)
        let (month, day) = beijing(now)
        let due = nextMonth(report.month)
        if month > due || (month == due && day > deadlineDay) { flags.append("late") }
        return flags
    }

    /// Stores reports after checking the caller may report for each enterprise and that each exists.
    static func store(
        _ reports: [MonthlyReport], context: APIRequestContext, store: any PlatformStore
    ) async throws -> [MonthlyReportRecord] {
        let now = Clock.nowMicros()
        var records: [MonthlyReportRecord] = []
        for report in reports {
            let previousMonth = MonthlyReport.previousMonth(report.month)
            let previous = try await store.statistics.reports(
                MonthlyReportQuery(
                    enterprise: EnterpriseID(rawValue: report.enterprise), from: previousMonth, to: previousMonth)
            ).first?.report
            records.append(
                MonthlyReportRecord(
                    report: report, revision: 0, flags: flags(report, previous: previous, now: now), submittedAt: now,
                    submittedBy: context.principal.actor))
        }
        return try await store.statistics.submit(records)
    }

    static func endpoints(_ services: PlatformServices) -> [Endpoint] {
        let store = services.store
        return [
            Endpoint(
                .post, "/api/v1/statistics/monthly", access: .roles([.province, .enterprise]),
                doc: EndpointDoc(
                    summary: "Report (or revise) one enterprise's month", tag: "industry",
                    description:
                        "Refused with 400 naming the field when the figures contradict each other (NEV above the total, nevBEV + nevPHEV + nevFCEV not equal to nevProduction, exports above sales) or the month has not ended. Stored with flags for jumps over 50 % against the previous month, production above a twelfth of capacity, and `late` after the 10th of the following month. A second report of the same month is a new revision; all are kept. Enterprise callers report their own figures (`enterprise` may be left out).",
                    requestBody: Schema.ref("MonthlyReportRequest"), successStatus: 201,
                    response: Schema.ref("MonthlyReport"), errors: [400, 404])
            ) { request, context in
                let body = try await JSONBody.decode(ReportRequest.self, from: request, context: context)
                let enterprise = try await Self.enterprise(body.enterprise, context: context, store: store)
                let report = MonthlyReport(
                    enterprise: enterprise.rawValue, month: body.month, production: body.production, sales: body.sales,
                    exports: body.exports, nevProduction: body.nevProduction, nevBEV: body.nevBEV,
                    nevPHEV: body.nevPHEV, nevFCEV: body.nevFCEV, nevSales: body.nevSales,
                    nevExports: body.nevExports, capacity: body.capacity)
                if let problem = report.problems(currentMonth: beijing(Clock.nowMicros()).month).first {
                    throw APIError.badRequest(problem.message, field: problem.field)
                }
                let stored = try await Self.store([report], context: context, store: store)
                return try JSONBody.response(ReportView(stored[0]), status: .created)
            },
            Endpoint(
                .post, "/api/v1/statistics/monthly/import", access: .roles([.province, .enterprise]),
                doc: EndpointDoc(
                    summary: "Report many enterprise months from a CSV file: all rows or none", tag: "industry",
                    description:
                        "Header `enterprise,month,production,sales,exports,nevProduction,nevBEV,nevPHEV,nevFCEV,nevSales,nevExports,capacity`. Any problem imports nothing and answers 422 with every problem's row and column. Enterprise callers may import only their own rows.",
                    requestBody: ["type": "string"], requestType: "text/csv", successStatus: 201,
                    response: Schema.ref("MonthlyReportImport"), errors: [413, 422])
            ) { request, context in
                let body = try await VehicleRoutes.importFile(request)
                var csv = MonthlyReportCSV(
                    parsing: Array(body.readableBytesView), currentMonth: beijing(Clock.nowMicros()).month)
                var known: [String: Bool] = [:]
                for (line, report) in csv.rows {
                    if context.principal.role == .enterprise,
                        report.enterprise != context.principal.enterpriseID?.rawValue
                    {
                        csv.reject(row: line, column: "enterprise", "you may report only for your own enterprise")
                        continue
                    }
                    if known[report.enterprise] == nil {
                        var exists = false
                        if let id = EnterpriseID(rawValue: report.enterprise) {
                            exists = try await store.enterprises.find(id: id) != nil
                        }
                        known[report.enterprise] = exists
                    }
                    if known[report.enterprise] == false {
                        csv.reject(
                            row: line, column: "enterprise", "no enterprise \(report.enterprise) in the registry")
                    }
                }
                guard csv.isValid else { throw VehicleRoutes.invalid(csv.problems, count: csv.problemCount) }
                let stored = try await Self.store(csv.rows.map(\.report), context: context, store: store)
                try await store.audit.append(
                    AuditEntry(
                        at: Clock.nowMicros(), actor: context.principal.actor, role: context.principal.role,
                        action: "statistics.import", resource: "monthly", outcome: "ok",
                        detail: "imported=\(stored.count)"))
                return try JSONBody.response(
                    ImportView(imported: stored.count, reports: stored.map(ReportView.init)), status: .created)
            },
            Endpoint(
                .get, "/api/v1/statistics/monthly", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Monthly reports (latest revision of each), scoped", tag: "industry",
                    query: [
                        QueryParameter("enterprise", Schema.string, "One enterprise"),
                        QueryParameter("city", APISchemas.city, "Enterprises registered in this city"),
                        QueryParameter("from", Schema.string, "First month, YYYY-MM"),
                        QueryParameter("to", Schema.string, "Last month, YYYY-MM"),
                    ], response: Schema.ref("MonthlyReportList"), errors: [400])
            ) { request, context in
                let query = try await Self.query(request.uri.queryParameters, context: context, store: store)
                return try JSONBody.response(
                    ReportListView(reports: try await store.statistics.reports(query).map(ReportView.init)))
            },
            Endpoint(
                .get, "/api/v1/statistics/monthly/{enterprise}/{month}", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Every revision of one enterprise's month, oldest first", tag: "industry",
                    response: Schema.ref("MonthlyReportList"), errors: [404])
            ) { _, context in
                let id = context.parameters.get("enterprise") ?? ""
                guard let enterprise = EnterpriseID(rawValue: id),
                    let record = try await store.enterprises.find(id: enterprise)
                else { throw APIError.notFound("no enterprise \(id)", field: "enterprise") }
                guard context.principal.canSee(enterprise: enterprise, city: record.city) else {
                    throw APIError.notFound("no enterprise \(id)", field: "enterprise")
                }
                let revisions = try await store.statistics.revisions(
                    enterprise: enterprise, month: context.parameters.get("month") ?? "")
                guard !revisions.isEmpty else { throw APIError.notFound("no report for that month", field: "month") }
                return try JSONBody.response(ReportListView(reports: revisions.map(ReportView.init)))
            },
            Endpoint(
                .get, "/api/v1/statistics/missing", access: .roles([.province, .city]),
                doc: EndpointDoc(
                    summary: "Enterprises that reported in the 12 months before `month` but not for it",
                    tag: "industry",
                    query: [QueryParameter("month", Schema.string, "YYYY-MM; default the last ended month")],
                    response: Schema.ref("MissingReports"), errors: [400])
            ) { request, context in
                let month =
                    request.uri.queryParameters.get("month")
                    ?? MonthlyReport.previousMonth(beijing(Clock.nowMicros()).month)
                guard MonthlyReport.isMonth(month) else {
                    throw APIError.badRequest("month must be YYYY-MM", field: "month")
                }
                var yearBefore = month
                for _ in 0..<12 { yearBefore = MonthlyReport.previousMonth(yearBefore) }
                let city = context.principal.role == .city ? context.principal.city : nil
                let recent = try await store.statistics.reports(
                    MonthlyReportQuery(city: city, from: yearBefore, to: month))
                let reported = Set(recent.filter { $0.report.month == month }.map(\.report.enterprise))
                var last: [String: String] = [:]
                for r in recent where r.report.month < month {
                    last[r.report.enterprise] = max(last[r.report.enterprise] ?? "", r.report.month)
                }
                var missing: [EnterpriseView] = []
                for (id, lastMonth) in last.sorted(by: { $0.key < $1.key }) where !reported.contains(id) {
                    guard let enterprise = EnterpriseID(rawValue: id),
                        let record = try await store.enterprises.find(id: enterprise)
                    else { continue }
                    missing.append(
                        EnterpriseView(id: id, name: record.name, city: record.city.slug, lastMonth: lastMonth))
                }
                return try JSONBody.response(
                    MissingView(month: month, due: "\(nextMonth(month))-\(deadlineDay)", missing: missing))
            },
            Endpoint(
                .get, "/api/v1/statistics/capacity", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Annual capacity verification: output against capacity per enterprise, scoped",
                    tag: "industry",
                    description:
                        "Utilisation is the year's production over the capacity of the months reported (last reported capacity × months / 12); below `threshold` (default 0.5) is warned.",
                    query: [
                        QueryParameter("year", Schema.integer, "Default the current year"),
                        QueryParameter("threshold", ["type": "number", "minimum": 0, "maximum": 2], "Default 0.5"),
                        QueryParameter("city", APISchemas.city, "Enterprises registered in this city"),
                    ], response: Schema.ref("CapacityVerification"), errors: [400])
            ) { request, context in
                let parameters = request.uri.queryParameters
                let year = parameters.get("year") ?? String(beijing(Clock.nowMicros()).month.prefix(4))
                guard let y = Int(year), (2000...2100).contains(y) else {
                    throw APIError.badRequest("year must be 2000-2100", field: "year")
                }
                let threshold =
                    try parameters.get("threshold").map { text -> Double in
                        guard let t = Double(text), (0...2).contains(t) else {
                            throw APIError.badRequest("threshold must be 0-2", field: "threshold")
                        }
                        return t
                    } ?? 0.5
                var city = try IdentityRoutes.city(parameters.get("city"))
                var enterprise: EnterpriseID?
                try await Scope.narrow(city: &city, enterprise: &enterprise, of: "statistics", context, store: store)
                let reports = try await store.statistics.reports(
                    MonthlyReportQuery(enterprise: enterprise, city: city, from: "\(y)-01", to: "\(y)-12"))
                return try JSONBody.response(
                    CapacityView(
                        year: y, threshold: threshold,
                        enterprises: CapacityCheck.verify(reports.map(\.report), threshold: threshold)))
            },
            Endpoint(
                .get, "/api/v1/statistics/summary", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Totals by month over the reports in scope, with the NEV share of production",
                    tag: "industry",
                    query: [
                        QueryParameter("city", APISchemas.city, "Enterprises registered in this city"),
                        QueryParameter("from", Schema.string, "First month, YYYY-MM"),
                        QueryParameter("to", Schema.string, "Last month, YYYY-MM"),
                    ], response: Schema.ref("StatisticsSummary"), errors: [400])
            ) { request, context in
                let query = try await Self.query(request.uri.queryParameters, context: context, store: store)
                let reports = try await store.statistics.reports(query)
                let months = Dictionary(grouping: reports, by: \.report.month).sorted { $0.key < $1.key }.map {
                    month, records in
                    let r = records.map(\.report)
                    let production = r.map(\.production).reduce(0, +)
                    let nev = r.map(\.nevProduction).reduce(0, +)
                    return MonthTotal(
                        month: month, enterprises: r.count, production: production, sales: r.map(\.sales).reduce(0, +),
                        exports: r.map(\.exports).reduce(0, +), nevProduction: nev,
                        nevSales: r.map(\.nevSales).reduce(0, +), nevExports: r.map(\.nevExports).reduce(0, +),
                        nevShare: production > 0 ? (Double(nev) / Double(production) * 1000).rounded() / 10 : nil)
                }
                return try JSONBody.response(SummaryView(months: months))
            },
        ]
    }

    /// The enterprise a report is for: an enterprise user's own (naming another is 403), the province's named one.
    static func enterprise(_ text: String?, context: APIRequestContext, store: any PlatformStore) async throws
        -> EnterpriseID
    {
        let principal = context.principal
        if principal.role == .enterprise, let own = principal.enterpriseID {
            if let text, text != own.rawValue {
                try await Scope.refuse(context, resource: "statistics?enterprise=\(text)", store: store)
            }
            return own
        }
        guard let text, let id = EnterpriseID(rawValue: text) else {
            throw APIError.badRequest("name the enterprise the report is for", field: "enterprise")
        }
        guard try await store.enterprises.find(id: id) != nil else {
            throw APIError.notFound("no enterprise \(text) in the registry", field: "enterprise")
        }
        return id
    }

    static func query(_ parameters: Parameters, context: APIRequestContext, store: any PlatformStore) async throws
        -> MonthlyReportQuery
    {
        var city = try IdentityRoutes.city(parameters.get("city"))
        var enterprise = try IdentityRoutes.enterprise(parameters.get("enterprise"))
        try await Scope.narrow(city: &city, enterprise: &enterprise, of: "statistics", context, store: store)
        var query = MonthlyReportQuery(enterprise: enterprise, city: city)
        for name in ["from", "to"] {
            guard let text = parameters.get(name) else { continue }
            guard MonthlyReport.isMonth(text) else { throw APIError.badRequest("\(name) must be YYYY-MM", field: name) }
            if name == "from" { query.from = text } else { query.to = text }
        }
        return query
    }
}
