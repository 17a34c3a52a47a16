/// Where a target's figure comes from.
public enum TargetSource: String, Sendable, Hashable, Codable {
    /// Summed from the monthly reports.
    case monthlyReports = "monthly_reports"
    /// Counted in the charging registry.
    case chargingRegistry = "charging_registry"
    /// Counted in the vehicle registry.
    case vehicleRegistry = "vehicle_registry"
    /// Counted from the titles in the enterprise profiles.
    case enterpriseRegistry = "enterprise_registry"
    /// Entered by the province with evidence: the platform holds no data for it.
    case evidence
}

/// One of the action plan's 2025 targets (ACTION_PLAN.md, "The 2025 targets the platform tracks").
public struct PlanTarget: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var englishName: String
    public var unit: String
    public var target: Double
    public var kind: TargetKind
    public var source: TargetSource
    /// The last public figure before the plan, with its year and where it was published.
    public var baseline: Double?
    public var baselineYear: Int?
    public var baselineSource: String?

    /// The plan's targets for 2025. Baselines are the published figures in `../shared/reference/industry.md` §4;
    /// nil where none was found.
    public static let plan2025: [PlanTarget] = [
        PlanTarget(
            id: "nev_output", name: "新能源汽车产量", englishName: "NEV output", unit: "vehicles", target: 1_200_000,
            kind: .flow, source: .monthlyReports, baseline: 591_900, baselineYear: 2022,
            baselineSource: "2022年浙江省新能源汽车产业发展报告"),
        PlanTarget(
            id: "nev_share_of_output", name: "新能源汽车占全省汽车产量比重", englishName: "NEV share of vehicle output",
            unit: "%", target: 60, kind: .share, source: .monthlyReports, baseline: 37, baselineYear: 2022,
            baselineSource: "2022年浙江省新能源汽车产业发展报告"),
        PlanTarget(
            id: "national_share", name: "占全国新能源汽车产量比重", englishName: "share of national NEV output",
            unit: "%", target: 10, kind: .share, source: .evidence, baseline: 8.4, baselineYear: 2022,
            baselineSource: "591.9k of CAAM's 7.058 M"),
        PlanTarget(
            id: "nev_exports", name: "新能源汽车出口", englishName: "NEV exports", unit: "vehicles", target: 200_000,
            kind: .flow, source: .monthlyReports),
        PlanTarget(
            id: "future_factories", name: "未来工厂", englishName: "future factories", unit: "factories", target: 20,
            kind: .stock, source: .enterpriseRegistry),
        PlanTarget(
            id: "public_chargers", name: "公共充电桩", englishName: "public chargers", unit: "chargers",
            target: 100_000, kind: .stock, source: .chargingRegistry, baseline: 93_000, baselineYear: 2023,
            baselineSource: "浙江省发展规划研究院 via wbzol.com, mid-2023"),
        PlanTarget(
            id: "hydrogen_stations", name: "加氢站", englishName: "hydrogen refuelling stations", unit: "stations",
            target: 50, kind: .stock, source: .chargingRegistry, baseline: 22, baselineYear: 2022,
            baselineSource: "浙江省加氢站发展规划 via press, end-2022"),
        PlanTarget(
            id: "fcev_in_service", name: "氢燃料电池汽车推广", englishName: "fuel-cell vehicles in service",
            unit: "vehicles", target: 5_000, kind: .stock, source: .vehicleRegistry, baseline: 200, baselineYear: 2022,
            baselineSource: "浙江省加氢站发展规划 via press, end-2022 (>200)"),
        PlanTarget(
            id: "nev_share_public_fleets", name: "新增或更新公交、出租、物流车新能源比例",
            englishName: "NEV share of new buses, taxis and logistics vehicles", unit: "%", target: 80, kind: .share,
            source: .evidence),
        PlanTarget(
            id: "nev_share_official_cars", name: "党政机关公务用车新能源比例", englishName: "NEV share of official cars",
            unit: "%", target: 100, kind: .share, source: .evidence),
        PlanTarget(
            id: "rd_projects", name: "省级重点研发项目", englishName: "provincial key R&D projects", unit: "projects",
            target: 30, kind: .stock, source: .evidence),
        PlanTarget(
            id: "pct_patents", name: "新增PCT国际专利", englishName: "new PCT patents", unit: "patents", target: 500,
            kind: .stock, source: .evidence),
        PlanTarget(
            id: "innovation_platforms", name: "新增省级以上创新平台", englishName: "new innovation platforms",
            unit: "platforms", target: 50, kind: .stock, source: .evidence),
        PlanTarget(
            id: "ecosystem_leaders", name: "生态主导型企业", englishName: "ecosystem-leading enterprises",
            unit: "enterprises", target: 10, kind: .stock, source: .enterpriseRegistry),
        PlanTarget(
            id: "single_champions", name: "单项冠军企业", englishName: "single champions", unit: "enterprises",
            target: 50, kind: .stock, source: .enterpriseRegistry),
        PlanTarget(
            id: "little_giants", name: "专精特新\"小巨人\"", englishName: "\"little giants\"", unit: "enterprises",
            target: 50, kind: .stock, source: .enterpriseRegistry),
        PlanTarget(
            id: "tech_smes", name: "科技型中小企业", englishName: "tech SMEs", unit: "enterprises", target: 1_000,
            kind: .stock, source: .enterpriseRegistry),
        PlanTarget(
            id: "green_factories", name: "新增省级绿色低碳工厂", englishName: "new green low-carbon factories",
            unit: "factories", target: 20, kind: .stock, source: .enterpriseRegistry),
    ]

    /// The title a registry-counted target counts.
    public var countedTitle: EnterpriseTitle? {
        switch id {
        case "future_factories": .futureFactory
        case "ecosystem_leaders": .ecosystemLeader
        case "single_champions": .singleChampion
        case "little_giants": .littleGiant
        case "tech_smes": .techSME
        case "green_factories": .greenFactory
        default: nil
        }
    }
}
