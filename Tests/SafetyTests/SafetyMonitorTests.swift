import Foundation
import GBT32960
import Logging
import Model
import SQLiteStore
import Safety
import Simulator
import Store
import Synchronization
import Testing

/// The monitor on a real store: committed reports in, episodes, events, warnings and quality rows out; a restart
/// continues what was open.
@Suite("Safety monitor")
struct SafetyMonitorTests {
    static func withStore(_ body: (SQLiteStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nevbrain-safety-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("safety.sqlite").path)
        try await store.migrate()
        try await body(store)
        try await store.close()
    }

    /// A stored report row of `message`, received at its collection time.
    static func row(_ message: Message) -> TelemetryRow? {
        guard case .report(let report) = message.body, let seconds = report.time?.unixTime else { return nil }
        return TelemetryRow(
            vin: message.uniqueCode.text, collectedAt: seconds * 1_000_000, receivedAt: seconds * 1_000_000,
            reissue: message.command == .reissueReport, raw: message.encodedBytes())
    }

    /// Collects what the monitor hands on.
    final class Recorder: Sendable {
        let events = Mutex<[LiveEvent]>([])
    }

    @Test("a thermal runaway through the monitor: every episode recorded and closed, one event, quality counted")
    func runaway() async throws {
        try await Self.withStore { store in
            var terminal = VehicleTerminal(
                vehicle: SimulatedVehicle(index: 3, seed: 32960, edition: .gb2025, start: Scenario.start), period: 10)
            var actions = terminal.start() + terminal.advance(to: Scenario.start + 100)
            terminal.stage(
                BatteryCondition(
                    kind: .thermalRunaway, started: Scenario.start + 101, ends: Scenario.start + 221, severity: 1))
            actions += terminal.advance(to: Scenario.start + 400)
            let rows = actions.compactMap { action -> TelemetryRow? in
                guard case .send(let message) = action else { return nil }
                return Self.row(message)
            }
            let recorder = Recorder()
            let monitor = SafetyMonitor(store: store, logger: Logger(label: "test")) { recorded in
                recorder.events.withLock { $0 += recorded.liveEvents }
            }
            // As the writer commits them: batches in arrival order.
            for start in stride(from: 0, to: rows.count, by: 7) {
                try await monitor.process(IngestBatch(reports: Array(rows[start..<min(rows.count, start + 7)])))
            }
            let alarms = try await store.safety.alarms(SafetyQuery(limit: 100))
            #expect(
                Set(alarms.map(\.name)) == [
                    "battery_high_temperature", "cell_under_voltage", "cell_consistency_poor", "insulation",
                    "battery_thermal_event",
                ])
            #expect(alarms.count == 5 && alarms.allSatisfy { $0.status == "closed" })
            #expect(alarms.first { $0.name == "battery_high_temperature" }?.maxLevel == 3)
            let events = try await store.safety.events(SafetyQuery())
            #expect(events.count == 1)
            #expect(events.first?.maxLevel == 4 && events.first?.status == "closed")
            let warnings = try await store.safety.warnings(SafetyQuery())
            #expect(warnings.count == 5 && warnings.allSatisfy { $0.status == "closed" })
            let day = QualityIncrement.day(of: Scenario.micros(Scenario.start))
            let quality = try await store.safety.qualityByVehicle(
                filter: FleetFilter(), from: day, to: day, limit: 10, offset: 0)
            #expect(quality.first?.reports == rows.count)

            let pushed = recorder.events.withLock { $0 }
            #expect(
                pushed.filter { $0.kind == .criticalEvent }.map { $0.safety?.change } == [
                    "opened", "escalated", "closed",
                ])
            #expect(pushed.filter { $0.kind == .alarm && $0.safety?.change == "opened" }.count == 5)
            #expect(pushed.allSatisfy { $0.enterprise == nil }, "an unregistered vehicle: only the province sees it")
        }
    }

    @Test("a restart continues open episodes; going offline makes them stale")
    func restart() async throws {
        try await Self.withStore { store in
            let insulation: UInt32 = 1 << 11
            let raised = (0...2).compactMap { i in
                Self.row(Scenario.fullReport(at: Scenario.start + Int64(i) * 10) { Self.raise(&$0, insulation) })
            }
            let first = SafetyMonitor(store: store, logger: Logger(label: "test"))
            try await first.process(IngestBatch(reports: raised))
            #expect(try await store.safety.alarms(SafetyQuery(status: "open")).count == 1)

            // A new process: the same alarm is still raised, then clears.
            let second = SafetyMonitor(store: store, logger: Logger(label: "test"))
            let still = Self.row(Scenario.fullReport(at: Scenario.start + 30) { Self.raise(&$0, insulation) })!
            let clear = Self.row(Scenario.fullReport(at: Scenario.start + 40))!
            try await second.process(IngestBatch(reports: [still, clear]))
            let alarms = try await store.safety.alarms(SafetyQuery())
            #expect(alarms.count == 1, "not reopened after the restart")
            #expect(alarms.first?.status == "closed" && alarms.first?.openedAt == Scenario.micros(Scenario.start))
            #expect(alarms.first?.closedAt == Scenario.micros(Scenario.start + 40))

            // Raised again, then the vehicle goes offline.
            let again = Self.row(Scenario.fullReport(at: Scenario.start + 50) { Self.raise(&$0, insulation) })!
            try await second.process(IngestBatch(reports: [again]))
            let offline = PresenceChange(
                vin: again.vin, at: Scenario.micros(Scenario.start + 300), online: false, reason: "timeout", session: 1)
            try await second.process(IngestBatch(presence: [offline]))
            let stale = try await store.safety.alarms(SafetyQuery(status: "stale"))
            #expect(stale.count == 1 && stale.first?.closedAt == Scenario.micros(Scenario.start + 300))
        }
    }

    static func raise(_ units: inout [InfoUnit], _ flags: UInt32) {
        units = units.map { unit in
            guard case .alarm(var alarm) = unit else { return unit }
            alarm.maxLevel = 1
            alarm.generalFlags = flags
            return .alarm(alarm)
        }
    }
}
