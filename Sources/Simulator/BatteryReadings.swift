/// The battery values of one report: cell voltages, probe temperatures and insulation, as the BMS measured them.
/// Derived from a snapshot and the vehicle's seed alone, so the same second always reads the same.
public struct BatteryReadings: Sendable, Hashable {
    /// Cell voltages in mV (the wire unit, 0.001 V).
    public var cells: [UInt16]
    /// Probe temperatures in the wire form, °C + 40.
    public var probes: [UInt8]
    /// Insulation resistance, kΩ.
    public var insulation: UInt16

    /// Pack voltage in 0.1 V (the wire unit): the sum of the cells.
    public var packVoltage: UInt16 { UInt16(clamping: cells.reduce(0) { $0 + Int($1) } / 100) }
    /// °C of the hottest and coldest probe.
    public var temperatureRange: (min: Int, max: Int) {
        (Int(probes.min() ?? 40) - 40, Int(probes.max() ?? 40) - 40)
    }
    /// V of the highest and lowest cell.
    public var cellRange: (min: Double, max: Double) {
        (Double(cells.min() ?? 0) / 1000, Double(cells.max() ?? 0) / 1000)
    }

    /// Index of the cell a weak-cell condition pulls down and of the probe a hot spot heats.
    static func weakCell(of count: Int) -> Int { count / 3 }
    static func hotProbe(of count: Int) -> Int { count / 2 }

    /// The readings of `snapshot` for a pack of `cellCount` cells and `probeCount` probes.
    init(_ snapshot: VehicleSnapshot, cellCount: Int, probeCount: Int, seed: UInt64) {
        // Each cell and probe has its own steady offset (fixed by the seed) and a little jitter per second, so that
        // values move smoothly and a threshold is crossed once, not back and forth from one second to the next.
        var fixed = SplitMix64(seed: seed)
        var jitter = SplitMix64(seed: seed ^ UInt64(bitPattern: snapshot.time) &* 0xD6E8_FEB8_6659_FD93)
        let effect = snapshot.disturbance
        let cellBase = 3.0 + snapshot.soc / 100 * 1.15
        let weak = Self.weakCell(of: cellCount)
        cells = (0..<cellCount).map { index in
            let offset = fixed.unit(-0.006, 0.006) + jitter.unit(-0.002, 0.002)
            let volts = cellBase + offset - (index == weak ? effect.weakCellDrop : 0)
            return UInt16(clamping: Int((volts * 1000).rounded()))
        }
        // Healthy probes stay within 4 °C of each other, well inside the temperature-difference threshold.
        let ambient = 25.0 + effect.packRise
        let hot = Self.hotProbe(of: probeCount)
        probes = (0..<probeCount).map { index in
            let offset = fixed.unit(0, 3.5) + jitter.unit(0, 0.5)
            let celsius = ambient + offset + (index == hot ? effect.hotProbeRise : 0)
            return UInt8(clamping: Int(celsius + 40))
        }
        insulation = UInt16(clamping: Int((effect.insulation ?? 5000).rounded()))
    }
}
