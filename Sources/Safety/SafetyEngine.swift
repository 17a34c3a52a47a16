public import Store

/// What safety monitoring made of some reports: every change, in the order of the reports that caused it.
public struct SafetyOutput: Sendable, Hashable {
    public var alarms: [AlarmChange] = []
    public var events: [CriticalEventChange] = []
    public var warnings: [WarningChange] = []
    /// Reports with findings: vehicle, collection time, receive time, codes.
    public var findings: [FindingRecord] = []
    /// Data-quality increments per vehicle and day.
    public var quality: [QualityIncrement] = []

    /// Nothing yet.
    public init() {}

    public var isEmpty: Bool {
        alarms.isEmpty && events.isEmpty && warnings.isEmpty && findings.isEmpty && quality.isEmpty
    }

    /// Where each (vehicle, day) is in `quality`.
    private var qualityIndex: [QualityKey: Int] = [:]

    private struct QualityKey: Hashable, Sendable {
        let vin: String
        let day: String
    }

    /// Adds an increment to its vehicle and day's.
    mutating func add(_ increment: QualityIncrement) {
        let key = QualityKey(vin: increment.vin, day: increment.day)
        if let index = qualityIndex[key] {
            quality[index].add(increment)
        } else {
            qualityIndex[key] = quality.count
            quality.append(increment)
        }
    }

    public static func == (lhs: SafetyOutput, rhs: SafetyOutput) -> Bool {
        (lhs.alarms, lhs.events, lhs.warnings, lhs.findings, lhs.quality)
            == (rhs.alarms, rhs.events, rhs.warnings, rhs.findings, rhs.quality)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(alarms)
        hasher.combine(events)
        hasher.combine(warnings)
        hasher.combine(findings)
        hasher.combine(quality)
    }
}

/// One vehicle's safety state: its alarms, critical event, early warnings and data-quality checks.
public struct VehicleSafety: Sendable {
    public var alarms: AlarmTracker
    public var event: CriticalEventTracker
    public var warnings: EarlyWarningTracker
    public var quality: QualityChecks
    private var previous: (at: Int64, on: Bool)?
    /// The Beijing day of the last report: its number and text, worked out again only when it changes.
    private var day: (number: Int64, text: String) = (.min, "")

    /// A fresh state for `vin`, resuming what was open.
    public init(
        vin: String, thresholds: WarningThresholds = .standard, openAlarms: [OpenAlarm] = [],
        openEvent: CriticalEvent? = nil, openWarnings: [WarningRule: Int64] = [:]
    ) {
        alarms = AlarmTracker(vin: vin, open: openAlarms)
        event = CriticalEventTracker(vin: vin, open: openEvent)
        warnings = EarlyWarningTracker(vin: vin, thresholds: thresholds, open: openWarnings)
        quality = QualityChecks(vin: vin)
    }

    /// Applies one report, adding what it causes to `output`.
    public mutating func apply(_ sample: SafetySample, into output: inout SafetyOutput) {
        output.alarms += alarms.apply(sample)
        output.events += event.apply(sample)
        output.warnings += warnings.apply(sample)
        let codes = quality.check(sample)
        if !codes.isEmpty {
            output.findings.append(
                FindingRecord(
                    vin: sample.vin, collectedAt: sample.collectedAt, receivedAt: sample.receivedAt, codes: codes))
        }
        let number = (sample.collectedAt / 1_000_000 + 8 * 3600) / 86_400
        if number != day.number { day = (number, QualityIncrement.day(of: sample.collectedAt)) }
        var increment = QualityIncrement(vin: sample.vin, day: day.text, reports: 1)
        increment.validReports =
            codes.contains { code in QualityCode(rawValue: code)?.invalidates ?? true } ? 0 : 1
        for code in codes { increment.findings[code, default: 0] += 1 }
        if let previous, sample.collectedAt > previous.at, previous.on, sample.isOn {
            let interval = sample.collectedAt - previous.at
            increment.intervals = 1
            increment.compliantIntervals = interval <= QualityChecks.maximumPeriod ? 1 : 0
            increment.onTime = interval
            increment.gapTime = max(0, interval - QualityChecks.maximumPeriod)
        }
        if previous.map({ sample.collectedAt > $0.at }) ?? true { previous = (sample.collectedAt, sample.isOn) }
        output.add(increment)
    }

    /// The vehicle went offline at `time`.
    public mutating func expire(at time: Int64, into output: inout SafetyOutput) {
        output.alarms += alarms.expire(at: time)
        output.events += event.expire(at: time)
    }
}

/// Safety state of every vehicle seen, as one pure value: reports in, changes out.
public struct SafetyEngine: Sendable {
    public private(set) var vehicles: [String: VehicleSafety] = [:]
    /// Thresholds per VIN, where they differ from the defaults.
    private let thresholds: @Sendable (String) -> WarningThresholds

    /// An engine with `thresholds` per VIN.
    public init(thresholds: @escaping @Sendable (String) -> WarningThresholds = { _ in .standard }) {
        self.thresholds = thresholds
    }

    /// Resumes a vehicle's state (what the store had open).
    public mutating func resume(_ state: VehicleSafety, vin: String) {
        vehicles[vin] = state
    }

    /// Applies reports in arrival order.
    public mutating func apply(_ samples: some Sequence<SafetySample>) -> SafetyOutput {
        var output = SafetyOutput()
        for sample in samples {
            apply(sample, into: &output)
        }
        return output
    }

    /// Applies one report.
    public mutating func apply(_ sample: SafetySample, into output: inout SafetyOutput) {
        // In place: a copy of the vehicle's state per report would cost more than the rules.
        vehicles[sample.vin, default: VehicleSafety(vin: sample.vin, thresholds: thresholds(sample.vin))]
            .apply(sample, into: &output)
    }

    /// The vehicle went offline.
    public mutating func expire(vin: String, at time: Int64) -> SafetyOutput {
        var output = SafetyOutput()
        vehicles[vin]?.expire(at: time, into: &output)
        return output
    }

    /// Sets each vehicle's warning thresholds (after they changed).
    public mutating func updateThresholds(_ thresholds: (String) -> WarningThresholds) {
        for vin in vehicles.keys { vehicles[vin]?.warnings.thresholds = thresholds(vin) }
    }

    /// Forgets a vehicle (offline with nothing open): keeps the engine's memory bounded by the vehicles online.
    public mutating func forget(vin: String) {
        vehicles[vin] = nil
    }
}
