/// Early-warning thresholds for one vehicle model. The defaults and where each comes from:
///
/// | threshold | default | source |
/// |---|---|---|
/// | `cellOverVoltage` | 4.25 V | charge cut-off of NCM cells, the highest common chemistry; set 3.65 V for LFP models |
/// | `cellUnderVoltage` | 2.5 V | discharge cut-off of LFP cells, the lowest common chemistry; 2.8 V suits NCM |
/// | `cellSpread` | 0.3 V | platform default (no standard value; GB/T 32960 leaves "cell consistency poor" to the maker) |
/// | `cellCollapseFraction` | 0.25 | GB 38031-2020 thermal-runaway criterion: a cell's voltage falls by more than 25 % |
/// | `temperatureSpread` | 15 degC | platform default (GB/T 32960 leaves "temperature difference" to the maker) |
/// | `temperatureRise` | 1 degC/s | GB 38031-2020 thermal-runaway criterion: dT/dt >= 1 degC/s |
/// | `insulationOhmPerVolt` | 100 ohm/V | GB 18384-2020 minimum for DC circuits; 500 ohm/V where AC circuits are conductively connected |
/// | `socJump` | 5 % | platform default for GB/T 32960 flag bit 8 ("SOC jump"), within `socJumpWindow` (30 s, the longest reporting period) |
/// | `parkedSocDrop` | 3 % | platform default: a parked, not charging pack self-discharges well under 1 % a day |
public struct WarningThresholds: Sendable, Hashable, Codable {
    public var cellOverVoltage: Double = 4.25
    public var cellUnderVoltage: Double = 2.5
    public var cellSpread: Double = 0.3
    public var cellCollapseFraction: Double = 0.25
    public var temperatureSpread: Double = 15
    public var temperatureRise: Double = 1
    public var insulationOhmPerVolt: Double = 100
    public var socJump: Double = 5
    public var socJumpWindowSeconds: Double = 30
    public var parkedSocDrop: Double = 3

    /// The defaults.
    public init() {}

    /// The defaults.
    public static let standard = WarningThresholds()

    /// Field names with their values, for validation messages and the API.
    public var fields: [(name: String, value: Double)] {
        [
            ("cellOverVoltage", cellOverVoltage), ("cellUnderVoltage", cellUnderVoltage),
            ("cellSpread", cellSpread), ("cellCollapseFraction", cellCollapseFraction),
            ("temperatureSpread", temperatureSpread), ("temperatureRise", temperatureRise),
            ("insulationOhmPerVolt", insulationOhmPerVolt), ("socJump", socJump),
            ("socJumpWindowSeconds", socJumpWindowSeconds), ("parkedSocDrop", parkedSocDrop),
        ]
    }

    /// The first field that is not a positive finite number, or that contradicts another, by name.
    public var invalidField: String? {
        if let bad = fields.first(where: { !$0.value.isFinite || $0.value <= 0 }) { return bad.name }
        if cellUnderVoltage >= cellOverVoltage { return "cellUnderVoltage" }
        if cellCollapseFraction >= 1 { return "cellCollapseFraction" }
        return nil
    }

    private enum CodingKeys: String, CodingKey {
        case cellOverVoltage
        case cellUnderVoltage
        case cellSpread
        case cellCollapseFraction
        case temperatureSpread
        case temperatureRise
        case insulationOhmPerVolt
        case socJump
        case socJumpWindowSeconds
        case parkedSocDrop
    }

    /// Decodes, taking the default for any field left out.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = WarningThresholds.standard
        cellOverVoltage = try c.decodeIfPresent(Double.self, forKey: .cellOverVoltage) ?? d.cellOverVoltage
        cellUnderVoltage = try c.decodeIfPresent(Double.self, forKey: .cellUnderVoltage) ?? d.cellUnderVoltage
        cellSpread = try c.decodeIfPresent(Double.self, forKey: .cellSpread) ?? d.cellSpread
        cellCollapseFraction =
            try c.decodeIfPresent(Double.self, forKey: .cellCollapseFraction) ?? d.cellCollapseFraction
        temperatureSpread = try c.decodeIfPresent(Double.self, forKey: .temperatureSpread) ?? d.temperatureSpread
        temperatureRise = try c.decodeIfPresent(Double.self, forKey: .temperatureRise) ?? d.temperatureRise
        insulationOhmPerVolt =
            try c.decodeIfPresent(Double.self, forKey: .insulationOhmPerVolt) ?? d.insulationOhmPerVolt
        socJump = try c.decodeIfPresent(Double.self, forKey: .socJump) ?? d.socJump
        socJumpWindowSeconds =
            try c.decodeIfPresent(Double.self, forKey: .socJumpWindowSeconds) ?? d.socJumpWindowSeconds
        parkedSocDrop = try c.decodeIfPresent(Double.self, forKey: .parkedSocDrop) ?? d.parkedSocDrop
    }
}
