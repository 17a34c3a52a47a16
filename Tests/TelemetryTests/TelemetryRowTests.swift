import GBT32960
import Model
import Telemetry
import Testing

/// What the telemetry table stores of a report: scaled values, sentinels as nil, WGS-84 positions.
@Suite("Telemetry row from a report")
struct TelemetryRowTests {
    @Test(
        "frame #2 (2016 production realtime): the values its source states",
        .enabled(if: SharedFrames.available, SharedFrames.missing))
    func frame2() throws {
        let hex = try #require(SharedFrames.hex[2])
        let message = try Message.decode(hex: hex)
        let raw = message.encodedBytes()
        let row = try #require(TelemetryRow(report: message, raw: raw, receivedAt: 42))
        #expect(row.vin == "H3V21AA24RZ016158")
        // 2026-07-07 06:55:04 Beijing time is 2026-07-06T22:55:04Z.
        #expect(row.collectedAt == 1_783_378_504 * 1_000_000)
        #expect(row.receivedAt == 42)
        #expect(!row.reissue)
        #expect(row.speedKmh == 4.8)
        #expect(row.odometerKm == 93266.0)
        #expect(row.packVoltage == 341.7)
        #expect(row.packCurrent == 2.5)
        #expect(row.socPercent == 50)
        #expect(row.longitude == 114.366778)
        #expect(row.latitude == 30.591045)
        #expect(row.vehicleState == 1)
        #expect(row.chargeState == 3)
        #expect(row.maxAlarmLevel == 0)
        #expect(row.raw == raw)
    }

    @Test(
        "frame #4 (2025 production reissue): flagged as reissue, alarm level 3",
        .enabled(if: SharedFrames.available, SharedFrames.missing))
    func frame4() throws {
        let message = try Message.decode(hex: try #require(SharedFrames.hex[4]))
        let row = try #require(TelemetryRow(report: message, raw: [], receivedAt: 0))
        #expect(row.reissue)
        #expect(row.maxAlarmLevel == 3)
        #expect(row.socPercent == 57)
        #expect(row.longitude == 109.365088)
        // 2025 has no extrema unit: the highest and lowest come from the parallel-unit voltages.
        var units: [UInt16] = []
        if case .report(let report) = message.body {
            for case .parallelUnitVoltages(let data) in report.units {
                units += data.packs.flatMap { Array($0.unitVoltages) }
            }
        }
        #expect(!units.isEmpty)
        #expect(row.maxCellVoltage == units.max().map { Double($0) / 1000 })
        #expect(row.minCellVoltage == units.min().map { Double($0) / 1000 })
    }

    @Test(
        "frame #40: an invalid GNSS fix stores no position", .enabled(if: SharedFrames.available, SharedFrames.missing))
    func invalidFix() throws {
        let message = try Message.decode(hex: try #require(SharedFrames.hex[40]))
        let row = try #require(TelemetryRow(report: message, raw: [], receivedAt: 0))
        #expect(row.longitude == nil && row.latitude == nil)
        #expect(row.packVoltage == 713.8)
    }

    static let time = CollectionTime(year: 26, month: 11, day: 25, hour: 8, minute: 0, second: 0)

    static func report(_ units: [InfoUnit], edition: Edition = .gb2025) -> Message {
        Message(
            edition: edition, command: .realtimeReport,
            uniqueCode: UniqueCode(paddingWithNUL: "LGXCE6CB0R0000001") ?? .zero,
            body: .report(RealtimeReport(time: time, units: units)))
    }

    @Test("a 2025 GCJ-02 position is stored in WGS-84")
    func gcj02() throws {
        let wgs = GeoPoint(longitude: 120.1551, latitude: 30.2741)
        let gcj = wgs.wgs84ToGCJ02
        let position = PositionData(
            status: 0, coordinateSystem: 2, longitude: UInt32((gcj.longitude * 1e6).rounded()),
            latitude: UInt32((gcj.latitude * 1e6).rounded()))
        let row = try #require(TelemetryRow(report: Self.report([.position(position)]), raw: [], receivedAt: 0))
        let stored = GeoPoint(longitude: try #require(row.longitude), latitude: try #require(row.latitude))
        // Within the 1e-6 degree (about 0.1 m) resolution of the wire format.
        #expect(stored.distance(to: wgs) < 0.2)
    }

    @Test("sentinels are stored as nil, never as numbers")
    func sentinels() throws {
        let vehicle = VehicleData(
            edition: .gb2025, vehicleState: 0xFE, chargingState: 0xFF, runningMode: 1, speed: 0xFFFF,
            odometer: 0xFFFF_FFFE, totalVoltage: 0xFFFE, totalCurrent: 0xFFFF, soc: 0xFE, dcdcState: 1, gear: 0,
            insulationResistance: 0xFFFF)
        let alarm = AlarmData(maxLevel: 0xFF, generalFlags: 0, generalAlarmLevels: [])
        let row = try #require(
            TelemetryRow(report: Self.report([.vehicle(vehicle), .alarm(alarm)]), raw: [], receivedAt: 0))
        #expect(row.speedKmh == nil && row.odometerKm == nil && row.packVoltage == nil && row.packCurrent == nil)
        #expect(row.socPercent == nil && row.vehicleState == nil && row.chargeState == nil && row.maxAlarmLevel == nil)
    }

    @Test("2016 extremes: the extrema unit where valid, the cell and probe lists for each value it lacks")
    func extremaFallback() throws {
        // The lists disagree with the extrema unit on purpose, so the test sees which one each value came from.
        let cells = CellVoltageData(subsystems: [
            SubsystemCellVoltages(
                subsystem: 1, voltage: 3500, current: 10_000, totalCells: 3, startCell: 1,
                cellVoltages: [3_100, 0xFFFE, 3_300])
        ])
        let probes = ProbeTemperatureData(subsystems: [ProbeTemperatures(subsystem: 1, temperatures: [60, 0xFE, 70])])
        func extrema(maxCell: UInt16, minTemperature: UInt8) -> ExtremaData {
            ExtremaData(
                maxVoltageSubsystem: 1, maxVoltageCell: 1, maxCellVoltage: maxCell, minVoltageSubsystem: 1,
                minVoltageCell: 2, minCellVoltage: 3_000, maxTemperatureSubsystem: 1, maxTemperatureProbe: 1,
                maxTemperature: 90, minTemperatureSubsystem: 1, minTemperatureProbe: 2, minTemperature: minTemperature)
        }
        func row(_ extrema: ExtremaData) throws -> TelemetryRow {
            let units: [InfoUnit] = [.extrema(extrema), .cellVoltages(cells), .probeTemperatures(probes)]
            return try #require(
                TelemetryRow(report: Self.report(units, edition: .gb2016), raw: [], receivedAt: 0))
        }

        let valid = try row(extrema(maxCell: 4_000, minTemperature: 45))
        #expect(valid.maxCellVoltage == 4.0 && valid.minCellVoltage == 3.0)
        #expect(valid.maxTemperature == 50 && valid.minTemperature == 5)

        // Sentinels in the extrema unit: those two values come from the lists (sentinels there skipped too).
        let lacking = try row(extrema(maxCell: 0xFFFE, minTemperature: 0xFF))
        #expect(lacking.maxCellVoltage == 3.3 && lacking.minCellVoltage == 3.0)
        #expect(lacking.maxTemperature == 50 && lacking.minTemperature == 20)
    }

    @Test("other messages, and reports without a valid time, make no row")
    func noRow() {
        let heartbeat = Message(edition: .gb2016, command: .heartbeat, uniqueCode: .zero, body: .empty)
        #expect(TelemetryRow(report: heartbeat, raw: [], receivedAt: 0) == nil)
        let untimed = Message(
            edition: .gb2016, command: .realtimeReport, uniqueCode: .zero,
            body: .report(RealtimeReport(time: nil, units: [])))
        #expect(TelemetryRow(report: untimed, raw: [], receivedAt: 0) == nil)
    }
}
