/// Time spent per status over a period, summed over connectors, from the status log: the base of utilisation
/// (charging time over serviceable time) and fault rate (fault time over the time with a known status).
///
/// A connector is in the status of its newest report at or before an instant; before its first report its status
/// is unknown, and that time counts nowhere.
public struct ConnectorUsage: Sendable, Hashable {
    /// Microseconds per status.
    public private(set) var time: [ConnectorStatus: Int64] = [:]

    /// Creates empty totals.
    public init() {}

    /// Adds one connector's time in `[from, to)`. `before` is its newest status reported before `from` (nil when
    /// none was), `changes` its reports in `[from, to)` in time order.
    public mutating func add(
        before: ConnectorStatus?, changes: [(at: Int64, status: ConnectorStatus)], from: Int64, to: Int64
    ) {
        var current = before
        var since = from
        for change in changes where change.at >= from && change.at < to {
            if let current { time[current, default: 0] += change.at - since }
            current = change.status
            since = change.at
        }
        if let current, to > since { time[current, default: 0] += to - since }
    }

    /// Time with a known status.
    public var knownTime: Int64 { time.values.reduce(0, +) }
    /// Time in a status other than offline and fault.
    public var serviceableTime: Int64 { time.filter { $0.key.isServiceable }.values.reduce(0, +) }
    /// Charging time over serviceable time; nil when there was none.
    public var utilisation: Double? {
        serviceableTime > 0 ? Double(time[.charging] ?? 0) / Double(serviceableTime) : nil
    }
    /// Fault time over the time with a known status; nil when there was none.
    public var faultRate: Double? { knownTime > 0 ? Double(time[.fault] ?? 0) / Double(knownTime) : nil }
}
