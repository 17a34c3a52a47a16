/// A measured value after scaling, or the standard's sentinel when the terminal marked it abnormal (异常) or
/// invalid (无效). GB/T 32960.3: BYTE 0xFE/0xFF, WORD 0xFFFE/0xFFFF, DWORD 0xFFFFFFFE/0xFFFFFFFF.
///
/// Sentinels are never scaled into numbers.
public enum Reading: Hashable, Sendable, CustomStringConvertible {
    /// The physical value.
    case value(Double)
    /// The raw value was the "abnormal" sentinel.
    case abnormal
    /// The raw value was the "invalid" sentinel.
    case invalid

    /// The physical value, or nil for a sentinel.
    public var value: Double? {
        if case .value(let v) = self { return v }
        return nil
    }

    /// `valid`, `abnormal` or `invalid`.
    public var status: String {
        switch self {
        case .value: "valid"
        case .abnormal: "abnormal"
        case .invalid: "invalid"
        }
    }

    public var description: String {
        switch self {
        case .value(let v): "\(v)"
        case .abnormal: "abnormal"
        case .invalid: "invalid"
        }
    }

    /// A BYTE field: `(raw - offset) / divisor`, or a sentinel for 0xFE/0xFF.
    public static func byte(_ raw: UInt8, offset: Int = 0, divisor: Double = 1) -> Reading {
        switch raw {
        case 0xFE: .abnormal
        case 0xFF: .invalid
        default: .value(Double(Int(raw) - offset) / divisor)
        }
    }

    /// A WORD field: `(raw - offset) / divisor`, or a sentinel for 0xFFFE/0xFFFF.
    public static func word(_ raw: UInt16, offset: Int = 0, divisor: Double = 1) -> Reading {
        switch raw {
        case 0xFFFE: .abnormal
        case 0xFFFF: .invalid
        default: .value(Double(Int(raw) - offset) / divisor)
        }
    }

    /// A DWORD field: `(raw - offset) / divisor`, or a sentinel for 0xFFFFFFFE/0xFFFFFFFF.
    public static func dword(_ raw: UInt32, offset: Int = 0, divisor: Double = 1) -> Reading {
        switch raw {
        case 0xFFFF_FFFE: .abnormal
        case 0xFFFF_FFFF: .invalid
        default: .value(Double(Int(raw) - offset) / divisor)
        }
    }
}
