public import GBT32960

/// A data-quality finding on one report. Numbered after the codec's lenient-decoding tags (Q01-Q15, which are carried
/// over as they are), in the spirit of the national platform's frame-verification codes.
public enum QualityCode: String, Sendable, Hashable, CaseIterable, Codable {
    /// Collection time more than `QualityChecks.futureTolerance` after the platform received the report.
    case futureTime = "Q16_future_time"
    /// Collection time older than the edition's reissue retention (3 days 2016, 7 days 2025).
    case outsideReissueWindow = "Q17_outside_reissue_window"
    /// A realtime (0x02, not reissue) report received more than `QualityChecks.realtimeDelay` after collection.
    case lateRealtime = "Q18_late_realtime"
    /// A required value (speed, odometer, SOC, voltage, current) sent as a sentinel or outside the standard's range.
    case invalidValue = "Q19_invalid_value"
    /// A report of the same vehicle and collection time as one already received.
    case duplicate = "Q20_duplicate"
    /// A required info unit missing (vehicle, motors, position, alarm, cell voltages, probe temperatures; 2016 also
    /// extrema).
    case missingUnit = "Q21_missing_unit"
    /// More than 30 s since the previous report while the vehicle was on (the standard's longest period).
    case realtimeGap = "Q22_realtime_gap"

    /// Findings that make a report invalid (a gap is about the interval, not the report).
    public var invalidates: Bool { self != .realtimeGap }
}

/// The per-report data-quality checks of one vehicle, as a pure struct: reports in arrival order, findings out.
public struct QualityChecks: Sendable {
    /// Clock skew tolerated before a collection time counts as in the future.
    public static let futureTolerance: Int64 = 60_000_000
    /// How late a realtime report may arrive.
    public static let realtimeDelay: Int64 = 600_000_000
    /// The longest reporting period (GB/T 32960.3 Annex B: "最大不应超过 30 s").
    public static let maximumPeriod: Int64 = 30_000_000
    /// Collection times remembered for the duplicate check.
    static let remembered = 512

    public let vin: String
    /// The last `remembered` collection times, in a ring.
    private var recent: Set<Int64> = []
    private var ring: [Int64] = []
    private var next = 0
    private var previous: (at: Int64, on: Bool)?

    /// Checks for `vin`.
    public init(vin: String) { self.vin = vin }

    /// What is wrong with `sample`: codec deviations first, then the platform's checks, each code once.
    public mutating func check(_ sample: SafetySample) -> [String] {
        var codes = sample.codecIssues.map(\.rawValue)
        var found: [QualityCode] = []
        let t = sample.collectedAt
        if t > sample.receivedAt + Self.futureTolerance { found.append(.futureTime) }
        let retention: Int64 = (sample.edition == .gb2016 ? 3 : 7) * 86_400_000_000
        if t < sample.receivedAt - retention { found.append(.outsideReissueWindow) }
        if !sample.reissue, sample.receivedAt - t > Self.realtimeDelay { found.append(.lateRealtime) }
        if !sample.sentinelFields.isEmpty || Self.outOfRange(sample) { found.append(.invalidValue) }
        if recent.contains(t) {
            found.append(.duplicate)
        } else {
            remember(t)
        }
        if !sample.units.isSuperset(of: Self.required(sample.edition)) { found.append(.missingUnit) }
        if let previous, t > previous.at {
            if previous.on, sample.isOn, t - previous.at > Self.maximumPeriod { found.append(.realtimeGap) }
        }
        if previous.map({ t > $0.at }) ?? true { previous = (t, sample.isOn) }
        if codes.isEmpty, found.isEmpty { return [] }
        codes += found.map(\.rawValue)
        return codes
    }

    private mutating func remember(_ time: Int64) {
        recent.insert(time)
        if ring.count < Self.remembered {
            ring.append(time)
        } else {
            recent.remove(ring[next])
            ring[next] = time
            next = (next + 1) % Self.remembered
        }
    }

    /// Units every report must carry.
    static func required(_ edition: Edition) -> UnitSet {
        edition == .gb2016
            ? [.vehicle, .driveMotors, .position, .extrema, .alarm, .cellVoltages, .probeTemperatures]
            : [.vehicle, .driveMotors, .position, .alarm, .parallelUnitVoltages, .probeTemperatures]
    }

    /// Values outside the ranges of GB/T 32960.3 Table 9 (2016) / Table 8 (2025).
    static func outOfRange(_ s: SafetySample) -> Bool {
        let maxSpeed: Double = s.edition == .gb2016 ? 220 : 500
        let maxVoltage: Double = s.edition == .gb2016 ? 1000 : 6000
        if let v = s.speedKmh, v > maxSpeed { return true }
        if let v = s.socPercent, v > 100 { return true }
        if let v = s.packVoltage, v > maxVoltage { return true }
        if let v = s.odometerKm, v > 999_999.9 { return true }
        return false
    }
}
