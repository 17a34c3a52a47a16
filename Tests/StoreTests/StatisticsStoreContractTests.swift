import Industry
import Model
import Store
import Testing

/// Monthly statistics on both engines: revisions numbered per enterprise month and all kept, the latest counts,
/// scope by city, and an import with an unknown enterprise stores nothing.
@Suite("Statistics store contract")
struct StatisticsStoreContractTests {
    static func report(_ enterprise: String, _ month: String, production: Int64) -> MonthlyReport {
        MonthlyReport(
            enterprise: enterprise, month: month, production: production, sales: production, exports: 10,
            nevProduction: production / 2, nevBEV: production / 2, nevPHEV: 0, nevFCEV: 0, nevSales: production / 2,
            nevExports: 5, capacity: 240_000)
    }

    static func record(_ report: MonthlyReport, at: Int64 = 1, flags: [String] = []) -> MonthlyReportRecord {
        MonthlyReportRecord(report: report, revision: 0, flags: flags, submittedAt: at, submittedBy: "tester")
    }

    @Test(arguments: TestStores.engines)
    func revisionsAndScope(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await VehicleStoreContractTests.addEnterprises(store)  // geely in Hangzhou, zeekr in Ningbo
            let first = try await store.statistics.submit([
                Self.record(Self.report("geely", "2025-01", production: 1000)),
                Self.record(Self.report("geely", "2025-02", production: 1100)),
                Self.record(Self.report("zeekr", "2025-01", production: 500)),
            ])
            #expect(first.map(\.revision) == [1, 1, 1])
            let revised = try await store.statistics.submit([
                Self.record(Self.report("geely", "2025-01", production: 1200), at: 2, flags: ["production_jump"])
            ])
            #expect(revised.map(\.revision) == [2])

            let all = try await store.statistics.reports(MonthlyReportQuery())
            #expect(
                all.map { "\($0.report.enterprise) \($0.report.month) r\($0.revision)" } == [
                    "geely 2025-01 r2", "zeekr 2025-01 r1", "geely 2025-02 r1",
                ])
            #expect(all[0].report.production == 1200 && all[0].flags == ["production_jump"])
            let ningbo = try await store.statistics.reports(MonthlyReportQuery(city: .ningbo))
            #expect(ningbo.map(\.report.enterprise) == ["zeekr"])
            let february = try await store.statistics.reports(
                MonthlyReportQuery(enterprise: "geely", from: "2025-02", to: "2025-12"))
            #expect(february.map(\.report.month) == ["2025-02"])
            let history = try await store.statistics.revisions(enterprise: "geely", month: "2025-01")
            #expect(history.map(\.report.production) == [1000, 1200] && history.map(\.submittedAt) == [1, 2])

            // One unknown enterprise refuses the whole batch.
            await #expect(throws: StoreError.self) {
                _ = try await store.statistics.submit([
                    Self.record(Self.report("zeekr", "2025-02", production: 600)),
                    Self.record(Self.report("nobody", "2025-02", production: 1)),
                ])
            }
            #expect(try await store.statistics.reports(MonthlyReportQuery(from: "2025-02")).count == 1)
        }
    }
}
