import ArgumentParser
import Foundation
import GBT32960
import Logging
import Model
import Safety
import Simulator
import Store

/// Rule evaluation against the ingest rate: how many stored reports per second safety monitoring handles.
struct BenchSafetyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safety",
        abstract: "Safety monitoring throughput: decode + alarm lifecycle + early warning + data quality per report.",
        discussion: """
            A simulated fleet (both editions, alarms and level-3 faults switched on) reports for a while; the reports,
            as the gateway stores them, are then run through: the frame decode alone (the baseline), decode plus the
            rules (SafetyEngine), and the whole monitor into a fresh SQLite store (rules plus recording alarms,
            warnings, findings and day counts), in batches like the gateway's writer commits.
            """)

    @Option(help: "Vehicles in the fleet") var vehicles = 2_000
    @Option(help: "Simulated seconds of reporting (every 10 s, 1 Hz during level-3 faults)") var seconds = 1_200
    @Option(help: "Runs; the median is reported") var runs = 5
    @Option(help: "Reports per monitor batch") var batch = 10_000

    func run() async throws {
        let rows = Self.fleetReports(vehicles: vehicles, seconds: Int64(seconds))
        print("reports: \(rows.count) from \(vehicles) vehicles over \(seconds) s")
        var decodeRates: [Double] = []
        var ruleRates: [Double] = []
        var monitorRates: [Double] = []
        var produced = SafetyOutput()
        for _ in 0..<runs {
            decodeRates.append(
                Self.rate(rows.count) {
                    var decoded = 0
                    for row in rows where (try? Message.decode(bytes: row.raw)) != nil { decoded += 1 }
                    precondition(decoded == rows.count)
                })
            ruleRates.append(
                Self.rate(rows.count) {
                    var engine = SafetyEngine()
                    produced = engine.apply(rows.compactMap(SafetySample.init(stored:)))
                })
            monitorRates.append(try await monitorRate(rows))
        }
        let decode = median(decodeRates)
        let rules = median(ruleRates)
        let monitor = median(monitorRates)
        print(
            "changes per run: \(produced.alarms.count) alarm, \(produced.events.count) critical-event, "
                + "\(produced.warnings.count) warning; \(produced.findings.count) reports with findings")
        print("decode only (baseline):        \(Self.format(decode)) reports/s")
        print(
            "decode + rules (SafetyEngine): \(Self.format(rules)) reports/s (\(String(format: "%.2f", rules / decode))x the baseline)"
        )
        print("monitor into SQLite:           \(Self.format(monitor)) reports/s")
    }

    /// The monitor, end to end, into a fresh SQLite file.
    private func monitorRate(_ rows: [TelemetryRow]) async throws -> Double {
        let (store, cleanUp) = try BenchStore.open(nil, logger: Logger(label: "bench"))
        defer { cleanUp() }
        try await store.migrate()
        let monitor = SafetyMonitor(store: store, logger: Logger(label: "bench"))
        let start = DispatchTime.now().uptimeNanoseconds
        for first in stride(from: 0, to: rows.count, by: batch) {
            try await monitor.process(IngestBatch(reports: Array(rows[first..<min(rows.count, first + batch)])))
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try await store.close()
        return Double(rows.count) / elapsed
    }

    /// The reports a fleet sends, in send order, as stored rows.
    static func fleetReports(vehicles: Int, seconds: Int64) -> [TelemetryRow] {
        let start: Int64 = 1_795_570_200
        let rates = IncidentRates(alarmEvery: 1_800, level3Every: 7_200)
        var rows: [TelemetryRow] = []
        for index in 0..<vehicles {
            var terminal = VehicleTerminal(
                vehicle: SimulatedVehicle(index: index, seed: 32960, start: start, incidents: rates), period: 10,
                phase: Int64(index % 10), rates: rates)
            for case .send(let message) in terminal.start() + terminal.advance(to: start + seconds) {
                guard case .report(let report) = message.body, let time = report.time?.unixTime else { continue }
                rows.append(
                    TelemetryRow(
                        vin: message.uniqueCode.text, collectedAt: time * 1_000_000, receivedAt: time * 1_000_000,
                        reissue: message.command == .reissueReport, raw: message.encodedBytes()))
            }
        }
        // Interleaved by receive time, as a gateway sees a fleet.
        return rows.sorted { $0.receivedAt < $1.receivedAt }
    }

    private static func rate(_ count: Int, _ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(count) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    private static func format(_ rate: Double) -> String {
        let rounded = Int((rate / 1000).rounded()) * 1000
        return rounded.formatted(.number.grouping(.automatic))
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
