import Foundation

/// Platform time: microseconds since the Unix epoch, UTC, as stored everywhere.
public enum Clock {
    /// Now, in microseconds since the epoch.
    public static func nowMicros() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// ISO 8601 in UTC with milliseconds and a `Z`, e.g. `2026-11-25T06:00:00.000Z`, for JSON.
    ///
    /// Computed by hand (days to civil date, as in H. Hinnant's `civil_from_days`): a day of one vehicle's
    /// telemetry has 17,280 timestamps, and Foundation's formatter took most of that response's time.
    public static func iso8601(micros: Int64) -> String {
        let millis = micros >= 0 ? micros / 1000 : (micros - 999) / 1000
        let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        let ofDay = Int(millis - days * 86_400_000)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
        var bytes = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int, _ at: Int, _ width: Int) {
            var v = value
            for i in stride(from: at + width - 1, through: at, by: -1) {
                bytes[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            }
        }
        put(year, 0, 4)
        put(month, 5, 2)
        put(day, 8, 2)
        put(ofDay / 3_600_000, 11, 2)
        put(ofDay / 60_000 % 60, 14, 2)
        put(ofDay / 1000 % 60, 17, 2)
        put(ofDay % 1000, 20, 3)
        let separators: [(Int, Unicode.Scalar)] = [
            (4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "."), (23, "Z"),
        ]
        for (i, c) in separators { bytes[i] = UInt8(ascii: c) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The Beijing (UTC+8, no daylight saving) calendar date of a time, `YYYY-MM-DD`: the day statistics and
    /// deadlines are counted in.
    public static func beijingDate(micros: Int64) -> String {
        String(iso8601(micros: micros + 8 * 3_600_000_000).prefix(10))
    }
}
