import Foundation
import GBT32960
import Model
import SQLiteStore
import Simulator
import Store
import Testing

/// The simulator against a real gateway on loopback writing into SQLite, in simulated time running 100-150 times
/// faster than the wall clock.
@Suite("Simulator against a real gateway")
struct SimulatorLoopbackTests {
    static let start = VehicleTerminalTests.start
    static let geely: EnterpriseID = "sample-geely"
    static let other: EnterpriseID = "sample-leapmotor"

    static func ownership(_ indices: Range<Int>, _ enterprise: EnterpriseID) throws -> [VehicleOwnership] {
        try indices.map {
            VehicleOwnership(vin: try VIN(parsing: SimulatedVehicle.vin(index: $0)), enterprise: enterprise)
        }
    }

    /// Each VIN's frames as sent and as archived by the gateway must be the same multiset of byte strings.
    static func expectStored(
        _ sent: [Message], vins: [String], in harness: GatewayHarness, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        for vin in vins {
            let expected = sent.filter { $0.uniqueCode.text == vin }.map { $0.encodedBytes() }
            let stored = try await harness.store.telemetry.frames(vin: vin, from: 0, to: .max, limit: 100_000).map(
                \.raw)
            #expect(!expected.isEmpty, sourceLocation: sourceLocation)
            #expect(
                stored.sorted(by: [UInt8].byBytes) == expected.sorted(by: [UInt8].byBytes), "\(vin)",
                sourceLocation: sourceLocation)
        }
    }

    @Test("platform mode: one connection, platform login, every frame sent for its own VINs stored, others refused")
    func platformForwarding() async throws {
        let account = OnePlatformAccount(username: "geely-tsp", password: "forward-2026", enterprise: Self.geely)
        let harness = try await GatewayHarness.start(
            registered: try Self.ownership(0..<5, Self.geely) + Self.ownership(5..<6, Self.other), accounts: account)
        let sent = SentFrames()
        let plan = FleetRunner.Plan(
            host: "127.0.0.1", port: harness.port, vehicles: 6, period: .seconds(10), duration: .seconds(300),
            seed: 11, incidents: IncidentRates(alarmEvery: 200, level3Every: 150, dropEvery: 150, outage: 20...40),
            platform: PlatformAccess(username: account.username, password: account.password),
            startTime: Self.start, timeScale: 150, onSend: { sent.append($0) })
        let report = await FleetRunner(plan: plan).run()
        await harness.drain()

        #expect(report.failures == 0)
        #expect(report.loggedIn == 5, "the sixth vehicle is not the platform's")
        #expect(report.level3Events >= 1 && report.linkDrops >= 1 && report.reissuesSent >= 1)
        #expect(report.reconnects >= 1)
        let own = (0..<5).map(SimulatedVehicle.vin(index:))
        try await Self.expectStored(sent.all, vins: own, in: harness)
        let foreign = SimulatedVehicle.vin(index: 5)
        #expect(try await harness.store.telemetry.frames(vin: foreign, from: 0, to: .max, limit: 10).isEmpty)
        let foreignReports = sent.all.filter { $0.uniqueCode.text == foreign && $0.report != nil }.count
        #expect(try await harness.store.telemetry.count() == report.reportsSent + report.reissuesSent - foreignReports)
        // The platform's own login and logout are archived under its code.
        let platformFrames = try await harness.store.telemetry.frames(vin: "geely-tsp", from: 0, to: .max, limit: 10)
        #expect(platformFrames.map { $0.raw[2] } == [0x05, 0x06])
        try await harness.stop()
    }

    @Test("vehicle connections: level-3 faults and link drops; every realtime and reissue frame sent is stored")
    func directWithIncidents() async throws {
        let harness = try await GatewayHarness.start(registered: try Self.ownership(0..<3, Self.geely))
        let sent = SentFrames()
        let plan = FleetRunner.Plan(
            host: "127.0.0.1", port: harness.port, vehicles: 3, period: .seconds(10), duration: .seconds(300),
            seed: 5, incidents: IncidentRates(level3Every: 120, dropEvery: 100, outage: 15...30),
            startTime: Self.start, timeScale: 150, onSend: { sent.append($0) })
        let report = await FleetRunner(plan: plan).run()
        await harness.drain()

        #expect(report.failures == 0)
        #expect(report.loggedIn == 3)
        #expect(report.linkDrops >= 1 && report.reconnects >= 1 && report.level3Events >= 1)
        #expect(report.reconnects + (report.unsentReports > 0 ? 1 : 0) >= report.linkDrops - 2)
        try await Self.expectStored(sent.all, vins: (0..<3).map(SimulatedVehicle.vin(index:)), in: harness)
        #expect(try await harness.store.telemetry.count() == report.reportsSent + report.reissuesSent)
        var reissued = 0
        for index in 0..<3 {
            let rows = try await harness.store.telemetry.rows(
                vin: SimulatedVehicle.vin(index: index), from: 0, to: .max, limit: 10_000)
            reissued += rows.filter(\.reissue).count
        }
        #expect(reissued == report.reissuesSent)
        try await harness.stop()
    }

    /// A capture of one vehicle: login, five reports (the third a reissue), logout.
    static func capture() -> (frames: [Message], reports: [Message]) {
        var vehicle = SimulatedVehicle(index: 0, seed: 1, edition: .gb2016, start: start)
        let login = vehicle.login(at: CollectionTime(beijingTimeOf: start))
        let reports = (1...5).map { second in
            var snapshot = vehicle.step()
            for _ in 1..<2 { snapshot = vehicle.step() }
            return vehicle.report(snapshot, reissue: second == 3)
        }
        return ([login] + reports + [vehicle.logout(at: CollectionTime(beijingTimeOf: vehicle.time))], reports)
    }

    @Test("replay of a capture file stores exactly its reports", arguments: ["binary", "hex"])
    func replay(format: String) async throws {
        let harness = try await GatewayHarness.start(registered: try Self.ownership(0..<1, Self.geely))
        let (frames, reports) = Self.capture()
        let data: [UInt8] =
            format == "binary"
            ? frames.enumerated().flatMap { [0x00, 0x23, UInt8($0.offset)] + $0.element.encodedBytes() } + [0x24]
            : Array(("# capture\n" + frames.map { $0.encodedHex + "\n" }.joined()).utf8)
        let file = harness.directory.appendingPathComponent("capture.\(format)")
        try Data(data).write(to: file)

        let capture = CaptureFile(Array(try Data(contentsOf: file)))
        #expect(capture.frames.map(\.bytes) == frames.map { $0.encodedBytes() })
        let report = await CaptureReplay(host: "127.0.0.1", port: harness.port, capture: capture, speed: 0).run()
        await harness.drain()

        #expect(report.failures == 0)
        #expect(report.replayedFrames == frames.count)
        #expect(report.loggedIn == 1)
        #expect(report.replies["success"] == 2, "login and logout")
        let rows = try await harness.store.telemetry.rows(
            vin: SimulatedVehicle.vin(index: 0), from: 0, to: .max, limit: 100)
        #expect(rows.map(\.raw) == reports.map { $0.encodedBytes() })
        #expect(rows.map(\.reissue) == [false, false, true, false, false])
        #expect(try await harness.store.telemetry.count() == reports.count)
        try await harness.stop()
    }

    @Test("replay keeps the capture's pace, scaled by speed")
    func replayPace() async throws {
        let harness = try await GatewayHarness.start(registered: try Self.ownership(0..<1, Self.geely))
        let (frames, _) = Self.capture()
        let capture = CaptureFile(frames.flatMap { $0.encodedBytes() })
        // The reports span 8 s of collection time; at speed 10 that is 0.8 s.
        let clock = ContinuousClock()
        let elapsed = await clock.measure {
            let report = await CaptureReplay(host: "127.0.0.1", port: harness.port, capture: capture, speed: 10).run()
            #expect(report.replayedFrames == frames.count)
        }
        #expect(elapsed >= .milliseconds(750) && elapsed < .seconds(5))
        await harness.drain()
        #expect(try await harness.store.telemetry.count() == 5)
        try await harness.stop()
    }
}
