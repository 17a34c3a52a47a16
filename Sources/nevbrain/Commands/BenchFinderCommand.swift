import ArgumentParser
import Charging
import Foundation
import Logging
import Model
import PostgresStore
import Simulator
import Store

/// Nearest-charger queries against the indexed finders of both stores and a brute-force scan, in one run.
struct BenchFinderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finder",
        abstract: "Nearest-charger query latency over ~100,000 connectors: SQLite, PostgreSQL and brute force.",
        discussion: """
            Loads the deterministic sample stations (until --connectors connectors) into a fresh SQLite file and, with
            --postgres, into that database (use a throwaway one), then times --queries nearest queries around the
            11 city centres: points in WGS-84 and GCJ-02 alternately, radius 2-20 km, 10 results, and a random mix of
            the filters. The brute-force baseline scans the same stations in memory. Every store answer is checked
            against brute force.
            """)

    @Option(help: "Connectors to load") var connectors = 100_000
    @Option(help: "Timed queries per store") var queries = 5_000
    @Option(help: "Queries for the brute-force baseline") var baselineQueries = 300
    @Option(help: "A postgres:// URL of a throwaway database to run on as well") var postgres: String?
    @Option(help: "Write every timed query (store, index, milliseconds, results, filters) to this CSV file")
    var latencies: String?

    func run() async throws {
        LogSetup.bootstrap(level: "warning")
        var logger = Logger(label: "nevbrain.bench")
        logger.logLevel = .warning
        let now = Clock.nowMicros()
        let stations = ChargingSamples.stations(connectors: connectors, at: now)
        let connectorCount = stations.reduce(0) { $0 + $1.connectors.count }
        print("finder bench: \(stations.count) stations, \(connectorCount) connectors, \(queries) queries per store")
        let workload = Self.queries(count: queries, at: now)
        var csv = "store,query,ms,results,radius_m,available,dc,min_power,operator,free_parking\n"
        var targets: [(String, any PlatformStore, () -> Void)] = []
        let (sqlite, cleanup) = try BenchStore.open(nil, logger: logger)
        targets.append(("sqlite", sqlite, cleanup))
        if let postgres { targets.append(("postgres", try StoreOpener.open(postgres, logger: logger), {})) }
        for (name, store, cleanup) in targets {
            try await store.migrate()
            let start = ContinuousClock.now
            try await store.charging.upsertOperators(ChargingSamples.operators)
            for chunk in stride(from: 0, to: stations.count, by: 2000) {
                try await store.charging.importStations(Array(stations[chunk..<min(stations.count, chunk + 2000)]))
            }
            let changes = stations.flatMap(\.connectors).map {
                ConnectorStatusChange(connectorID: $0.id, status: $0.status, at: now)
            }
            for chunk in stride(from: 0, to: changes.count, by: 20_000) {
                _ = try await store.charging.updateConnectorStatuses(
                    Array(changes[chunk..<min(changes.count, chunk + 20_000)]))
            }
            if let postgres = store as? PostgresStore {
                // The load leaves every connector row updated once (its live status) and the tables without
                // statistics; time the finder as autovacuum leaves them in service, not in the minute after a bulk
                // load.
                _ = try await postgres.executeForTesting(unsafeSQL: "VACUUM ANALYZE")
            }
            print("\(name): loaded in \(Self.seconds(ContinuousClock.now - start)) s")
            for query in workload.prefix(200) { _ = try await store.charging.nearest(query) }  // warm-up
            var latencies: [Double] = []
            var mismatches = 0
            var found = 0
            for (index, query) in workload.enumerated() {
                let begin = ContinuousClock.now
                let result = try await store.charging.nearest(query)
                latencies.append(Self.milliseconds(ContinuousClock.now - begin))
                found += result.count
                if self.latencies != nil { csv += Self.row(name, index, latencies[index], result.count, query) }
                if index % 10 == 0,
                    result.map(\.station.id) != ChargerFinder.nearest(query, in: stations).map(\.station.id)
                {
                    mismatches += 1
                }
            }
            print(
                "\(name): \(Self.summary(latencies)); \(String(format: "%.1f", Double(found) / Double(queries))) stations per answer; \(mismatches) of \(queries / 10) checked answers differ from brute force"
            )
            try await store.close()
            cleanup()
        }
        var baseline: [Double] = []
        for query in workload.prefix(baselineQueries) {
            let begin = ContinuousClock.now
            _ = ChargerFinder.nearest(query, in: stations)
            baseline.append(Self.milliseconds(ContinuousClock.now - begin))
        }
        print("brute force in memory: \(Self.summary(baseline)) (\(baseline.count) queries)")
        if let path = self.latencies { try csv.write(toFile: path, atomically: true, encoding: .utf8) }
    }

    /// One timed query as a CSV line, to find which queries make the tail.
    static func row(_ store: String, _ index: Int, _ ms: Double, _ results: Int, _ q: NearestQuery) -> String {
        let f = q.filter
        let fields: [String] = [
            store, "\(index)", String(format: "%.3f", ms), "\(results)", String(format: "%.0f", q.radiusMetres),
            "\(f.availableNow)", "\(f.dcOnly)", f.minPowerKW.map { "\($0)" } ?? "", f.operatorID?.rawValue ?? "",
            "\(f.freeParking)",
        ]
        return fields.joined(separator: ",") + "\n"
    }

    /// Points around the city centres, alternately in WGS-84 and GCJ-02, with mixed filters.
    static func queries(count: Int, at: Int64) -> [NearestQuery] {
        var random = SplitMix64(seed: 4242)
        return (0..<count).map { index in
            let (_, point) = ChargingSamples.place(&random)
            let datum: CoordinateSystem = index % 2 == 0 ? .wgs84 : .gcj02
            let filter = ChargerFilter(
                availableNow: random.next() % 2 == 0, dcOnly: random.next() % 3 == 0,
                minPowerKW: random.next() % 4 == 0 ? 60 : nil,
                operatorID: random.next() % 5 == 0 ? ChargingSamples.operators[Int(random.next() % 4)].id : nil,
                freeParking: random.next() % 6 == 0)
            return NearestQuery(
                point: datum == .wgs84 ? point : point.wgs84ToGCJ02, datum: datum,
                radiusMetres: random.unit(2_000, 20_000), limit: 10, filter: filter, at: at)
        }
    }

    static func summary(_ latencies: [Double]) -> String {
        let sorted = latencies.sorted()
        let median = sorted[sorted.count / 2]
        let p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
        return String(format: "median %.3f ms, p99 %.3f ms, max %.3f ms", median, p99, sorted.last ?? 0)
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func seconds(_ d: Duration) -> String { String(format: "%.1f", milliseconds(d) / 1000) }
}
