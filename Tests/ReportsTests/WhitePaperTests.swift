import DemoData
import Foundation
import Industry
import Model
import Reports
import SQLiteStore
import Store
import Testing

/// The white paper generated from the demo data, and the sample's own consistency.
@Suite("White paper")
struct WhitePaperTests {
    static func withSample(_ body: (SQLiteStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nevbrain-report-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("r.sqlite").path)
        try await store.migrate()
        try await IndustrySample.load(into: store, currentMonth: "2025-07", now: 1_750_000_000_000_000)
        try await body(store)
        try await store.close()
    }

    @Test("the sample: 24 months of consistent reports, relations whose shares add up, loading twice adds nothing")
    func sample() async throws {
        try await Self.withSample { store in
            let reports = try await store.statistics.reports(MonthlyReportQuery())
            #expect(Set(reports.map(\.report.month)).count == 24)
            #expect(reports.map(\.report.month).min() == "2023-07" && reports.map(\.report.month).max() == "2025-06")
            #expect(reports.allSatisfy { $0.report.problems(currentMonth: "2025-07").isEmpty })
            let relations = try await store.industry.relations()
            for (_, group) in Dictionary(grouping: relations, by: { "\($0.customer)/\($0.category)" }) {
                #expect(abs(group.map(\.share).reduce(0, +) - 1) < 0.02)
            }
            try await IndustrySample.load(into: store, currentMonth: "2025-07", now: 1_750_000_000_000_000)
            #expect(try await store.statistics.reports(MonthlyReportQuery()).count == reports.count)
            #expect(try await store.statistics.revisions(enterprise: "sample-geely", month: "2025-01").count == 1)
        }
    }

    @Test("the white paper from the demo data: every section, figures that match the reports, charts, sources")
    func whitePaper() async throws {
        try await Self.withSample { store in
            let html = try await WhitePaper(store: store, targets: TargetTracker(store: store))
                .render(year: 2025, currentMonth: "2025-07", english: true, generatedAt: 1_750_000_000_000_000)
            for heading in ["产量与占比", "产业链图谱", "供应链风险", "2025 年目标进展", "充电基础设施", "车辆安全"] {
                #expect(html.contains(heading), "\(heading)")
            }
            #expect(html.contains("<small>Output and share</small>"))
            // The headline NEV output is the sum of 2025's reports, printed with separators.
            let reports = try await store.statistics.reports(MonthlyReportQuery(from: "2025-01", to: "2025-12"))
            let nev = reports.map(\.report.nevProduction).reduce(0, +)
            let formatter = NumberFormatter()
            formatter.numberStyle = .decimal
            formatter.locale = Locale(identifier: "en_US")
            #expect(html.contains("<b>\(formatter.string(from: NSNumber(value: nev))!)</b>"))
            // Six months of bars, and a trace to the query for each section.
            #expect(html.components(separatedBy: "<rect x=").count - 1 == 6)
            #expect(html.contains("GET /api/v1/statistics/summary?from=2025-01"))
            #expect(html.contains("GET /api/v1/targets?year=2025"))
            // The sample buys MCUs and power semiconductors only abroad: gaps to fill.
            #expect(html.contains("mcu") && html.contains("power-semiconductor"))
            // Self-contained: no script and no external reference.
            #expect(!html.contains("<script") && !html.contains("src=\"http"))
        }
    }
}
