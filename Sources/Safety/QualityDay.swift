public import GBT32960

/// One vehicle's data-quality counts for one day (Beijing time, as the national platform's bulletins count), as
/// increments: the monitor adds up what each batch brings and the store adds it to the day's row.
///
/// - validity = valid reports / reports (a report is valid with no finding but `Q22_realtime_gap`);
/// - interval compliance = intervals of at most 30 s / intervals, over consecutive reports while the vehicle is on;
/// - completeness = 1 - gap time / on time, where on time sums those intervals and gap time is the part of each
///   interval beyond 30 s.
/// Intervals come from reports in collection-time order; a reissue older than the newest report counts as a report
/// (and for validity) but not as an interval.
public struct QualityDay: Sendable, Hashable {
    public var vin: String
    /// `YYYY-MM-DD`, Beijing time.
    public var day: String
    public var reports = 0
    public var validReports = 0
    public var intervals = 0
    public var compliantIntervals = 0
    /// Microseconds.
    public var onTime: Int64 = 0
    public var gapTime: Int64 = 0
    /// Findings by code.
    public var findings: [String: Int] = [:]

    /// An empty day.
    public init(vin: String, day: String) {
        self.vin = vin
        self.day = day
    }

    /// Adds another increment of the same vehicle and day.
    public mutating func add(_ other: QualityDay) {
        reports += other.reports
        validReports += other.validReports
        intervals += other.intervals
        compliantIntervals += other.compliantIntervals
        onTime += other.onTime
        gapTime += other.gapTime
        findings.merge(other.findings, uniquingKeysWith: +)
    }

    /// The Beijing-time day of a time in microseconds since the epoch.
    public static func day(of time: Int64) -> String {
        let t = CollectionTime(beijingTimeOf: time >= 0 ? time / 1_000_000 : (time - 999_999) / 1_000_000)
        func two(_ v: UInt8) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(2000 + Int(t.year))-\(two(t.month))-\(two(t.day))"
    }
}
