import GBT32960

/// What one alarm is about: a general-alarm flag bit (GB/T 32960.3-2016 Table 18, -2025 Table 24) or a fault code of
/// one of the four fault lists. A vehicle has at most one open alarm per key.
public struct AlarmKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The fault list a code comes from, or `flag` for a general-alarm bit.
    public enum Category: String, Sendable, Hashable, CaseIterable {
        case flag
        /// Rechargeable energy storage faults (N1).
        case storage
        /// Drive motor faults (N2).
        case motor
        /// Engine faults (N3).
        case engine
        /// Other faults (N4).
        case other
    }

    public var category: Category
    /// The flag bit, or the fault code.
    public var code: UInt32

    /// Bits 0-27 are defined (19-27 in 2025 only); 28-31 are reserved.
    public static let definedFlags = 28
    /// Bit 23: battery thermal event (2025, always level 4, GB 38031).
    public static let thermalEventBit = 23

    /// A general-alarm flag.
    public init(flag bit: Int) {
        self.category = .flag
        self.code = UInt32(bit)
    }

    /// A fault code.
    public init(_ category: Category, code: UInt32) {
        self.category = category
        self.code = code
    }

    /// The stable name used in the API: the flag's name (`insulation`, `battery_thermal_event`, ...) or
    /// `storage_fault_0x0000002A`.
    public var name: String {
        if category == .flag {
            return Int(code) < AlarmData.flagNames.count ? AlarmData.flagNames[Int(code)] : "reserved_bit_\(code)"
        }
        let hex = String(code, radix: 16, uppercase: true)
        return "\(category.rawValue)_fault_0x" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex
    }

    /// The key of a stored alarm, from its category and code columns.
    public init?(category: String, code: Int64) {
        guard let category = Category(rawValue: category), let code = UInt32(exactly: code) else { return nil }
        self.init(category, code: code)
    }

    public var description: String { name }

    public static func < (lhs: AlarmKey, rhs: AlarmKey) -> Bool {
        (lhs.category.sortOrder, lhs.code) < (rhs.category.sortOrder, rhs.code)
    }
}
extension AlarmKey.Category {
    fileprivate var sortOrder: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
