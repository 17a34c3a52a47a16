import GBT32960

/// What the tests read off a report.
extension Message {
    var report: RealtimeReport? {
        if case .report(let report) = body { return report }
        return nil
    }

    /// Collection time, Unix seconds.
    var seconds: Int64? { report?.time?.unixTime }

    var alarm: AlarmData? {
        for case .alarm(let alarm) in report?.units ?? [] { return alarm }
        return nil
    }

    var alarmLevel: UInt8 { alarm?.maxLevel ?? 0 }

    /// Probe temperatures, wire form (°C + 40).
    var probes: [UInt8] {
        for case .probeTemperatures(let unit) in report?.units ?? [] { return unit.subsystems.flatMap(\.temperatures) }
        return []
    }

    /// Cell voltages in mV, either edition.
    var cells: [UInt16] {
        for unit in report?.units ?? [] {
            switch unit {
            case .cellVoltages(let data): return data.subsystems.flatMap(\.cellVoltages)
            case .parallelUnitVoltages(let data): return data.packs.flatMap(\.unitVoltages)
            default: continue
            }
        }
        return []
    }

    /// The report's command changed, as a reissue of it would be sent.
    func with(_ command: Command) -> Message {
        var copy = self
        copy.command = command
        return copy
    }
}
