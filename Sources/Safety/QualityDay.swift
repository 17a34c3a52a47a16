import GBT32960
public import Store

/// Data quality is counted per vehicle and day (Beijing time, as the national platform's bulletins count), as
/// increments: the engine emits one per report, the store adds them to the day's row.
///
/// - validity = valid reports / reports (a report is valid with no finding but `Q22_realtime_gap`);
/// - interval compliance = intervals of at most 30 s / intervals, over consecutive reports while the vehicle is on;
/// - completeness = 1 - gap time / on time, where on time sums those intervals and gap time is the part of each
///   interval beyond 30 s.
/// Intervals come from reports in collection-time order; a reissue older than the newest report counts as a report
/// (and for validity) but not as an interval.
extension QualityIncrement {
    /// The Beijing-time day (`YYYY-MM-DD`) of a time in microseconds since the epoch.
    public static func day(of time: Int64) -> String {
        let t = CollectionTime(beijingTimeOf: time >= 0 ? time / 1_000_000 : (time - 999_999) / 1_000_000)
        func two(_ v: UInt8) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(2000 + Int(t.year))-\(two(t.month))-\(two(t.day))"
    }
}
