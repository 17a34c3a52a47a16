import ArgumentParser
import Foundation
import Identity
import Logging
import Model
import SQLiteStore
import Store

/// `nevbrain bench ...`: the benchmarks BENCHMARKS.md reports. Run them on a release build.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks (use a release build: swift run -c release nevbrain bench ...).",
        subcommands: [
            BenchStoreCommand.self, BenchCodecCommand.self, BenchIngestCommand.self, BenchQueryCommand.self,
            BenchConnectionsCommand.self, BenchSafetyCommand.self, BenchFinderCommand.self, BenchOCPPCommand.self,
        ])
}

/// Bulk insert of telemetry-shaped rows (13 columns plus a 334-byte raw frame) into a store.
struct BenchStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Bulk-insert telemetry rows in batches (group commit) and report rows per second.",
        discussion: """
            Without --store, each run uses a fresh SQLite file in a temporary folder. With a postgres:// store,
            rows are added to that database's telemetry table (use a throwaway database).
            """)

    @Option(help: "sqlite:PATH or postgres://... (default: fresh temporary SQLite file per run)") var store: String?
    @Option(help: "Rows per run") var rows = 1_000_000
    @Option(
        name: .customLong("batch"), parsing: .upToNextOption,
        help: "Rows per transaction; several values compare batch sizes")
    var batches: [Int] = [1_000, 10_000]
    @Option(help: "Distinct vehicles interleaved in the stream") var vehicles = 1_000
    @Option(help: "Runs per batch size; the median is reported") var runs = 3
    @Option(
        name: .customLong("baseline-rows"),
        help: "Rows for the baseline: one row per transaction, measured in the same run (0 to skip)")
    var baselineRows = 20_000

    func run() async throws {
        LogSetup.bootstrap(level: "warning")
        var logger = Logger(label: "nevbrain.bench")
        logger.logLevel = .warning
        print(
            "store bench: \(rows) rows per run, \(vehicles) vehicles, \(runs) runs per batch size, store \(store ?? "fresh sqlite")"
        )
        var baseline: Double?
        if baselineRows > 0 {
            baseline = try await medianRate(rows: baselineRows, batch: 1, logger: logger)
        }
        for batch in batches {
            let median = try await medianRate(rows: rows, batch: batch, logger: logger)
            let ratio =
                baseline.map { String(format: " = %.1fx the one-row-per-transaction baseline", median / $0) } ?? ""
            print(String(format: "batch %6d: median %9.0f rows/s over %d runs", batch, median, runs) + ratio)
        }
    }

    /// Inserts `rows` rows in transactions of `batch` rows, `runs` times, each into a fresh store
    /// (or the given one), and returns the median rate.
    private func medianRate(rows: Int, batch: Int, logger: Logger) async throws -> Double {
        var rates: [Double] = []
        for run in 1...runs {
            let (opened, cleanup) = try await openStore(logger: logger)
            try await opened.migrate()
            // Only the inserts are timed: building rows (String formatting of VINs) is the caller's cost, not
            // the store's, and measured about as long as the inserts themselves.
            var elapsed = Duration.zero
            var sent = 0
            var seq = 0
            while sent < rows {
                let n = min(batch, rows - sent)
                var chunk: [TelemetryRow] = []
                chunk.reserveCapacity(n)
                for _ in 0..<n {
                    chunk.append(Self.row(seq, vehicles: vehicles, raw: Self.sampleFrame))
                    seq += 1
                }
                let start = ContinuousClock.now
                try await opened.telemetry.insert(chunk)
                elapsed += ContinuousClock.now - start
                sent += n
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let rate = Double(rows) / seconds
            rates.append(rate)
            print(
                String(format: "  batch %6d  run %d: %9.0f rows/s (%d rows in %.2f s)", batch, run, rate, rows, seconds)
            )
            try await opened.close()
            cleanup()
        }
        return rates.sorted()[rates.count / 2]
    }

    private func openStore(logger: Logger) async throws -> (any PlatformStore, () -> Void) {
        try BenchStore.open(store, logger: logger)
    }

    /// A 334-byte stand-in for frame 2 of the shared test frames (a 2016 realtime report with 104 cells).
    static let sampleFrame: [UInt8] = (0..<334).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }

    static func row(_ seq: Int, vehicles: Int, raw: [UInt8]) -> TelemetryRow {
        let vehicle = seq % vehicles
        let tick = Int64(seq / vehicles)
        let base: Int64 = 1_764_000_000_000_000
        return TelemetryRow(
            vin: "LBENCH" + String(format: "%011d", vehicle), collectedAt: base + tick * 10_000_000,
            receivedAt: base + tick * 10_000_000 + 350_000,
            speedKmh: Double(seq % 1200) / 10, odometerKm: 93266.0 + Double(tick) / 100, socPercent: 50 + seq % 50,
            packVoltage: 341.7,
            packCurrent: 2.5, longitude: 120.15 + Double(vehicle) / 1e4, latitude: 30.28, vehicleState: 1,
            chargeState: 3,
            maxAlarmLevel: 0, raw: raw)
    }
}

/// The store a benchmark runs on: the one given, or a fresh SQLite file in a temporary folder that the returned
/// cleanup removes.
enum BenchStore {
    static func open(_ location: String?, logger: Logger) throws -> (any PlatformStore, () -> Void) {
        if let location {
            return (try StoreOpener.open(location, logger: logger), {})
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "nevbrain-bench-\(UUID().uuidString)")
        let sqlite = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
        return (sqlite, { try? FileManager.default.removeItem(at: directory) })
    }
}
