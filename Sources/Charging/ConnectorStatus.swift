/// T/CEC 102.2 ConnectorStatusInfo.Status: what a connector is doing now.
public enum ConnectorStatus: Int, CaseIterable, Sendable, Codable, Hashable {
    /// 离网: the platform cannot reach it.
    case offline = 0
    /// 空闲: free to use; "available now" in the finder.
    case idle = 1
    /// 占用(未充电): plugged in, not charging.
    case occupied = 2
    /// 占用(充电中).
    case charging = 3
    /// 占用(预约锁定).
    case reserved = 4
    /// 故障.
    case fault = 255

    /// Lower-case English name for JSON views.
    public var name: String { "\(self)" }

    /// Whether time in this status counts as time the connector could serve (utilisation's denominator).
    public var isServiceable: Bool { self != .offline && self != .fault }
}
