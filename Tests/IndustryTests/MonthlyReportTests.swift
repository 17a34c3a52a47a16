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

    @Test("capacity verification: output over the capacity of the months reported, warned below the threshold")
    func capacity() {
        var jan = Self.good
        jan.month = "2025-01"
        jan.production = 10_000
        jan.capacity = 240_000
        var feb = jan
        feb.month = "2025-02"
        feb.production = 14_000
        var other = jan
        other.enterprise = "hozon"
        other.production = 2_000
        other.capacity = 120_000
        let rows = CapacityCheck.verify([feb, other, jan], threshold: 0.5)
        // leapmotor: 24,000 over 240,000 × 2/12 = 40,000 → 0.6; hozon: 2,000 over 10,000 → 0.2, warned.
        #expect(rows.map(\.enterprise) == ["hozon", "leapmotor"])
        #expect(rows[1].utilisation == 0.6 && !rows[1].warning && rows[1].output == 24_000 && rows[1].months == 2)
        #expect(rows[0].utilisation == 0.2 && rows[0].warning)
    }
}

@Suite("Survey forms")
struct SurveyTests {
    static let form = SurveyForm(
        id: "2025q3", title: "季度调查", quarter: "2025-Q3",
        questions: [
            .init(id: "rd_spend", text: "研发投入 (万元)", kind: .number, minimum: 0),
            .init(id: "staff", text: "从业人员", kind: .integer),
            .init(id: "outlook", text: "下季度预期", kind: .choice, options: ["上升", "持平", "下降"]),
            .init(id: "exports", text: "是否出口", kind: .boolean, required: false),
        ])

    @Test("a form names its own mistakes")
    func formProblems() {
        #expect(Self.form.problems().isEmpty)
        var bad = Self.form
        bad.quarter = "2025-Q5"
        bad.questions[1].id = "rd_spend"
        bad.questions[2].options = ["上升"]
        #expect(bad.problems().map(\.field) == ["quarter", "questions[1].id", "questions[2].options"])
    }

    @Test("answers are checked against the questions' types, bounds and options")
    func answers() {
        #expect(
            Self.form.problems(answers: ["rd_spend": .number(120.5), "staff": .number(800), "outlook": .text("持平")])
                .isEmpty)
        let problems = Self.form.problems(answers: [
            "rd_spend": .number(-1), "staff": .number(1.5), "outlook": .text("大涨"), "exports": .text("yes"),
            "extra": .boolean(true),
        ])
        #expect(
            problems.map(\.field) == [
                "answers.rd_spend", "answers.staff", "answers.outlook", "answers.exports", "answers.extra",
            ])
        #expect(
            Self.form.problems(answers: [:]).map(\.field) == ["answers.rd_spend", "answers.staff", "answers.outlook"])
    }
}
