/// The titles and tiers the plan counts (十百千 and the factory titles), each awarded in a year.
public enum EnterpriseTitle: String, Sendable, Hashable, Codable, CaseIterable {
    /// 生态主导型企业
    case ecosystemLeader = "ecosystem_leader"
    /// 单项冠军
    case singleChampion = "single_champion"
    /// 专精特新"小巨人"
    case littleGiant = "little_giant"
    /// 科技型中小企业
    case techSME = "tech_sme"
    /// 未来工厂
    case futureFactory = "future_factory"
    /// 绿色低碳工厂
    case greenFactory = "green_factory"

    public var chineseName: String {
        switch self {
        case .ecosystemLeader: "生态主导型企业"
        case .singleChampion: "单项冠军"
        case .littleGiant: "专精特新\"小巨人\""
        case .techSME: "科技型中小企业"
        case .futureFactory: "未来工厂"
        case .greenFactory: "绿色低碳工厂"
        }
    }
}

/// A title and the year it was awarded.
public struct AwardedTitle: Sendable, Hashable, Codable {
    public var title: EnterpriseTitle
    public var year: Int

    public init(title: EnterpriseTitle, year: Int) {
        self.title = title
        self.year = year
    }
}

/// An entry of the key-enterprise white list (重点企业白名单), used to coordinate supply-cut responses.
public struct WhiteListEntry: Sendable, Hashable, Codable {
    public var reason: String
    /// `YYYY-MM-DD`.
    public var since: String
    public var contact: String

    public init(reason: String, since: String, contact: String) {
        self.reason = reason
        self.since = since
        self.contact = contact
    }
}

/// What the industry chain knows of an enterprise beyond its registry entry.
public struct EnterpriseProfile: Sendable, Hashable, Codable {
    public var enterprise: String
    public var creditCode: CreditCode?
    public var englishName: String?
    /// District or county (区/县).
    public var district: String?
    public var segments: [ChainSegment]
    public var titles: [AwardedTitle]
    public var whiteList: WhiteListEntry?
    /// Demo data, not an official record.
    public var sample: Bool

    public init(
        enterprise: String, creditCode: CreditCode? = nil, englishName: String? = nil, district: String? = nil,
        segments: [ChainSegment], titles: [AwardedTitle] = [], whiteList: WhiteListEntry? = nil, sample: Bool = false
    ) {
        self.enterprise = enterprise
        self.creditCode = creditCode
        self.englishName = englishName
        self.district = district
        self.segments = segments
        self.titles = titles
        self.whiteList = whiteList
        self.sample = sample
    }
}

extension WhiteListEntry {
    /// Whether `text` is a calendar day written `YYYY-MM-DD` (the white list's `since`).
    public static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}
