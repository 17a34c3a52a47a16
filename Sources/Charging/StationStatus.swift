/// T/CEC 102.2 StationInfo.StationStatus: whether the station is in service.
public enum StationStatus: Int, CaseIterable, Sendable, Codable, Hashable {
    /// 未知.
    case unknown = 0
    /// 建设中: under construction.
    case underConstruction = 1
    /// 关闭下线: closed.
    case closed = 5
    /// 维护中: under maintenance.
    case maintenance = 6
    /// 正常使用: in service; the only status the public finder shows.
    case inService = 50
}
