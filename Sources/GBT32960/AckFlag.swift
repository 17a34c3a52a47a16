/// The response flag (应答标志), GB/T 32960.3-2016 Table 4 and GB/T 32960.3-2025 Table 4.
///
/// 0xFE marks a command (the active sender); any other value marks a reply.
public struct AckFlag: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The byte on the wire.
    public var rawValue: UInt8

    /// Wraps a flag byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 0x01 success (成功).
    public static let success = AckFlag(rawValue: 0x01)
    /// 0x02 error (2016: 错误/设置未成功; 2025: 其他错误).
    public static let error = AckFlag(rawValue: 0x02)
    /// 0x03 VIN duplicate (VIN 重复).
    public static let vinDuplicate = AckFlag(rawValue: 0x03)
    /// 0x04 VIN does not exist (2025 only).
    public static let vinUnknown = AckFlag(rawValue: 0x04)
    /// 0x05 signature verification error (2025 only).
    public static let signatureError = AckFlag(rawValue: 0x05)
    /// 0x06 data-structure error (2025 only).
    public static let dataStructureError = AckFlag(rawValue: 0x06)
    /// 0x07 decryption error (2025 only).
    public static let decryptionError = AckFlag(rawValue: 0x07)
    /// 0xFE command: the packet is a command, not a reply.
    public static let command = AckFlag(rawValue: 0xFE)

    /// Whether this packet is a command (flag 0xFE).
    public var isCommand: Bool { rawValue == 0xFE }

    /// Whether `edition` defines this flag: 0x01-0x03 and 0xFE in 2016, 0x01-0x07 and 0xFE in 2025.
    public func isDefined(in edition: Edition) -> Bool {
        switch rawValue {
        case 0x01...0x03, 0xFE: true
        case 0x04...0x07: edition == .gb2025
        default: false
        }
    }

    /// A stable snake_case name used in JSON output.
    public var name: String {
        switch rawValue {
        case 0x01: "success"
        case 0x02: "error"
        case 0x03: "vin_duplicate"
        case 0x04: "vin_unknown"
        case 0x05: "signature_error"
        case 0x06: "data_structure_error"
        case 0x07: "decryption_error"
        case 0xFE: "command"
        default: "undefined"
        }
    }

    public var description: String { "\(name)(0x\(hexByte(rawValue)))" }
}
