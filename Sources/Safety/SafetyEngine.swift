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
}

/// One vehicle's safety state: its alarms, critical event, early warnings and data-quality checks.
public struct VehicleSafety: Sendable {
    public var alarms: AlarmTracker
    public var event: CriticalEventTracker
    public var warnings: EarlyWarningTracker
    public var quality: QualityChecks
    private var previous: SafetySample?

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
        var day = QualityIncrement(vin: sample.vin, day: QualityIncrement.day(of: sample.collectedAt))
        day.reports = 1
        day.validReports = codes.contains { code in QualityCode(rawValue: code)?.invalidates ?? true } ? 0 : 1
        for code in codes { day.findings[code, default: 0] += 1 }
        if let previous, sample.collectedAt > previous.collectedAt {
            if previous.isOn, sample.isOn {
                let interval = sample.collectedAt - previous.collectedAt
                day.intervals = 1
                day.compliantIntervals = interval <= QualityChecks.maximumPeriod ? 1 : 0
                day.onTime = interval
                day.gapTime = max(0, interval - QualityChecks.maximumPeriod)
            }
        }
        if previous.map({ sample.collectedAt > $0.collectedAt }) ?? true { previous = sample }
        output.quality.append(day)
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
        output.quality = QualityIncrement.merged(output.quality)
        return output
    }

    /// Applies one report.
    public mutating func apply(_ sample: SafetySample, into output: inout SafetyOutput) {
        if vehicles[sample.vin] == nil {
            vehicles[sample.vin] = VehicleSafety(vin: sample.vin, thresholds: thresholds(sample.vin))
        }
        vehicles[sample.vin]!.apply(sample, into: &output)
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
