import Foundation

/// Platform time: microseconds since the Unix epoch, UTC, as stored everywhere.
public enum Clock {
    /// Now, in microseconds since the epoch.
    public static func nowMicros() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// ISO 8601 in UTC with a `Z`, e.g. `2026-11-25T06:00:00.000Z`, for JSON.
    public static func iso8601(micros: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
        return Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }
}
