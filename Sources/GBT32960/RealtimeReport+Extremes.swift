/// The lowest and highest of a report's readings of one kind, sentinels skipped; nil when it has none.
public struct ReadingExtremes: Sendable, Hashable {
    public private(set) var min: Double?
    public private(set) var max: Double?

    /// No readings yet.
    public init() {}

    mutating func add(_ value: Double) {
        min = Swift.min(min ?? value, value)
        max = Swift.max(max ?? value, value)
    }
}

extension RealtimeReport {
    /// Lowest and highest cell voltage (V) in the report's cell voltage lists and, in 2025 frames, its minimum
    /// parallel units' voltages, which stand where 2016 had cells. Read from the raw words, as `cellVoltagesV` would
    /// scale them, without building an array per frame: telemetry and safety monitoring both ask for every report.
    public var cellVoltageExtremes: ReadingExtremes {
        var extremes = ReadingExtremes()
        for unit in units {
            switch unit {
            case .cellVoltages(let c):
                for pack in c.subsystems {
                    for raw in pack.cellVoltages where raw < 0xFFFE { extremes.add(Double(raw) / 1000) }
                }
            case .parallelUnitVoltages(let p):
                for pack in p.packs {
                    for raw in pack.unitVoltages where raw < 0xFFFE { extremes.add(Double(raw) / 1000) }
                }
            default:
                break
            }
        }
        return extremes
    }

    /// Lowest and highest probe temperature (°C) in the report's probe temperature lists.
    public var probeTemperatureExtremes: ReadingExtremes {
        var extremes = ReadingExtremes()
        for case .probeTemperatures(let t) in units {
            for pack in t.subsystems {
                for raw in pack.temperatures where raw < 0xFE { extremes.add(Double(raw) - 40) }
            }
        }
        return extremes
    }
}
