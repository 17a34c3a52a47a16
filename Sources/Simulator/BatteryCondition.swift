/// An abnormal condition of a vehicle's battery system: the physical cause of its alarms. Alarm flags are never
/// set by hand: `AlarmDiagnosis` reads them off the cells, probes and insulation the condition disturbs, so a
/// report's flags always agree with its values.
public struct BatteryCondition: Sendable, Hashable {
    /// What is wrong.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A blocked cooling channel: one probe runs hot (temperature-difference alarm, level 1 or 2).
        case hotSpot = "hot_spot"
        /// A cell with high self-discharge sits below the others (consistency poor, level 1; under-voltage, 2).
        case weakCell = "weak_cell"
        /// Moisture in a connector: insulation resistance falls (insulation alarm, level 1 or 2).
        case insulationLeak = "insulation_leak"
        /// An internal short: the pack heats up and cools again (high temperature, level 3; in 2025 a thermal
        /// event, level 4, when it gets hot enough).
        case thermalFault = "thermal_fault"

        /// The kinds that raise level 1-2 alarms only.
        public static let mild: [Kind] = [.hotSpot, .weakCell, .insulationLeak]
    }

    /// What is wrong.
    public var kind: Kind
    /// First second (Unix time) it affects the values.
    public var started: Int64
    /// First second it no longer does.
    public var ends: Int64
    /// How bad, 0-1: for mild kinds whether the alarm reaches level 2, for a thermal fault how hot it gets.
    public var severity: Double

    /// Creates a condition.
    public init(kind: Kind, started: Int64, ends: Int64, severity: Double) {
        self.kind = kind
        self.started = started
        self.ends = max(started + 1, ends)
        self.severity = min(1, max(0, severity))
    }

    /// The disturbance at second `time`, which lies in `started..<ends`.
    func disturbance(at time: Int64, packVoltage: Double) -> Disturbance {
        var effect = Disturbance()
        switch kind {
        case .hotSpot:
            effect.hotProbeRise = 11 + severity * 11
        case .weakCell:
            effect.weakCellDrop = 0.22 + severity * 0.5
        case .insulationLeak:
            // 440 down to 60 ohm per volt: below 500 is level 1, below 100 level 2 (see AlarmDiagnosis).
            effect.insulation = packVoltage * (440 - severity * 380) / 1000
        case .thermalFault:
            // Heats at a steady rate to the peak halfway through, then cools at the same rate.
            let peak = 42 + severity * 28
            let half = Double(ends - started) / 2
            let elapsed = Double(time - started)
            effect.packRise = max(0, peak * (1 - abs(elapsed - half) / half))
            effect.hotProbeRise = 8 * effect.packRise / peak
        }
        return effect
    }

    /// How a condition changes the measured values at one second.
    struct Disturbance: Sendable, Hashable {
        /// °C the whole pack is above normal.
        var packRise = 0.0
        /// °C one probe is above the rest.
        var hotProbeRise = 0.0
        /// V one cell is below the rest.
        var weakCellDrop = 0.0
        /// Insulation resistance in kΩ, nil when healthy.
        var insulation: Double?
    }
}
