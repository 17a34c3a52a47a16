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
        /// Thermal runaway (GB 38031's sequence): the pack heats slowly, then fast; one cell's voltage collapses and
        /// insulation fails; level 2, then 3, then in 2025 the level-4 thermal event. In its last quarter the pack is
        /// cooled (suppression), and when it ends the values are healthy again, so every alarm closes.
        case thermalRunaway = "thermal_runaway"

        /// Whether it brings a level-3 alarm: the terminal watches for its onset and the driver stops.
        public var isThermal: Bool { self == .thermalFault || self == .thermalRunaway }

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
        case .thermalRunaway:
            effect = Self.runaway(at: Double(time - started) / Double(ends - started), packVoltage: packVoltage)
        }
        return effect
    }

    /// Thermal runaway at `fraction` (0-1) of its course: the first half self-heating to 30 degC above normal (0.5
    /// degC/s over a 120 s course, under GB 38031's 1 degC/s), the next quarter runaway to 100 degC above normal
    /// with a cell collapsing by 2.5 V and insulation falling to 40 ohm/V, the last quarter cooling back down.
    static func runaway(at fraction: Double, packVoltage: Double) -> Disturbance {
        var effect = Disturbance()
        let runaway = min(1, max(0, (fraction - 0.5) / 0.25))
        if fraction < 0.5 {
            effect.packRise = 30 * fraction / 0.5
        } else if fraction < 0.75 {
            effect.packRise = 30 + 70 * runaway
        } else {
            effect.packRise = 100 * (1 - (fraction - 0.75) / 0.25)
        }
        // The whole pack heats: no single hot probe, so the temperature-difference alarm stays out of it.
        effect.weakCellDrop = 0.1 * min(1, fraction / 0.5) + 2.5 * runaway
        if runaway > 0 { effect.insulation = packVoltage * (440 - 400 * runaway) / 1000 }
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
