import ArgumentParser
import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import NIOPosix
import PostgresStore
import SQLiteStore
import ServiceLifecycle
import Store
import WebAPI

/// `nevbrain bench query`: the API's answer times over HTTP with a provincial fleet's worth of data: the
/// registry of `--vehicles` vehicles (each with a latest state, about half online), background telemetry of
/// other vehicles, and one vehicle's full day (8,640 reports, one every 10 s). Each request is timed from the
/// first byte written to the last byte read, on one kept-alive connection, by the real server in this process.
struct BenchQueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "API query latency with 100,000 vehicles and a day of one vehicle's data (median and p99).",
        discussion: """
            Without --store, a fresh SQLite file in a temporary folder; with postgres://..., a throwaway database.
            Targets (issue 4): a vehicle list page under 50 ms; one vehicle's day (8,640 frames) under 100 ms.
            """)

    @Option(help: "sqlite:PATH or postgres://... (default: fresh temporary SQLite file)") var store: String?
    @Option(help: "Registered vehicles") var vehicles = 100_000
    @Option(name: .customLong("background-rows"), help: "Telemetry rows of other vehicles") var backgroundRows =
        1_000_000
    @Option(help: "Requests per query; median and p99 are reported") var requests = 50

    func run() async throws {
        LogSetup.bootstrap(level: "warning")
        var logger = Logger(label: "nevbrain.bench.query")
        logger.logLevel = .warning
        let (store, cleanup) = try await openStore(logger: logger)
        defer { cleanup() }
        try await store.migrate()
        print("query bench: \(vehicles) vehicles, \(backgroundRows) background rows, \(requests) requests per query")
        let setupStart = ContinuousClock.now
        let subject = try await seed(store)
        if let postgres = store as? PostgresStore {
            // Fresh bulk-loaded tables have no statistics until autovacuum gets to them; plan with real ones.
            _ = try await postgres.executeForTesting(unsafeSQL: "ANALYZE")
        }
        print(String(format: "  seeded in %.1f s", (ContinuousClock.now - setupStart).seconds))

        let identity = IdentityService(store: store, hasher: PasswordHasher(cost: 4))
        let token = try await identity.createServiceToken(
            role: .province, label: "bench", lifetime: 3600, by: .system("bench")
        ).token
        let cityToken = try await identity.createServiceToken(
            role: .city, city: .ningbo, label: "bench", lifetime: 3600, by: .system("bench")
        ).token
        let services = PlatformServices(
            store: store, identity: identity, metrics: PlatformMetrics.registry, version: NevBrain.version)
        var configuration = PlatformConfiguration()
        configuration.httpPort = 0
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = try PlatformAPI.application(configuration: configuration, services: services, logger: logger) {
            _, port in
            portContinuation.yield(port)
        }
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let serving = Task { try await group.run() }
        var ports = portStream.makeAsyncIterator()
        guard let port = await ports.next() else { throw ValidationError("the HTTP server did not start") }

        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            let day = "from=2026-07-07T00:00:00%2B08:00&to=2026-07-08T00:00:00%2B08:00"
            let queries: [(String, String, String)] = [
                ("vehicle list, first page of 100", "/api/v1/vehicles?limit=100", token),
                ("vehicle list, page at offset 50,000", "/api/v1/vehicles?limit=100&offset=50000", token),
                ("vehicle list, city user, online only", "/api/v1/vehicles?limit=100&online=true", cityToken),
                ("one vehicle's latest state", "/api/v1/vehicles/\(subject)/state", token),
                ("one vehicle's day, 8,640 reports", "/api/v1/vehicles/\(subject)/telemetry?\(day)", token),
                (
                    "one vehicle's day, downsampled to 1 min", "/api/v1/vehicles/\(subject)/telemetry?\(day)&every=60",
                    token
                ),
                ("one vehicle's day as a GeoJSON track", "/api/v1/vehicles/\(subject)/track?\(day)", token),
                ("fleet summary, province", "/api/v1/fleet/summary", token),
            ]
            for (name, path, bearer) in queries {
                var times: [Double] = []
                var bytes = 0
                for _ in 0..<requests {
                    let start = ContinuousClock.now
                    let (status, body) = try await HTTPProbe.get(path, token: bearer, from: &replies, to: outbound)
                    times.append((ContinuousClock.now - start).seconds * 1000)
                    guard status == 200 else { throw ValidationError("\(path) answered \(status)") }
                    bytes = body
                }
                times.sort()
                let p99 = times[min(times.count - 1, Int((Double(times.count) * 0.99).rounded(.up)) - 1)]
                let label = "  " + name.padding(toLength: 42, withPad: " ", startingAt: 0)
                print(
                    label
                        + String(
                            format: "median %7.1f ms  p99 %7.1f ms  (%d bytes)", times[times.count / 2], p99, bytes))
            }
        }
        await group.triggerGracefulShutdown()
        _ = try? await serving.value
        try await store.close()
    }

    /// Registers the fleet with latest states, writes the background rows and the subject's day; returns the
    /// subject's VIN.
    private func seed(_ store: any PlatformStore) async throws -> String {
        let enterprises: [EnterpriseID] = ["bench-geely", "bench-zeekr", "bench-leapmotor", "bench-byd"]
        for (i, id) in enterprises.enumerated() {
            try await store.enterprises.upsert(
                EnterpriseRecord(id: id, name: id.rawValue, city: City.allCases[i], createdAt: 1))
        }
        let base: Int64 = 1_783_353_600 * 1_000_000  // 2026-07-07T00:00:00+08:00
        let second: Int64 = 1_000_000
        func vin(_ i: Int) -> String { "LBXRY" + String(format: "%012d", i) }
        var records: [VehicleRecord] = []
        var batch = IngestBatch()
        for i in 0..<vehicles {
            guard let id = VIN(rawValue: vin(i)) else { throw ValidationError("bad bench VIN \(vin(i))") }
            records.append(
                VehicleRecord(
                    vin: id, enterprise: enterprises[i % enterprises.count], model: "bench",
                    fuelType: FuelType.allCases[i % FuelType.allCases.count],
                    usage: VehicleUsage.allCases[i % VehicleUsage.allCases.count],
                    city: City.allCases[i % City.allCases.count], createdAt: 1))
            batch.reports.append(Self.row(vin(i), at: base + Int64(i % 86_400) * second, i: i))
            if i % 2 == 0 {
                batch.presence.append(PresenceChange(vin: vin(i), at: base, online: true, reason: "login", session: 1))
            }
            if records.count == 10_000 {
                try await store.vehicles.upsert(records)
                try await store.telemetry.ingest(batch)
                records.removeAll(keepingCapacity: true)
                batch = IngestBatch()
            }
        }
        try await store.vehicles.upsert(records)
        try await store.telemetry.ingest(batch)

        var rows: [TelemetryRow] = []
        for n in 0..<backgroundRows {
            rows.append(Self.row(vin(1 + n % max(1, vehicles - 1)), at: base + Int64(n / vehicles) * 10 * second, i: n))
            if rows.count == 10_000 {
                try await store.telemetry.ingest(IngestBatch(reports: rows))
                rows.removeAll(keepingCapacity: true)
            }
        }
        let subject = vin(0)
        for n in 0..<8_640 {
            rows.append(Self.row(subject, at: base + Int64(n) * 10 * second, i: n))
            if rows.count == 10_000 {
                try await store.telemetry.ingest(IngestBatch(reports: rows))
                rows.removeAll(keepingCapacity: true)
            }
        }
        try await store.telemetry.ingest(IngestBatch(reports: rows))
        return subject
    }

    static func row(_ vin: String, at: Int64, i: Int) -> TelemetryRow {
        TelemetryRow(
            vin: vin, collectedAt: at, receivedAt: at + 300_000, speedKmh: Double(i % 900) / 10,
            odometerKm: 10_000 + Double(i) / 100, socPercent: 20 + i % 80, packVoltage: 341.7, packCurrent: 12.5,
            longitude: 120.15 + Double(i % 1000) / 10_000, latitude: 30.28 + Double(i % 700) / 10_000,
            vehicleState: 1, chargeState: i % 7 == 0 ? 1 : 3, maxAlarmLevel: i % 97 == 0 ? 1 : 0, maxCellVoltage: 3.9,
            minCellVoltage: 3.85, maxTemperature: 31, minTemperature: 28, raw: BenchStoreCommand.sampleFrame)
    }

    private func openStore(logger: Logger) async throws -> (any PlatformStore, () -> Void) {
        try BenchStore.open(store, logger: logger)
    }
}

/// A minimal HTTP/1.1 client on one kept-alive connection: enough to time GETs against our own server, which
/// always answers with a Content-Length.
private enum HTTPProbe {
    /// Status code and body length of one GET.
    static func get(
        _ path: String, token: String, from replies: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws -> (Int, Int) {
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n"
        try await outbound.write(ByteBuffer(string: request))
        var received: [UInt8] = []
        while let chunk = try await replies.next() {
            received += chunk.readableBytesView
            guard let end = headerEnd(received) else { continue }
            let head = String(decoding: received[..<end], as: UTF8.self)
            let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
            let length =
                head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            if received.count - (end + 4) >= length { return (status, length) }
        }
        throw ValidationError("the server closed the connection")
    }

    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4)
        where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }
}
