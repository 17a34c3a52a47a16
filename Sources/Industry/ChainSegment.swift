/// The segments of the NEV industry chain the action plan names (see ACTION_PLAN.md, "chain segments").
public enum ChainSegment: String, Sendable, Hashable, Codable, CaseIterable {
    case vehicles
    case batteries
    case batteryMaterials = "battery_materials"
    case motors
    case electronics
    case thermal
    case chassis
    case body
    case interiors
    case infrastructure

    /// The name the plan uses.
    public var chineseName: String {
        switch self {
        case .vehicles: "整车"
        case .batteries: "动力电池"
        case .batteryMaterials: "电池材料"
        case .motors: "电机及控制器"
        case .electronics: "汽车电子与芯片"
        case .thermal: "热管理"
        case .chassis: "底盘"
        case .body: "车身"
        case .interiors: "内外饰"
        case .infrastructure: "充换电与加氢设施"
        }
    }

    /// Whether parts of this segment are "key parts" for the local supply rate (关键零部件本地配套率): the
    /// three-electric system, electronics and chips, thermal management and by-wire chassis, as the plan lists
    /// them. Vehicles and infrastructure are not parts; body and interiors are ordinary parts.
    public var isKeyPart: Bool {
        switch self {
        case .batteries, .batteryMaterials, .motors, .electronics, .thermal, .chassis: true
        case .vehicles, .body, .interiors, .infrastructure: false
        }
    }
}
