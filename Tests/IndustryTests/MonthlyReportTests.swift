import Industry
import Testing

@Suite("Monthly report checks")
struct MonthlyReportTests {
    static let good = MonthlyReport(
        enterprise: "leapmotor", month: "2025-06", production: 48_000, sales: 47_000, exports: 5_000,
        nevProduction: 48_000, nevBEV: 30_000, nevPHEV: 18_000, nevFCEV: 0, nevSales: 47_000, nevExports: 5_000,
        capacity: 650_000)

    @Test("a consistent report has no problems")
    func good() {
        #expect(Self.good.problems(currentMonth: "2025-07").isEmpty)
    }

    @Test("each rule names its field")
    func problems() {
        var r = Self.good
        r.month = "2025-13"
        r.sales = -1
        r.nevProduction = 50_000
        let fields = r.problems(currentMonth: "2025-07").map(\.field)
        // month malformed; sales negative; NEV above production; NEV sales and exports above sales;
        // the powertrain split no longer adds up.
        #expect(fields == ["month", "sales", "nevProduction", "nevSales", "exports", "nevBEV"])
        var future = Self.good
        future.month = "2025-08"
        #expect(future.problems(currentMonth: "2025-07").map(\.message) == ["2025-08 has not ended yet"])
    }

    @Test("jumps over 50 % and production above capacity are flagged, small numbers are not")
    func flags() {
        var previous = Self.good
        previous.production = 30_000  // 48,000 is +60 %
        previous.nevProduction = 30_000
        #expect(Self.good.flags(previous: previous) == ["production_jump", "nevProduction_jump"])
        #expect(Self.good.flags(previous: Self.good).isEmpty)
        var small = Self.good
        small.exports = 90
        var smallBefore = Self.good
        smallBefore.exports = 10
        #expect(!small.flags(previous: smallBefore).contains("exports_jump"))
        var overCapacity = Self.good
        overCapacity.capacity = 500_000  // 48,000 × 12 = 576,000
        #expect(overCapacity.flags(previous: nil) == ["production_above_capacity"])
    }

    @Test("months step back across the year")
    func previousMonth() {
        #expect(MonthlyReport.previousMonth("2025-01") == "2024-12")
        #expect(MonthlyReport.previousMonth("2025-10") == "2025-09")
    }
}
