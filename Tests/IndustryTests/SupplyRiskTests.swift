import Industry
import Testing

/// The analytics on examples computed by hand (the arithmetic is in each test's comments).
@Suite("Supply-chain risk")
struct SupplyRiskTests {
    static func r(
        _ supplier: String, _ customer: String, _ category: String, _ share: Double, value: Double? = nil,
        city: String? = nil, region: String? = nil, segment: ChainSegment = .batteries
    ) -> SupplyRelation {
        SupplyRelation(
            supplier: supplier, customer: customer, category: category, segment: segment, share: share,
            annualValue: value, supplierCity: city, supplierRegion: region)
    }

    @Test("HHI: 45/30/15/10 is 3,250; one supplier is 10,000; shares are normalised")
    func hhi() {
        // 45² + 30² + 15² + 10² = 2025 + 900 + 225 + 100 = 3250.
        #expect(SupplyRisk.hhi([0.45, 0.30, 0.15, 0.10]) == 3250)
        #expect(SupplyRisk.hhi([1]) == 10_000)
        // 0.3 and 0.1 of the need known: normalised to 75/25, 5625 + 625 = 6250.
        #expect(SupplyRisk.hhi([0.3, 0.1]) == 6250)
        #expect(SupplyRisk.hhi([]) == 0)
    }

    @Test("per OEM and category: suppliers, single source, HHI band, out-of-province share")
    func categories() {
        let relations = [
            Self.r("catl", "geely", "cell", 0.6, region: "fujian"),
            Self.r("wanxiang", "geely", "cell", 0.4, city: "hangzhou"),
            Self.r("vremt", "geely", "e-drive", 1.0, city: "ningbo", segment: .motors),
            Self.r("catl", "leapmotor", "cell", 0.5, region: "fujian"),
            Self.r("catl", "leapmotor", "cell", 0.5, region: "fujian"),
        ]
        let rows = SupplyRisk.categories(relations)
        #expect(rows.map { "\($0.customer)/\($0.category)" } == ["geely/cell", "geely/e-drive", "leapmotor/cell"])
        // 60² + 40² = 5200, high; 0.6 of the need from Fujian.
        #expect(rows[0].suppliers == 2 && !rows[0].singleSource && rows[0].hhi == 5200)
        #expect(rows[0].concentration == "high" && rows[0].outOfProvinceShare == 0.6)
        #expect(rows[1].singleSource && rows[1].hhi == 10_000 && rows[1].outOfProvinceShare == 0)
        // Two rows of one supplier (two plants, say) are still a single source.
        #expect(rows[2].suppliers == 1 && rows[2].singleSource && rows[2].outOfProvinceShare == 1)
    }

    @Test("local supply rate of key parts: by value where known, key segments only")
    func localSupplyRate() {
        let relations = [
            // Key parts: 300 local of 300 + 700 = 1000 → 0.3.
            Self.r("wanxiang", "geely", "cell", 0.3, value: 300, city: "hangzhou"),
            Self.r("catl", "geely", "cell", 0.7, value: 700, region: "fujian"),
            // Interiors are not key parts and do not count, whatever their value.
            Self.r("yanfeng", "geely", "seat", 1.0, value: 5000, city: "ningbo", segment: .interiors),
        ]
        #expect(SupplyRisk.localSupplyRate(relations) == 0.3)
        // Without values the shares weigh: e-drive 1.0 local, thermal 0.5 local of 1.0 → 1.5 / 2.0.
        let shares = [
            Self.r("vremt", "zeekr", "e-drive", 1.0, city: "ningbo", segment: .motors),
            Self.r("sanhua", "zeekr", "heat-pump", 0.5, city: "shaoxing", segment: .thermal),
            Self.r("hanon", "zeekr", "heat-pump", 0.5, region: "jiangsu", segment: .thermal),
        ]
        #expect(SupplyRisk.localSupplyRate(shares) == 0.75)
        #expect(SupplyRisk.localSupplyRate([Self.r("yanfeng", "geely", "seat", 1, segment: .interiors)]) == nil)
    }

    @Test("supply cut: the scarcest category binds, units at risk follow output and weeks, ordered by exposure")
    func supplyCut() {
        let relations = [
            Self.r("catl", "geely", "cell", 0.6, region: "fujian"),
            Self.r("wanxiang", "geely", "cell", 0.4, city: "hangzhou"),
            Self.r("sanhua", "geely", "heat-pump", 1.0, city: "shaoxing", segment: .thermal),
            Self.r("catl", "leapmotor", "cell", 1.0, region: "fujian"),
            Self.r("sanhua", "leapmotor", "heat-pump", 0.2, city: "shaoxing", segment: .thermal),
            Self.r("yinlun", "leapmotor", "heat-pump", 0.8, city: "taizhou", segment: .thermal),
            Self.r("wolong", "hozon", "motor", 1.0, city: "shaoxing", segment: .motors),
        ]
        // Fujian out for 30.44 / 7 weeks = exactly one month.
        let fujian = SupplyCutSimulation.run(
            SupplyCut(regions: ["fujian"], weeks: 30.44 / 7), relations: relations,
            monthlyOutput: ["geely": 50_000, "leapmotor": 20_000])
        // geely loses 0.6 of cells → 30,000; leapmotor all its cells → 20,000; hozon untouched.
        #expect(fujian.map(\.customer) == ["geely", "leapmotor"])
        #expect(abs(fujian[0].unitsAtRisk - 30_000) < 1e-6 && fujian[0].bindingShare == 0.6)
        #expect(abs(fujian[1].unitsAtRisk - 20_000) < 1e-6)
        // Shaoxing out for two weeks: geely loses all heat pumps (binding 1.0), leapmotor 0.2, hozon its motors.
        let shaoxing = SupplyCutSimulation.run(
            SupplyCut(cities: ["shaoxing"], weeks: 2), relations: relations,
            monthlyOutput: ["geely": 50_000, "leapmotor": 20_000, "hozon": 10_000])
        let months = 14 / 30.44
        #expect(shaoxing.map(\.customer) == ["geely", "hozon", "leapmotor"])
        #expect(abs(shaoxing[0].unitsAtRisk - 50_000 * months) < 1e-6)
        #expect(abs(shaoxing[2].unitsAtRisk - 20_000 * months * 0.2) < 1e-6)
        #expect(shaoxing[0].categories.map(\.cutSuppliers) == [["sanhua"]])
        // Cutting one supplier by name.
        let wanxiang = SupplyCutSimulation.run(
            SupplyCut(suppliers: ["wanxiang"], weeks: 4), relations: relations, monthlyOutput: [:])
        #expect(wanxiang.map(\.customer) == ["geely"] && wanxiang[0].bindingShare == 0.4)
        #expect(wanxiang[0].unitsAtRisk == 0)
    }

    @Test("target projection: a flow's pace to December, a stock's straight line, a share as it stands")
    func targets() {
        // 1,233,000 by November: 1,233,000 × 12 / 11 = 1,345,090.9 > 1.2 M.
        let output = TargetProgress(kind: .flow, value: 1_233_000, target: 1_200_000, month: 11)
        #expect(abs(output.projected - 1_345_090.909) < 0.01 && output.onTrack && output.progress > 1)
        // 22 stations 24 months ago, 40 in June: +0.75 a month, 40 + 4.5 = 44.5 < 50.
        let stations = TargetProgress(kind: .stock, value: 40, target: 50, month: 6, baseline: 22, baselineMonths: 24)
        #expect(stations.projected == 44.5 && !stations.onTrack && stations.progress == 0.8)
        let share = TargetProgress(kind: .share, value: 58, target: 60, month: 9)
        #expect(share.projected == 58 && !share.onTrack)
    }
}
