/// One period of a time-of-use tariff: T/CEC 102.2 query_equip_business_policy PolicyInfos[] (StartTime `HHmmss`,
/// ElecPrice, ServicePrice with 4 decimals). A period lasts until the next one starts; the last runs to midnight and
/// the first is in force from midnight when it starts later.
public struct PricePeriod: Sendable, Hashable, Codable {
    /// Seconds after local (Beijing) midnight.
    public var startSecond: Int
    /// Electricity fee, 1/10,000 yuan per kWh (T/CEC's 4 decimals, kept exact).
    public var electricity: Int64
    /// Service fee, 1/10,000 yuan per kWh.
    public var service: Int64

    /// Creates a period.
    public init(startSecond: Int, electricity: Int64, service: Int64) {
        self.startSecond = startSecond
        self.electricity = electricity
        self.service = service
    }

    /// `HHmmss`.
    public var startTime: String {
        let h = startSecond / 3600
        let m = startSecond / 60 % 60
        let s = startSecond % 60
        return (h < 10 ? "0" : "") + "\(h)" + (m < 10 ? "0" : "") + "\(m)" + (s < 10 ? "0" : "") + "\(s)"
    }

    /// Seconds after midnight for `HHmmss`, nil unless a valid time of day.
    public static func second(ofStartTime text: String) -> Int? {
        guard text.utf8.count == 6, text.utf8.allSatisfy({ (48...57).contains($0) }), let value = Int(text) else {
            return nil
        }
        let (h, m, s) = (value / 10_000, value / 100 % 100, value % 100)
        guard h < 24, m < 60, s < 60 else { return nil }
        return h * 3600 + m * 60 + s
    }

    /// The amount in 1/10,000 yuan for a price in yuan, nil if negative, not finite or above 100 yuan.
    public static func units(ofYuan yuan: Double) -> Int64? {
        guard yuan.isFinite, yuan >= 0, yuan <= 100 else { return nil }
        return Int64((yuan * 10_000).rounded())
    }

    /// The period of `periods` in force at `at` (microseconds since the epoch), nil when there are none.
    public static func inForce(_ periods: [PricePeriod], at: Int64) -> PricePeriod? {
        let sorted = periods.sorted { $0.startSecond < $1.startSecond }
        // Beijing time is UTC+8 all year.
        let secondOfDay = Int(((at / 1_000_000 + 8 * 3600) % 86_400 + 86_400) % 86_400)
        return sorted.last { $0.startSecond <= secondOfDay } ?? sorted.last
    }
}
