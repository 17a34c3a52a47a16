/// The connector status codes of T/CEC 102.2 ConnectorStatusInfo.Status, and how an OCPP status maps onto them.
///
/// The mapping is this platform's design choice (no standard defines it):
///
/// | OCPP 1.6 ChargePointStatus | T/CEC Status |
/// |---|---|
/// | Available | 1 空闲 |
/// | Preparing, Finishing | 2 占用(未充电) |
/// | Charging, SuspendedEV, SuspendedEVSE | 3 占用(充电中) |
/// | Reserved | 4 占用(预约锁定) |
/// | Faulted | 255 故障 |
/// | Unavailable | 255 故障 |
/// | WebSocket closed, heartbeat timeout | 0 离网 |
///
/// Unavailable goes to 255 rather than 0: T/CEC has no "disabled" code, and 0 claims the charge point cannot be
/// reached, which is false (it answered). 255 keeps the connector out of "available now" searches; statistics
/// that must tell a disabled connector from a broken one read the OCPP status, which the feed also carries.
public enum TCECConnectorStatus: Int, Sendable, Codable, CaseIterable {
    case offline = 0
    case idle = 1
    case occupiedNotCharging = 2
    case charging = 3
    case reserved = 4
    case fault = 255

    /// The T/CEC status of a connector that reported `status`.
    public init(_ status: ChargePointStatus) {
        switch status {
        case .available: self = .idle
        case .preparing, .finishing: self = .occupiedNotCharging
        case .charging, .suspendedEV, .suspendedEVSE: self = .charging
        case .reserved: self = .reserved
        case .faulted, .unavailable: self = .fault
        }
    }
}
