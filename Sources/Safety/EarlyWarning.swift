/// An early-warning rule: computed from the stream, beyond the vehicle's own alarm flags.
public enum WarningRule: String, Sendable, Hashable, CaseIterable, Codable {
    case cellSpread = "cell_voltage_spread"
    case cellOverVoltage = "cell_over_voltage"
    case cellUnderVoltage = "cell_under_voltage"
    /// The lowest cell lost more than a quarter of its voltage since the previous report (GB 38031 criterion).
    case cellVoltageCollapse = "cell_voltage_collapse"
    case temperatureSpread = "temperature_spread"
    case temperatureRise = "temperature_rise"
    case insulation = "insulation_low"
    case socJump = "soc_jump"
    case parkedSocDrop = "soc_falling_while_parked"
}

extension WarningRule {
    /// Position in `allCases` (declaration order), without hashing the raw value.
    fileprivate var ordinal: Int {
        switch self {
        case .cellSpread: 0
        case .cellOverVoltage: 1
        case .cellUnderVoltage: 2
        case .cellVoltageCollapse: 3
        case .temperatureSpread: 4
        case .temperatureRise: 5
        case .insulation: 6
        case .socJump: 7
        case .parkedSocDrop: 8
        }
    }
}

/// The values a warning was raised on: named readings with the times they were read at.
public struct WarningEvidence: Sendable, Hashable, Codable {
    /// Named values (V, degC, ohm/V, %), the threshold among them as `threshold`.
    public var values: [String: Double]
    /// Collection time of the earlier report a rate or a change compares against.
    public var from: Int64?
    /// Collection time of the report that raised it.
    public var at: Int64

    /// Creates evidence.
    public init(values: [String: Double], from: Int64? = nil, at: Int64) {
        self.values = values
        self.from = from
        self.at = at
    }
}

/// A change in one of a vehicle's early warnings.
public struct WarningChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case opened, closed
    }

    public var warningID: String
    public var vin: String
    public var rule: WarningRule
    public var kind: Kind
    public var at: Int64
    public var openedAt: Int64
    /// For `opened`, what raised it; for `closed`, the report that cleared it.
    public var evidence: WarningEvidence

    /// Creates a change.
    public init(
        warningID: String, vin: String, rule: WarningRule, kind: Kind, at: Int64, openedAt: Int64,
        evidence: WarningEvidence
    ) {
        self.warningID = warningID
        self.vin = vin
        self.rule = rule
        self.kind = kind
        self.at = at
        self.openedAt = openedAt
        self.evidence = evidence
    }
}

/// One vehicle's early warnings as a pure state machine. Each rule is evaluated on every report in collection-time
/// order whose values it needs; a rule that fires opens a warning (once: it stays open while it keeps firing) and
/// the first report on which it can be evaluated and does not fire closes it. A cell voltage collapse is measured
/// against the highest lowest-cell voltage of the last minute, a temperature rise over at least 3 s. Past reports (older than the newest
/// applied) are not evaluated: rates and changes between reports need the reports in order.
public struct EarlyWarningTracker: Sendable {
    public let vin: String
    public var thresholds: WarningThresholds
    /// When each open warning opened, by rule ordinal (an array: this runs on every report).
    private var openedAt: [Int64?]
    private var lastAt: Int64?
    private var lastSOC: (value: Double, at: Int64)?
    /// The SOC and time when the vehicle was last seen parked after moving or charging.
    private var parkedSince: (soc: Double, at: Int64)?
    /// The hottest probe and the lowest cell of recent reports, for rates and drops.
    private var recentHottest = RecentReadings()
    private var recentLowestCells = RecentReadings()
    /// GB 38031-2020 asks for dT/dt >= 1 degC/s sustained for 3 s: the rate is taken over at least this span, which
    /// also keeps 1 degC probe resolution at 1 Hz reporting from firing on a single step.
    static let riseSpan: Int64 = 3_000_000
    private static let rules = WarningRule.allCases

    /// A tracker for `vin` with `thresholds`.
    public init(vin: String, thresholds: WarningThresholds = .standard, open: [WarningRule: Int64] = [:]) {
        self.vin = vin
        self.thresholds = thresholds
        self.openedAt = Self.rules.map { open[$0] }
    }

    /// Open warnings: when each opened.
    public var open: [WarningRule: Int64] {
        var result: [WarningRule: Int64] = [:]
        for (index, at) in openedAt.enumerated() { if let at { result[Self.rules[index]] = at } }
        return result
    }

    /// Whether any warning is open.
    public var hasOpen: Bool { openedAt.contains { $0 != nil } }

    /// Applies one report.
    public mutating func apply(_ sample: SafetySample) -> [WarningChange] {
        if let lastAt, sample.collectedAt <= lastAt { return [] }
        var changes: [WarningChange] = []
        evaluate(sample, into: &changes)
        lastAt = sample.collectedAt
        lastSOC = sample.socPercent.map { ($0, sample.collectedAt) }
        return changes
    }

    /// Opens or closes `rule`'s warning when `fires` differs from its state; the evidence is only built then.
    private mutating func judge(
        _ rule: WarningRule, _ fires: Bool, at: Int64, from: Int64? = nil, into changes: inout [WarningChange],
        _ values: @autoclosure () -> [String: Double]
    ) {
        let index = rule.ordinal
        switch (fires, openedAt[index]) {
        case (true, nil):
            openedAt[index] = at
            changes.append(
                WarningChange(
                    warningID: "\(vin)-\(rule.rawValue)-\(at / 1_000_000)", vin: vin, rule: rule, kind: .opened, at: at,
                    openedAt: at, evidence: WarningEvidence(values: values(), from: from, at: at)))
        case (false, let opened?):
            openedAt[index] = nil
            changes.append(
                WarningChange(
                    warningID: "\(vin)-\(rule.rawValue)-\(opened / 1_000_000)", vin: vin, rule: rule, kind: .closed,
                    at: at, openedAt: opened, evidence: WarningEvidence(values: values(), from: from, at: at)))
        default:
            break
        }
    }

    /// Each rule that can be evaluated on `sample`, in a fixed order.
    private mutating func evaluate(_ sample: SafetySample, into changes: inout [WarningChange]) {
        let t = thresholds
        let at = sample.collectedAt
        if let high = sample.maxCellVoltage, let low = sample.minCellVoltage {
            judge(
                .cellSpread, high - low > t.cellSpread, at: at, into: &changes,
                ["max_cell_v": high, "min_cell_v": low, "spread_v": high - low, "threshold": t.cellSpread])
            judge(
                .cellOverVoltage, high > t.cellOverVoltage, at: at, into: &changes,
                ["max_cell_v": high, "threshold": t.cellOverVoltage])
            judge(
                .cellUnderVoltage, low < t.cellUnderVoltage, at: at, into: &changes,
                ["min_cell_v": low, "threshold": t.cellUnderVoltage])
            if let reference = recentLowestCells.max(before: at) {
                let drop = (reference.value - low) / reference.value
                judge(
                    .cellVoltageCollapse, drop > t.cellCollapseFraction, at: at, from: reference.at, into: &changes,
                    [
                        "min_cell_v_before": reference.value, "min_cell_v": low, "drop_fraction": drop,
                        "threshold": t.cellCollapseFraction,
                    ])
            }
            recentLowestCells.append(low, at: at)
        }
        if let high = sample.maxTemperature, let low = sample.minTemperature {
            judge(
                .temperatureSpread, high - low > t.temperatureSpread, at: at, into: &changes,
                [
                    "max_temperature_c": high, "min_temperature_c": low, "spread_c": high - low,
                    "threshold": t.temperatureSpread,
                ])
            if let before = recentHottest.latest(atLeast: Self.riseSpan, before: at) {
                let rate = (high - before.value) / (Double(at - before.at) / 1_000_000)
                judge(
                    .temperatureRise, rate >= t.temperatureRise, at: at, from: before.at, into: &changes,
                    [
                        "max_temperature_c_before": before.value, "max_temperature_c": high, "rate_c_per_s": rate,
                        "threshold": t.temperatureRise,
                    ])
            }
            recentHottest.append(high, at: at)
        }
        if let kOhm = sample.insulationKOhm, let volts = sample.packVoltage, volts > 0 {
            let ohmPerVolt = kOhm * 1000 / volts
            judge(
                .insulation, ohmPerVolt < t.insulationOhmPerVolt, at: at, into: &changes,
                [
                    "insulation_kohm": kOhm, "pack_voltage_v": volts, "ohm_per_volt": ohmPerVolt,
                    "threshold": t.insulationOhmPerVolt,
                ])
        }
        if let soc = sample.socPercent {
            if let before = lastSOC, Double(at - before.at) <= t.socJumpWindowSeconds * 1_000_000 {
                judge(
                    .socJump, abs(soc - before.value) > t.socJump, at: at, from: before.at, into: &changes,
                    ["soc_before": before.value, "soc": soc, "change": soc - before.value, "threshold": t.socJump])
            }
            if sample.isParked {
                // The reference is the highest SOC since the vehicle stopped: a reading that rises resets it.
                if parkedSince == nil || soc > parkedSince!.soc { parkedSince = (soc, at) }
                let since = parkedSince!
                judge(
                    .parkedSocDrop, since.soc - soc >= t.parkedSocDrop, at: at, from: since.at, into: &changes,
                    ["soc_parked": since.soc, "soc": soc, "drop": since.soc - soc, "threshold": t.parkedSocDrop])
            } else {
                parkedSince = nil
                judge(.parkedSocDrop, false, at: at, into: &changes, ["soc": soc, "threshold": t.parkedSocDrop])
            }
        }
    }
}

/// Readings of the last minute of reports, oldest first (at most 128).
struct RecentReadings: Sendable {
    static let span: Int64 = 60_000_000
    private var entries: [(at: Int64, value: Double)] = []

    mutating func append(_ value: Double, at time: Int64) {
        entries.append((time, value))
        let cut = entries.firstIndex { time - $0.at <= Self.span } ?? entries.count
        if cut > 0 || entries.count > 128 { entries.removeFirst(Swift.max(cut, entries.count - 128)) }
    }

    /// The highest reading of the last minute before `time`: the reference a sudden drop is measured against.
    func max(before time: Int64) -> (at: Int64, value: Double)? {
        var best: (at: Int64, value: Double)?
        for entry in entries where time - entry.at <= Self.span && entry.value > (best?.value ?? -.infinity) {
            best = entry
        }
        return best
    }

    /// The newest reading at least `span` before `time`.
    func latest(atLeast span: Int64, before time: Int64) -> (at: Int64, value: Double)? {
        entries.last { time - $0.at >= span }
    }
}
