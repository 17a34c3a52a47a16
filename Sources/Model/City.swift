/// One of Zhejiang's 11 prefecture-level cities, the unit a `city` user is scoped to.
///
/// The raw value is the GB/T 2260 administrative division code, which is what government
/// registries exchange; `slug` is the stable lower-case identifier used in URLs and config.
public enum City: String, CaseIterable, Sendable, Codable, Hashable {
    case hangzhou = "330100"
    case ningbo = "330200"
    case wenzhou = "330300"
    case jiaxing = "330400"
    case huzhou = "330500"
    case shaoxing = "330600"
    case jinhua = "330700"
    case quzhou = "330800"
    case zhoushan = "330900"
    case taizhou = "331000"
    case lishui = "331100"

    /// GB/T 2260 code, e.g. `330100` for Hangzhou.
    public var code: String { rawValue }

    /// Lower-case pinyin, e.g. `hangzhou`.
    public var slug: String { "\(self)" }

    /// Chinese name, e.g. `杭州市`.
    public var chineseName: String {
        switch self {
        case .hangzhou: "杭州市"
        case .ningbo: "宁波市"
        case .wenzhou: "温州市"
        case .jiaxing: "嘉兴市"
        case .huzhou: "湖州市"
        case .shaoxing: "绍兴市"
        case .jinhua: "金华市"
        case .quzhou: "衢州市"
        case .zhoushan: "舟山市"
        case .taizhou: "台州市"
        case .lishui: "丽水市"
        }
    }

    /// Accepts the pinyin slug (`ningbo`), the GB/T 2260 code (`330200`) or the Chinese name with or without
    /// 市 (`宁波市`, `宁波`), as registries and spreadsheets write it.
    public init?(identifier: String) {
        let lowered = identifier.lowercased()
        if let byCode = City(rawValue: lowered) {
            self = byCode
        } else if let bySlug = City.allCases.first(where: { $0.slug == lowered }) {
            self = bySlug
        } else if let byName = City.allCases.first(where: {
            $0.chineseName == identifier || $0.chineseName.dropLast() == identifier
        }) {
            self = byName
        } else {
            return nil
        }
    }
}
