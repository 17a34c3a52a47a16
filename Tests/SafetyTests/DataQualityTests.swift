import GBT32960
import Safety
import Store
import Testing

/// Per-report findings and the daily rollup, against values worked out by hand.
@Suite("Data quality")
struct DataQualityTests {
    static let t0 = Scenario.start

    @Test("a day of one vehicle: findings, validity, intervals and completeness as computed by hand")
    func rollup() throws {
        func at(_ s: Int64) -> Int64 { Scenario.micros(Self.t0 + s) }
        var samples: [SafetySample] = []
        func add(_ second: Int64, reissue: Bool = false, late: Int64 = 0, edit: (inout [InfoUnit]) -> Void = { _ in })
            throws
        {
            let message = Scenario.fullReport(at: Self.t0 + second, reissue: reissue, edit: edit)
            samples.append(try #require(try Scenario.sample(message, receivedAt: at(second + late))))
        }
        try add(0)
        try add(10)
        try add(20)
        try add(60)  // 40 s after the last while on: Q22, the report itself is valid
        try add(70)
        try add(70)  // the same collection time again: Q20
        try add(80) { units in  // speed sent as "invalid": Q19
            units = units.map { unit in
                guard case .vehicle(var v) = unit else { return unit }
                v.speed = 0xFFFF
                return .vehicle(v)
            }
        }
        try add(90) { units in units.removeAll { $0.name == "position" } }  // Q21
        try add(45, reissue: true)  // late reissue: a valid report, no interval
        try add(100, late: 700)  // realtime received 11 min 40 s late: Q18

        var engine = SafetyEngine()
        let output = engine.apply(samples)
        #expect(output.quality.count == 1)
        let day = try #require(output.quality.first)
        #expect(day.day == "2026-11-25")
        #expect(day.reports == 10)
        #expect(day.validReports == 6)
        // In order and on: 0-10-20-60-70-80-90-100 (the duplicate and the late reissue add none).
        #expect(day.intervals == 7)
        #expect(day.compliantIntervals == 6)
        #expect(day.onTime == 100_000_000)
        #expect(day.gapTime == 10_000_000)
        #expect(
            day.findings == [
                "Q22_realtime_gap": 1, "Q20_duplicate": 1, "Q19_invalid_value": 1, "Q21_missing_unit": 1,
                "Q18_late_realtime": 1,
            ])
        #expect(output.findings.map(\.collectedAt) == [60, 70, 80, 90, 100].map(at))
    }

    @Test("collection times in the future or beyond the reissue retention")
    func times() throws {
        let future = Scenario.fullReport(at: Self.t0 + 600)
        let old = Scenario.fullReport(at: Self.t0 - 4 * 86_400, reissue: true)
        var engine = SafetyEngine()
        let output = engine.apply(
            [
                try #require(try Scenario.sample(future, receivedAt: Scenario.micros(Self.t0))),
                try #require(try Scenario.sample(old, receivedAt: Scenario.micros(Self.t0))),
            ])
        #expect(output.findings.map(\.codes) == [["Q16_future_time"], ["Q17_outside_reissue_window"]])
        // Days are Beijing days.
        #expect(Set(output.quality.map(\.day)) == ["2026-11-25", "2026-11-21"])
    }
}
