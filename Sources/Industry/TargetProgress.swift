/// How a target is measured: a yearly flow (output this year, built up month by month) or a stock at a date
/// (chargers in service, stations).
public enum TargetKind: String, Sendable, Hashable, Codable {
    /// Summed over the year; `value` is the year-to-date total.
    case flow
    /// A level; `value` is the latest level, `baseline` the level at the start of the plan.
    case stock
    /// A ratio in percent, judged on the latest value.
    case share
}

/// Where a target stands and where it is heading.
public struct TargetProgress: Sendable, Hashable, Codable {
    /// 0...1+ of the target reached by the latest value.
    public var progress: Double
    /// The value expected at year-end if the trend holds.
    public var projected: Double
    public var onTrack: Bool

    /// - Parameters:
    ///   - value: the latest value (year-to-date total for a flow).
    ///   - target: the year-end target (a `>` target is met by reaching it).
    ///   - month: the last month the value covers, 1-12.
    ///   - baseline: the stock at the plan's start, and `baselineMonths` months before `month` of this year.
    public init(
        kind: TargetKind, value: Double, target: Double, month: Int, baseline: Double? = nil, baselineMonths: Int? = nil
    ) {
        progress = target != 0 ? value / target : 0
        switch kind {
        case .flow:
            // The year-to-date pace carried to December.
            projected = month > 0 ? value * 12 / Double(month) : value
        case .stock:
            // The straight line from the baseline through the latest value, carried to December.
            if let baseline, let elapsed = baselineMonths, elapsed > 0 {
                projected = value + (value - baseline) / Double(elapsed) * Double(12 - month)
            } else {
                projected = value
            }
        case .share:
            projected = value
        }
        onTrack = projected >= target
    }
}
