import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Store

/// Parsing of query-string values with errors that name the parameter.
enum QueryValues {
    /// ISO 8601 instant (`2026-11-25T08:00:00Z`, `2026-11-25T16:00:00+08:00`, fractional seconds allowed)
    /// to microseconds since the epoch.
    static func instant(_ text: String, field: String) throws(APIError) -> Int64 {
        let plain = Date.ISO8601FormatStyle()
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        guard let date = (try? plain.parse(text)) ?? (try? fractional.parse(text)) else {
            throw APIError.badRequest(
                "\(field) must be an ISO 8601 instant such as 2026-11-25T08:00:00+08:00", field: field)
        }
        return Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }
}
