/// A command identifier (命令标识), GB/T 32960.3-2016 Table 3 and B.2, GB/T 32960.3-2025 Table 3 and B.2.
///
/// Kept as the raw byte so that reserved and platform-custom identifiers (0xC0-0xFE) survive a round trip.
public struct Command: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The byte on the wire.
    public var rawValue: UInt8

    /// Wraps a command byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 0x01 vehicle login (车辆登入).
    public static let vehicleLogin = Command(rawValue: 0x01)
    /// 0x02 realtime information report (实时信息上报).
    public static let realtimeReport = Command(rawValue: 0x02)
    /// 0x03 reissued information report (补发信息上报).
    public static let reissueReport = Command(rawValue: 0x03)
    /// 0x04 vehicle logout (车辆登出).
    public static let vehicleLogout = Command(rawValue: 0x04)
    /// 0x05 platform login (平台登入).
    public static let platformLogin = Command(rawValue: 0x05)
    /// 0x06 platform logout (平台登出).
    public static let platformLogout = Command(rawValue: 0x06)
    /// 0x07 heartbeat (心跳), empty data unit.
    public static let heartbeat = Command(rawValue: 0x07)
    /// 0x08 terminal time synchronisation (终端校时), empty data unit in the request.
    public static let timeSync = Command(rawValue: 0x08)
    /// 0x09 activation (激活), 2025 edition Table B.3.
    public static let activation = Command(rawValue: 0x09)
    /// 0x0A activation response (激活应答), 2025 edition Table B.4.
    public static let activationResponse = Command(rawValue: 0x0A)
    /// 0x0B data-unit encryption key exchange (数据单元加密密钥交换), 2025 edition Table 31.
    public static let keyExchange = Command(rawValue: 0x0B)
    /// 0x80 parameter query (查询命令).
    public static let parameterQuery = Command(rawValue: 0x80)
    /// 0x81 parameter setting (设置命令).
    public static let parameterSetting = Command(rawValue: 0x81)
    /// 0x82 terminal control (车载终端控制命令).
    public static let terminalControl = Command(rawValue: 0x82)

    /// Whether this command is defined by `edition` (custom platform-exchange commands 0xC0-0xFE excluded).
    public func isDefined(in edition: Edition) -> Bool {
        switch rawValue {
        case 0x01...0x08, 0x80...0x82: true
        case 0x09...0x0B: edition == .gb2025
        default: false
        }
    }

    /// Whether the byte lies in the platform-exchange custom range 0xC0-0xFE.
    public var isPlatformCustom: Bool { rawValue >= 0xC0 && rawValue <= 0xFE }

    /// A stable snake_case name used in JSON output.
    public var name: String {
        switch rawValue {
        case 0x01: "vehicle_login"
        case 0x02: "realtime_report"
        case 0x03: "reissue_report"
        case 0x04: "vehicle_logout"
        case 0x05: "platform_login"
        case 0x06: "platform_logout"
        case 0x07: "heartbeat"
        case 0x08: "time_sync"
        case 0x09: "activation"
        case 0x0A: "activation_response"
        case 0x0B: "key_exchange"
        case 0x80: "parameter_query"
        case 0x81: "parameter_setting"
        case 0x82: "terminal_control"
        default: isPlatformCustom ? "platform_custom" : "reserved"
        }
    }

    public var description: String { "\(name)(0x\(hexByte(rawValue)))" }
}
