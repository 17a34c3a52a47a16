import NIOCore

/// A 6-byte time (年月日时分秒), GB/T 32960.3-2016 Table 5 and 2025 Table 5: plain binary bytes (not BCD),
/// Beijing time (UTC+8), year 0-99 meaning 2000-2099.
///
/// The raw bytes are kept as they came, so an out-of-range time still round-trips; `isValid` says whether the
/// fields are in the ranges of Table 5.
public struct CollectionTime: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// Year within the century, 0-99 (2000-2099).
    public var year: UInt8
    /// Month, 1-12.
    public var month: UInt8
    /// Day of month, 1-31.
    public var day: UInt8
    /// Hour, 0-23.
    public var hour: UInt8
    /// Minute, 0-59.
    public var minute: UInt8
    /// Second, 0-59.
    public var second: UInt8

    /// Builds a time from its six fields.
    public init(year: UInt8, month: UInt8, day: UInt8, hour: UInt8, minute: UInt8, second: UInt8) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Whether every field lies in the range of Table 5 (and the day exists in that month).
    public var isValid: Bool {
        guard year <= 99, (1...12).contains(month), day >= 1, hour <= 23, minute <= 59, second <= 59 else {
            return false
        }
        let daysInMonth: UInt8
        switch month {
        case 2: daysInMonth = year % 4 == 0 ? 29 : 28
        case 4, 6, 9, 11: daysInMonth = 30
        default: daysInMonth = 31
        }
        return day <= daysInMonth
    }

    /// ISO 8601 text with the +08:00 offset, e.g. `2026-07-07T06:55:04+08:00`.
    public var iso8601: String {
        func two(_ value: UInt8) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(2000 + Int(year))-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))+08:00"
    }

    /// Seconds since 1970-01-01T00:00:00Z, for a valid time.
    public var unixTime: Int64? {
        guard isValid else { return nil }
        // Days from civil (proleptic Gregorian), Howard Hinnant's algorithm.
        let y = Int64(2000 + Int(year)) - (month <= 2 ? 1 : 0)
        let era = y / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return days * 86_400 + Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second) - 8 * 3600
    }

    public var description: String { iso8601 }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second)
            < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second)
    }

    /// Reads six bytes. Range checking is the caller's business (see `DecodingContext.checkTime`).
    static func decode(from buffer: inout FrameReader) throws(GBT32960Error) -> CollectionTime {
        guard let raw = buffer.readMultipleIntegers(as: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8).self) else {
            throw GBT32960Error(.truncated, at: buffer.readerIndex, "collection time needs 6 bytes")
        }
        return CollectionTime(year: raw.0, month: raw.1, day: raw.2, hour: raw.3, minute: raw.4, second: raw.5)
    }

    /// Writes six bytes.
    func encode(into buffer: inout FrameWriter) {
        buffer.writeMultipleIntegers(year, month, day, hour, minute, second)
    }
}
