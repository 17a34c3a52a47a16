/// T/CEC 102.2 StationInfo.StationType: who may charge there.
public enum StationType: Int, CaseIterable, Sendable, Codable, Hashable {
    /// 公共: open to everyone; the stations the public finder shows and the "public chargers" target counts.
    case `public` = 1
    /// 个人.
    case personal = 50
    /// 公交(专用): buses only.
    case bus = 100
    /// 环卫(专用): sanitation vehicles.
    case sanitation = 101
    /// 物流(专用): logistics.
    case logistics = 102
    /// 出租车(专用): taxis.
    case taxi = 103
    /// 其他.
    case other = 255

    /// Lower-case English name for JSON views.
    public var name: String { "\(self)" }
}
