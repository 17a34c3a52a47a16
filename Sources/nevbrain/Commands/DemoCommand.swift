import ArgumentParser
import DemoData
import Foundation
import GBT32960
import Identity
import Logging
import Model
import Simulator
import Store

/// `nevbrain demo`: `serve` on the embedded store under `./nevbrain-data`, with sample data and a
/// fresh admin token printed, so a newcomer sees a working platform in one command.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run the platform on ./nevbrain-data with sample data and print an admin token.")

    @OptionGroup var options: ConfigOptions

    @Option(name: .customLong("http-port"), help: "HTTP API port (default 8080)")
    var httpPort: Int?

    @Option(help: "Simulated vehicles reporting to the demo's gateway every 10 s (0 for none).")
    var fleet = 2000

    @Option(help: "Connectors of the sample charging stations across the 11 cities (0 for none).")
    var sampleConnectors = 20_000

    @Option(help: "Simulated OCPP 1.6J charge points on sample stations, connecting to /ocpp (0 for none).")
    var chargePoints = 20

    func run() async throws {
        var extra: [String: String] = [:]
        extra["http-port"] = httpPort.map(String.init)
        let runtime = try await PlatformRuntime.start(options, extra: extra, migrate: true)
        let configuration = runtime.configuration
        var fleetRun: Task<Void, Never>?
        if fleet > 0, configuration.gatewayEnabled {
            // Connects as soon as the gateway listens (retrying meanwhile) and runs until the demo stops.
            let plan = FleetRunner.Plan(
                host: configuration.gatewayHost == "0.0.0.0" ? "127.0.0.1" : configuration.gatewayHost,
                port: configuration.gatewayPort, vehicles: fleet, period: .seconds(10),
                duration: .seconds(86_400 * 365),
                connectAttempts: 30, incidents: Self.incidents(fleet: fleet))
            fleetRun = Task { _ = await FleetRunner(plan: plan).run() }
        }
        defer { fleetRun?.cancel() }
        let fleetLine =
            fleetRun == nil
            ? "none"
            : "\(fleet) vehicles across the 11 cities, one report each every 10 s; occasional level 1-2 alarms, "
                + "a level-3 fault (1 Hz reports, 30 s pre-fault reissue) about every 15 min, link drops with reissue"
        try await Self.loadSamples(into: runtime.store)
        try await IndustrySample.load(
            into: runtime.store, currentMonth: String(Clock.beijingDate(micros: Clock.nowMicros()).prefix(7)),
            now: Clock.nowMicros())
        let chargingStations =
            sampleConnectors > 0
            ? try await ChargingSamples.load(
                into: runtime.store, connectors: sampleConnectors, at: Clock.nowMicros()
            ).count : 0
        if fleet > 0 { try await Self.registerFleet(fleet, seed: 32960, into: runtime.store) }
        let points = try await DemoChargePoints.register(
            chargePoints, store: runtime.store, hasher: runtime.identity.hasher)
        // They connect once the server listens (retrying every 5 s meanwhile) and run until the demo stops.
        let port = configuration.httpPort
        let pointsRun = points.isEmpty ? nil : Task { await DemoChargePoints.run(points, port: port) }
        defer { pointsRun?.cancel() }
        let issued = try await runtime.identity.createServiceToken(
            role: .province, label: "demo admin", lifetime: 24 * 3600, by: runtime.cliPrincipal)
        try await runtime.serve { host, port in
            let base = "http://\(host):\(port)"
            let gateway =
                configuration.gatewayEnabled
                ? "\(configuration.gatewayHost):\(configuration.gatewayPort) (vehicles and OEM platforms, 2016 ## and 2025 $$)"
                : "gateway off"
            let banner =
                """

                nevbrain demo is running (store: \(runtime.configuration.storeLocation))
                  health     \(base)/healthz
                  readiness  \(base)/readyz
                  metrics    \(base)/metrics
                  API docs   \(base)/openapi.json
                  GB/T 32960 \(gateway)
                  simulated fleet: \(fleetLine)
                  sample charging: \(chargingStations) stations (ids SMP..., names "(样例)"), 80 swap, 30 hydrogen
                  OCPP 1.6J: \(points.count) simulated charge points (DEMO-CP-n) on \(base.replacingOccurrences(of: "http://", with: "ws://"))/ocpp/{id}
                  industry: 25 sample enterprises, supply relations, 24 months of reports (GET /api/v1/targets)
                  admin token (province, 24 h):
                    \(issued.token)
                  try:  curl -H 'Authorization: Bearer \(issued.token)' \(base)/api/v1/fleet/summary
                        curl -H 'Authorization: Bearer \(issued.token)' '\(base)/api/v1/vehicles?online=true&limit=5'
                        curl '\(base)/api/v1/chargers/nearest?lat=30.274&lng=120.155&available=true&dc=true&limit=3'
                        curl -H 'Authorization: Bearer \(issued.token)' \(base)/api/v1/charging/stats
                  live feed (WebSocket): \(base.replacingOccurrences(of: "http://", with: "ws://"))/api/v1/live?access_token=\(issued.token)
                Stop with Ctrl-C.

                """
            // Written straight to the file descriptor so it shows at once even when stdout is a pipe.
            FileHandle.standardOutput.write(Data(banner.utf8))
        }
    }

    /// The demo fleet's incidents: per vehicle a level 1-2 alarm episode every 4 h and a lost link every 6 h on
    /// average, and a level-3 fault somewhere in the fleet about every 15 minutes, so one shows up now and then.
    static func incidents(fleet: Int) -> IncidentRates {
        IncidentRates(alarmEvery: 4 * 3600, level3Every: Double(max(1, fleet)) * 900, dropEvery: 6 * 3600)
    }

    /// Registers the simulated fleet (the simulator's default seed) to the sample vehicle makers, so the registry
    /// lists, the fleet summary and the scoped feeds of city and enterprise users show it. Idempotent.
    static func registerFleet(_ count: Int, seed: UInt64, into store: any PlatformStore) async throws {
        let makers: [EnterpriseID] = ["sample-geely", "sample-leapmotor", "sample-zeekr"]
        let usages: [VehicleUsage] = [.private, .taxi, .rideHailing, .logistics, .bus]
        var records: [VehicleRecord] = []
        for index in 0..<count {
            let vehicle = SimulatedVehicle(index: index, seed: seed)
            guard let vin = VIN(rawValue: vehicle.vin) else { continue }
            records.append(
                VehicleRecord(
                    vin: vin, enterprise: makers[index % makers.count], model: "sample \(vehicle.edition.rawValue)",
                    fuelType: .bev, usage: usages[index % usages.count], city: vehicle.city,
                    createdAt: Clock.nowMicros()))
            if records.count == 10_000 {
                try await store.vehicles.upsert(records)
                records.removeAll(keepingCapacity: true)
            }
        }
        try await store.vehicles.upsert(records)
    }

    /// Sample enterprises across the cities, marked as sample data in their ids. Idempotent.
    static func loadSamples(into store: any PlatformStore) async throws {
        let samples: [(String, String, City)] = [
            ("sample-geely", "吉利控股集团 Geely Holding (sample)", .hangzhou),
            ("sample-leapmotor", "零跑汽车 Leapmotor (sample)", .hangzhou),
            ("sample-zeekr", "极氪 Zeekr (sample)", .ningbo),
            ("sample-vremt", "威睿电动 VREMT (sample)", .ningbo),
            ("sample-tuopu", "拓普集团 Tuopu (sample)", .ningbo),
            ("sample-wanxiang", "万向一二三 Wanxiang A123 (sample)", .hangzhou),
            ("sample-huayou", "华友钴业 Huayou Cobalt (sample)", .jiaxing),
            ("sample-tianneng", "天能集团 Tianneng (sample)", .huzhou),
        ]
        for (id, name, city) in samples {
            guard let enterpriseID = EnterpriseID(rawValue: id) else { continue }
            if try await store.enterprises.find(id: enterpriseID) == nil {
                try await store.enterprises.upsert(
                    EnterpriseRecord(id: enterpriseID, name: name, city: city, createdAt: Clock.nowMicros()))
            }
        }
    }
}
