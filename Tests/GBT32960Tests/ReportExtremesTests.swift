import GBT32960
import Testing

/// The extremes telemetry and safety monitoring take from a report's cell, parallel-unit and probe lists.
@Suite("Report extremes")
struct ReportExtremesTests {
    @Test("cells and 2025 parallel units together, probes apart, sentinels skipped; none without lists")
    func extremes() {
        let cells = CellVoltageData(subsystems: [
            SubsystemCellVoltages(
                subsystem: 1, voltage: 3500, current: 10_000, totalCells: 4, startCell: 1,
                cellVoltages: [3_100, 0xFFFE, 0xFFFF, 3_300])
        ])
        let units = ParallelUnitVoltageData(packs: [
            PackUnitVoltages(pack: 1, voltage: 3500, current: 10_000, unitVoltages: [3_050, 0xFFFE]),
            PackUnitVoltages(pack: 2, voltage: 3500, current: 10_000, unitVoltages: [3_450]),
        ])
        let probes = ProbeTemperatureData(subsystems: [
            ProbeTemperatures(subsystem: 1, temperatures: [0, 0xFE, 0xFF]),
            ProbeTemperatures(subsystem: 2, temperatures: [95]),
        ])
        let report = RealtimeReport(
            time: nil, units: [.cellVoltages(cells), .probeTemperatures(probes), .parallelUnitVoltages(units)])
        #expect(report.cellVoltageExtremes.min == 3.05 && report.cellVoltageExtremes.max == 3.45)
        #expect(report.probeTemperatureExtremes.min == -40 && report.probeTemperatureExtremes.max == 55)

        let sentinelsOnly = RealtimeReport(
            time: nil,
            units: [
                .probeTemperatures(
                    ProbeTemperatureData(subsystems: [ProbeTemperatures(subsystem: 1, temperatures: [0xFE])]))
            ])
        #expect(sentinelsOnly.probeTemperatureExtremes == ReadingExtremes())
        #expect(sentinelsOnly.cellVoltageExtremes.max == nil)
    }
}
