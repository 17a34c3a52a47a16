import Foundation
import Industry
import Model
import Store

/// The demo's industry chain: well-known OEMs and suppliers of the province across its 11 cities (names public,
/// figures invented and every record flagged as sample data), their supply relations, 24 months of monthly
/// reports ending with the last full month, titles, a white list, evidence for two targets and work points.
///
/// Deterministic: the same store gets the same data, and loading twice changes nothing (reports are written only
/// for months without one).
public enum IndustrySample {
    struct Company {
        let id: String
        let name: String
        let english: String
        let city: City
        let segments: [ChainSegment]
        var titles: [AwardedTitle] = []
        var whiteList: String?
    }

    static let companies: [Company] = [
        Company(
            id: "sample-geely", name: "吉利控股集团", english: "Geely Holding", city: .hangzhou, segments: [.vehicles],
            titles: [.init(title: .ecosystemLeader, year: 2023)], whiteList: "整车龙头, 多基地生产"),
        Company(
            id: "sample-leapmotor", name: "零跑汽车", english: "Leapmotor", city: .hangzhou, segments: [.vehicles],
            titles: [.init(title: .futureFactory, year: 2024)], whiteList: "整车, 金华智能工厂"),
        Company(
            id: "sample-zeekr", name: "极氪", english: "Zeekr", city: .ningbo, segments: [.vehicles],
            titles: [.init(title: .futureFactory, year: 2023)], whiteList: "整车, 杭州湾基地"),
        Company(id: "sample-lynkco", name: "领克汽车", english: "Lynk & Co", city: .ningbo, segments: [.vehicles]),
        Company(id: "sample-hozon", name: "合众新能源 (哪吒)", english: "Hozon (Neta)", city: .jiaxing, segments: [.vehicles]),
        Company(
            id: "sample-geely-changxing", name: "吉利长兴基地", english: "Geely Changxing", city: .huzhou,
            segments: [.vehicles]),
        Company(
            id: "sample-geely-taizhou", name: "吉利台州基地", english: "Geely Taizhou", city: .taizhou, segments: [.vehicles]),
        Company(
            id: "sample-wanxiang", name: "万向一二三", english: "Wanxiang A123", city: .hangzhou, segments: [.batteries],
            titles: [.init(title: .singleChampion, year: 2022)], whiteList: "动力电池"),
        Company(id: "sample-narada", name: "南都电源", english: "Narada", city: .hangzhou, segments: [.batteries]),
        Company(
            id: "sample-vremt", name: "威睿电动", english: "VREMT", city: .ningbo, segments: [.motors, .batteries],
            titles: [.init(title: .greenFactory, year: 2024)], whiteList: "电驱与电池包"),
        Company(
            id: "sample-ronbay", name: "容百科技", english: "Ronbay", city: .ningbo, segments: [.batteryMaterials],
            titles: [.init(title: .singleChampion, year: 2023)]),
        Company(id: "sample-shanshan", name: "杉杉股份", english: "Shanshan", city: .ningbo, segments: [.batteryMaterials]),
        Company(
            id: "sample-tuopu", name: "拓普集团", english: "Tuopu", city: .ningbo, segments: [.chassis, .thermal, .body],
            titles: [.init(title: .futureFactory, year: 2024), .init(title: .greenFactory, year: 2023)]),
        Company(id: "sample-joyson", name: "均胜电子", english: "Joyson", city: .ningbo, segments: [.electronics]),
        Company(
            id: "sample-huayou", name: "华友钴业", english: "Huayou Cobalt", city: .jiaxing, segments: [.batteryMaterials],
            whiteList: "正极前驱体"),
        Company(id: "sample-tianneng", name: "天能集团", english: "Tianneng", city: .huzhou, segments: [.batteries]),
        Company(
            id: "sample-microvast", name: "微宏动力", english: "Microvast", city: .huzhou, segments: [.batteries],
            titles: [.init(title: .littleGiant, year: 2024)]),
        Company(
            id: "sample-sanhua", name: "三花智控", english: "Sanhua", city: .shaoxing, segments: [.thermal],
            titles: [.init(title: .singleChampion, year: 2021)], whiteList: "热管理, 多家整车单一来源"),
        Company(id: "sample-wolong", name: "卧龙电驱", english: "Wolong", city: .shaoxing, segments: [.motors]),
        Company(
            id: "sample-yinlun", name: "银轮股份", english: "Yinlun", city: .taizhou, segments: [.thermal],
            titles: [.init(title: .littleGiant, year: 2023)]),
        Company(
            id: "sample-jidian", name: "衢州极电", english: "Geely-Sunwoda Quzhou", city: .quzhou, segments: [.batteries]),
        Company(
            id: "sample-founder", name: "方正电机", english: "Founder Motor", city: .lishui, segments: [.motors],
            titles: [.init(title: .techSME, year: 2024)]),
        Company(
            id: "sample-ruian-parts", name: "瑞安汽配集群", english: "Ruian parts", city: .wenzhou,
            segments: [.interiors, .body]),
        Company(
            id: "sample-zhoushan-h2", name: "舟山氢能", english: "Zhoushan Hydrogen", city: .zhoushan,
            segments: [.infrastructure]),
        Company(
            id: "sample-jinhua-fc", name: "金华燃料电池示范", english: "Jinhua fuel cells", city: .jinhua,
            segments: [.infrastructure], titles: [.init(title: .techSME, year: 2023)]),
    ]

    /// Monthly NEV output at the start of the 24 months, the growth per month, and the NEV share of output.
    static let makers: [(id: String, nev: Double, growth: Double, nevShare: Double, bev: Double, exportShare: Double)] =
        [
            ("sample-geely", 38_000, 0.020, 0.55, 0.45, 0.10),
            ("sample-leapmotor", 16_000, 0.035, 1.00, 0.55, 0.08),
            ("sample-zeekr", 12_000, 0.015, 1.00, 1.00, 0.12),
            ("sample-lynkco", 6_000, 0.020, 0.45, 0.30, 0.15),
            ("sample-hozon", 8_000, -0.030, 1.00, 0.90, 0.20),
            ("sample-geely-changxing", 5_000, 0.025, 0.80, 0.70, 0.25),
            ("sample-geely-taizhou", 4_000, 0.010, 0.40, 0.60, 0.05),
        ]

    /// Who supplies what: category, segment, then (supplier, share, value in CNY million a year or 0, region if
    /// out of province).
    static let supply: [(category: String, segment: ChainSegment, sources: [(String, Double, Double, String?)])] = [
        (
            "cell", .batteries,
            [("sample-jidian", 0.35, 0, nil), ("catl", 0.45, 0, "fujian"), ("sample-wanxiang", 0.20, 0, nil)]
        ),
        ("cathode", .batteryMaterials, [("sample-ronbay", 0.6, 0, nil), ("sample-huayou", 0.4, 0, nil)]),
        ("anode", .batteryMaterials, [("sample-shanshan", 0.7, 0, nil), ("btr", 0.3, 0, "guangdong")]),
        ("e-drive", .motors, [("sample-vremt", 0.7, 0, nil), ("sample-wolong", 0.3, 0, nil)]),
        ("mcu", .electronics, [("nxp", 0.6, 0, "overseas"), ("infineon", 0.4, 0, "overseas")]),
        ("power-semiconductor", .electronics, [("infineon", 1.0, 0, "overseas")]),
        ("adas-controller", .electronics, [("sample-joyson", 0.5, 0, nil), ("horizon-robotics", 0.5, 0, "beijing")]),
        ("heat-pump", .thermal, [("sample-sanhua", 1.0, 0, nil)]),
        ("battery-cooling", .thermal, [("sample-yinlun", 0.6, 0, nil), ("sample-tuopu", 0.4, 0, nil)]),
        ("brake-by-wire", .chassis, [("bosch", 0.8, 0, "jiangsu"), ("sample-tuopu", 0.2, 0, nil)]),
        ("die-cast-body", .body, [("sample-tuopu", 1.0, 0, nil)]),
        ("seats", .interiors, [("sample-ruian-parts", 0.5, 0, nil), ("yanfeng", 0.5, 0, "shanghai")]),
    ]

    /// Loads the sample into `store`, reports for the 24 months before `currentMonth` (`YYYY-MM`).
    public static func load(into store: any PlatformStore, currentMonth: String, now: Int64) async throws {
        for c in companies {
            guard let id = EnterpriseID(rawValue: c.id) else { continue }
            if try await store.enterprises.find(id: id) == nil {
                try await store.enterprises.upsert(
                    EnterpriseRecord(id: id, name: "\(c.name) \(c.english) (sample)", city: c.city, createdAt: now))
            }
            try await store.industry.upsertProfile(
                EnterpriseProfile(
                    enterprise: c.id, englishName: c.english, segments: c.segments, titles: c.titles,
                    whiteList: c.whiteList.map { WhiteListEntry(reason: $0, since: "2023-03-01", contact: "sample") },
                    sample: true), at: now)
        }
        // Each OEM buys every category; smaller ones single-source a few (their first supplier only).
        var relations: [SupplyRelation] = []
        let cityOf = Dictionary(uniqueKeysWithValues: companies.map { ($0.id, $0.city.slug) })
        for (index, maker) in makers.enumerated() {
            let volume = maker.nev * 12
            for item in supply {
                let sources = index >= 4 ? [item.sources[0]] : item.sources
                let total = sources.map(\.1).reduce(0, +)
                for (supplier, share, _, region) in sources {
                    let normalised = share / total
                    relations.append(
                        SupplyRelation(
                            supplier: supplier, customer: maker.id, category: item.category, segment: item.segment,
                            share: (normalised * 100).rounded() / 100,
                            annualValue: (volume * normalised * unitValue(item.category)).rounded(),
                            supplierCity: cityOf[supplier], supplierRegion: cityOf[supplier] == nil ? region : nil))
                }
            }
        }
        try await store.industry.replaceRelations(customers: Set(makers.map(\.id)), with: relations)

        var months: [String] = []
        var month = currentMonth
        for _ in 0..<24 {
            month = MonthlyReport.previousMonth(month)
            months.insert(month, at: 0)
        }
        var records: [MonthlyReportRecord] = []
        for maker in makers {
            guard let id = EnterpriseID(rawValue: maker.id) else { continue }
            let existing = Set(
                try await store.statistics.reports(MonthlyReportQuery(enterprise: id, from: months[0])).map(
                    \.report.month))
            for (i, month) in months.enumerated() where !existing.contains(month) {
                // Growth, a dip in February (Spring Festival) and a year-end push.
                let calendar = Int(month.suffix(2)) ?? 1
                let season = calendar == 2 ? 0.75 : calendar == 12 ? 1.15 : 1.0
                let nev = Int64(maker.nev * pow(1 + maker.growth, Double(i)) * season)
                let production = Int64(Double(nev) / maker.nevShare)
                let bev = Int64(Double(nev) * maker.bev)
                let fcev: Int64 = maker.id == "sample-geely-changxing" ? 20 : 0
                let report = MonthlyReport(
                    enterprise: maker.id, month: month, production: production, sales: production * 97 / 100,
                    exports: Int64(Double(production) * maker.exportShare), nevProduction: nev, nevBEV: bev,
                    nevPHEV: nev - bev - fcev, nevFCEV: fcev, nevSales: nev * 97 / 100,
                    nevExports: Int64(Double(nev) * maker.exportShare), capacity: Int64(maker.nev * 12 * 2.2))
                records.append(
                    MonthlyReportRecord(report: report, revision: 0, flags: [], submittedAt: now, submittedBy: "sample")
                )
            }
        }
        _ = try await store.statistics.submit(records)

        if try await store.industry.evidence().isEmpty {
            try await store.industry.addEvidence(
                TargetEvidence(
                    targetID: "national_share", value: 7.8, asOf: months[months.count - 1],
                    source: "sample: provincial NEV output over CAAM's national figure", enteredBy: "sample",
                    enteredAt: now))
            try await store.industry.addEvidence(
                TargetEvidence(
                    targetID: "pct_patents", value: 310, asOf: months[months.count - 1],
                    source: "sample: 省知识产权局 statistics", enteredBy: "sample", enteredAt: now))
        }
        let year = Int(currentMonth.prefix(4)) ?? 2025
        for (n, task, departments, target, status) in [
            (1, "推进新建加氢站, 完善氢能供给", ["省发展改革委", "省能源局"], "hydrogen_stations", WorkPoint.Status.inProgress),
            (2, "新增公共充电桩, 县域乡镇全覆盖", ["省能源局", "省建设厅"], "public_chargers", .inProgress),
            (3, "培育未来工厂和绿色低碳工厂", ["省经信厅"], "future_factories", .planned),
            (4, "组织关键零部件本地配套对接", ["省经信厅", "省商务厅"], nil, .done),
        ] as [(Int, String, [String], String?, WorkPoint.Status)] {
            try await store.industry.upsertWorkPoint(
                WorkPoint(
                    id: "\(year)-\(n)", year: year, task: task, departments: departments, targetID: target,
                    status: status, evidence: status == .done ? "sample: 对接会纪要" : ""), at: now)
        }
    }

    /// Rough value of one vehicle's worth of a category, CNY, for the sample's annual values.
    static func unitValue(_ category: String) -> Double {
        switch category {
        case "cell": 45_000
        case "cathode": 12_000
        case "anode": 3_000
        case "e-drive": 9_000
        case "mcu": 1_500
        case "power-semiconductor": 2_500
        case "adas-controller": 4_000
        case "heat-pump": 3_500
        case "battery-cooling": 1_200
        case "brake-by-wire": 2_000
        case "die-cast-body": 6_000
        default: 5_000
        }
    }
}
