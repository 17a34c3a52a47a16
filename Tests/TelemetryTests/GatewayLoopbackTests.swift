import Foundation
import GBT32960
import Logging
import Model
import NIOCore
import NIOPosix
import NIOSSL
import SQLiteStore
import Store
import Telemetry
import Testing

/// The gateway over real loopback sockets into a real SQLite store: a vehicle logs in, reports (coalesced,
/// split and junk-prefixed), heartbeats, time-syncs and logs out; every reply byte is checked and every report
/// is in the store afterwards.
@Suite("Gateway over loopback")
struct GatewayLoopbackTests {
    static let vin = "LGXCE6CB0R0000001"
    static let owner: EnterpriseID = "sample-geely"
    /// 2026-11-25T09:30:07+08:00.
    static let clock: Int64 = 1_795_570_207 * 1_000_000

    /// A running gateway with its store and writer, torn down by `stop()`.
    struct Harness {
        let store: SQLiteStore
        let writer: TelemetryWriter
        let listener: GatewayListener
        let writing: Task<Void, Never>
        let directory: URL
        let registry: ConnectionRegistry
        let vehicles: VehicleDirectory

        /// - Parameters:
        ///   - registered: the VIN directory (default: `vin`, owned by `owner`).
        ///   - accounts: seeds the store and gives the platform authenticator (default: no platform accounts).
        ///   - directoryFromStore: load the VIN directory from the (empty) store, with store lookups of VINs it
        ///     does not hold, as `serve` does, instead of `registered`.
        static func start(
            policy: GatewayPolicy = GatewayPolicy(), registered: [VehicleOwnership]? = nil,
            directoryFromStore: Bool = false,
            accounts: (SQLiteStore) async throws -> any PlatformAuthenticator = { _ in NoPlatformAccounts() }
        ) async throws -> Harness {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nevbrain-gw-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let store = try SQLiteStore(path: directory.appendingPathComponent("gw.sqlite").path)
            try await store.migrate()
            var logger = Logger(label: "test.gateway")
            logger.logLevel = .warning
            let writer = TelemetryWriter(store: store, logger: logger)
            let writing = Task { await writer.run() }
            let registered = try registered ?? [VehicleOwnership(vin: try VIN(parsing: vin), enterprise: owner)]
            let vehicles =
                directoryFromStore ? try await VehicleDirectory.load(from: store) : VehicleDirectory(registered)
            let registry = ConnectionRegistry()
            let services = GatewayServices(
                policy: policy, directory: vehicles, registry: registry,
                writer: writer, authenticator: try await accounts(store), now: { clock }, logger: logger)
            let listener = try await GatewayServer.bind(host: "127.0.0.1", port: 0, services: services)
            return Harness(
                store: store, writer: writer, listener: listener, writing: writing, directory: directory,
                registry: registry, vehicles: vehicles)
        }

        var port: Int { listener.port }

        /// Stops accepting and drains the writer; the store stays open for reading.
        func drain() async {
            await listener.shutdown()
            writer.finish()
            await writing.value
        }

        /// Stops accepting, drains the writer, closes the store.
        func stop() async throws {
            await drain()
            try await store.close()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static func connect(_ port: Int) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Reads until `count` bytes have arrived (or the connection ends).
    static func read(
        _ count: Int, from inbound: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    ) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count < count, let chunk = try await inbound.next() {
            bytes += chunk.readableBytesView
        }
        return bytes
    }

    static let time = CollectionTime(year: 26, month: 11, day: 25, hour: 9, minute: 30, second: 0)

    static func message(_ command: Command, vin: String = vin, edition: Edition = .gb2016, body: MessageBody)
        -> Message
    {
        Message(edition: edition, command: command, uniqueCode: UniqueCode(paddingWithNUL: vin) ?? .zero, body: body)
    }

    static func login(_ vin: String = vin, edition: Edition = .gb2016) -> Message {
        let body =
            edition == .gb2016
            ? VehicleLogin(
                time: time, serial: 1, iccid: RawBytes(ascii: "89860624400014310964"), subsystemCount: 0,
                codeLength: 0, codes: [])
            : VehicleLogin(
                time: time, serial: 1, iccid: RawBytes(ascii: "89860624400014310964"), packsPerBMS: [],
                packCodes: [])
        return message(.vehicleLogin, vin: vin, edition: edition, body: .vehicleLogin(body))
    }

    static func realtime(second: UInt8, speed: UInt16) -> Message {
        var at = time
        at.second = second
        let vehicle = VehicleData(
            edition: .gb2016, vehicleState: 1, chargingState: 3, runningMode: 1, speed: speed, odometer: 932_660,
            totalVoltage: 3417, totalCurrent: 10_025, soc: 50, dcdcState: 1, gear: 0x1E, insulationResistance: 17_884,
            acceleratorPedal: 0, brakePedal: 0)
        return message(.realtimeReport, body: .report(RealtimeReport(time: at, units: [.vehicle(vehicle)])))
    }

    @Test("login, reports (coalesced, split, junk), heartbeat, time sync, logout: replies byte for byte, rows stored")
    func vehicleSession() async throws {
        let harness = try await Harness.start()
        let client = try await Self.connect(harness.port)
        let reports = (1...4).map { Self.realtime(second: UInt8($0), speed: UInt16(100 * $0)) }
        try await client.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            let login = Self.login()
            try await outbound.write(ByteBuffer(bytes: login.encodedBytes()))
            let loginReply = login.reply(.success).encodedBytes()
            #expect(try await Self.read(loginReply.count, from: &replies) == loginReply)

            // Two reports in one write, one split over two writes with junk before it, one on its own.
            let coalesced = reports[0].encodedBytes() + reports[1].encodedBytes()
            try await outbound.write(ByteBuffer(bytes: coalesced))
            let third = reports[2].encodedBytes()
            try await outbound.write(ByteBuffer(bytes: [0x00, 0x23, 0x11] + third.prefix(30)))
            try await outbound.write(ByteBuffer(bytes: Array(third.dropFirst(30))))
            try await outbound.write(ByteBuffer(bytes: reports[3].encodedBytes()))

            // Reports get no reply: the next bytes are the heartbeat's.
            let heartbeat = Self.message(.heartbeat, body: .empty)
            try await outbound.write(ByteBuffer(bytes: heartbeat.encodedBytes()))
            let heartbeatReply = heartbeat.reply(.success).encodedBytes()
            #expect(try await Self.read(heartbeatReply.count, from: &replies) == heartbeatReply)

            let sync = Self.message(.timeSync, body: .empty)
            try await outbound.write(ByteBuffer(bytes: sync.encodedBytes()))
            let platformTime = CollectionTime(year: 26, month: 11, day: 25, hour: 9, minute: 30, second: 7)
            let syncReply = sync.reply(.success, time: platformTime).encodedBytes()
            #expect(try await Self.read(syncReply.count, from: &replies) == syncReply)

            let logout = Self.message(.vehicleLogout, body: .vehicleLogout(VehicleLogout(time: Self.time, serial: 1)))
            try await outbound.write(ByteBuffer(bytes: logout.encodedBytes()))
            let logoutReply = logout.reply(.success).encodedBytes()
            #expect(try await Self.read(logoutReply.count, from: &replies) == logoutReply)
        }
        await harness.drain()
        let telemetry = harness.store.telemetry
        #expect(try await telemetry.count() == reports.count)
        // Every accepted frame verbatim: the 4 reports and the login, heartbeat, time sync and logout.
        let frames = try await telemetry.frames(vin: Self.vin, from: 0, to: .max, limit: 100)
        #expect(frames.count == 8)
        #expect(frames.filter { $0.collectedAt == nil }.map { $0.raw[2] } == [0x01, 0x07, 0x08, 0x04])
        #expect(frames.first?.raw == Self.login().encodedBytes())
        #expect(Set(frames.compactMap(\.session)).count == 1, "one connection, one session")
        // Online at login, offline at logout; the latest state holds the last report.
        let events = try await telemetry.events(vin: Self.vin, from: 0, to: .max, limit: 10)
        #expect(events.map(\.kind) == ["online", "offline"])
        #expect(events.map(\.reason) == ["login", "logout"])
        let state = try #require(try await telemetry.latest(vin: Self.vin))
        #expect(!state.online)
        #expect(state.report?.speedKmh == 40)
        #expect(state.lastSeenAt == Self.clock)
        try await harness.stop()
    }

    @Test("every report accepted is in the store, in collection-time order, with its raw frame")
    func storedRows() async throws {
        let harness = try await Harness.start()
        let client = try await Self.connect(harness.port)
        let reports = (1...20).map { Self.realtime(second: UInt8($0), speed: UInt16(10 * $0)) }
        try await client.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            let login = Self.login()
            try await outbound.write(ByteBuffer(bytes: login.encodedBytes()))
            _ = try await Self.read(login.reply(.success).encodedBytes().count, from: &replies)
            try await outbound.write(ByteBuffer(bytes: reports.flatMap { $0.encodedBytes() }))
            let heartbeat = Self.message(.heartbeat, body: .empty)
            try await outbound.write(ByteBuffer(bytes: heartbeat.encodedBytes()))
            _ = try await Self.read(heartbeat.reply(.success).encodedBytes().count, from: &replies)
        }
        // Drain the writer before reading the store.
        await harness.listener.shutdown()
        harness.writer.finish()
        await harness.writing.value
        let rows = try await harness.store.telemetry.rows(vin: Self.vin, from: 0, to: .max, limit: 100)
        #expect(rows.count == 20)
        #expect(rows.map(\.speedKmh) == (1...20).map { Double($0) })
        #expect(rows.first?.raw == reports.first?.encodedBytes())
        #expect(rows.allSatisfy { $0.receivedAt == Self.clock })
        try await harness.store.close()
        try? FileManager.default.removeItem(at: harness.directory)
    }

    @Test("an unregistered 2025 vehicle under .refuse gets 0x04 and the connection is closed")
    func refusedLogin() async throws {
        let harness = try await Harness.start(policy: GatewayPolicy(unknownVehicles: .refuse))
        let client = try await Self.connect(harness.port)
        try await client.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            let login = Self.login("LUNKNOWN000000000", edition: .gb2025)
            try await outbound.write(ByteBuffer(bytes: login.encodedBytes()))
            let expected = login.reply(.vinUnknown).encodedBytes()
            #expect(try await Self.read(expected.count, from: &replies) == expected)
            // Then the server closes: the stream ends.
            #expect(try await replies.next() == nil)
        }
        try await harness.stop()
    }

    typealias Replies = NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator

    /// Logs `vin` in on `firstPort`, then on `secondPort` (each answered 0x01), and runs `bothOpen` with the first
    /// connection's replies and the second connection.
    static func loginTwice(
        _ firstPort: Int, _ secondPort: Int,
        bothOpen: (inout Replies, NIOAsyncChannelOutboundWriter<ByteBuffer>, inout Replies) async throws -> Void
    ) async throws {
        let login = Self.login()
        let reply = login.reply(.success).encodedBytes()
        let first = try await Self.connect(firstPort)
        let second = try await Self.connect(secondPort)
        try await first.executeThenClose { firstIn, firstOut in
            var firstReplies = firstIn.makeAsyncIterator()
            try await firstOut.write(ByteBuffer(bytes: login.encodedBytes()))
            #expect(try await Self.read(reply.count, from: &firstReplies) == reply)
            try await second.executeThenClose { secondIn, secondOut in
                var secondReplies = secondIn.makeAsyncIterator()
                try await secondOut.write(ByteBuffer(bytes: login.encodedBytes()))
                #expect(try await Self.read(reply.count, from: &secondReplies) == reply)
                try await bothOpen(&firstReplies, secondOut, &secondReplies)
            }
        }
    }

    @Test("a second login of the same VIN takes over: the first connection is closed")
    func takeover() async throws {
        let harness = try await Harness.start()
        try await Self.loginTwice(harness.port, harness.port) { firstReplies, _, _ in
            let next = try await firstReplies.next()
            #expect(next == nil, "the first connection is closed")
        }
        try await harness.stop()
    }

    @Test("a login on another gateway process sharing the store takes over: the older connection is closed")
    func takeoverAcrossProcesses() async throws {
        // Gateway A is the harness; gateway B shares its store with a registry, presence and writer of its own, as a
        // second `serve` process would, and receives one second later.
        let harness = try await Harness.start()
        var logger = Logger(label: "test.gateway.b")
        logger.logLevel = .warning
        let writerB = TelemetryWriter(store: harness.store, logger: logger)
        let writingB = Task { await writerB.run() }
        let registryA = harness.registry
        let registryB = ConnectionRegistry()
        let gatewayB = try await GatewayServer.bind(
            host: "127.0.0.1", port: 0,
            services: GatewayServices(
                policy: GatewayPolicy(), directory: harness.vehicles, registry: registryB, writer: writerB,
                now: { Self.clock + 1_000_000 }, logger: logger))
        let watchA = TakeoverWatch(store: harness.store, registry: registryA, start: Self.clock)
        let watchB = TakeoverWatch(store: harness.store, registry: registryB, start: Self.clock)

        try await Self.loginTwice(harness.port, gatewayB.port) { firstReplies, secondOut, secondReplies in
            // Neither process knows of the other's connection until B's claim is committed and A reads it.
            let deadline = ContinuousClock.now + .seconds(10)
            var replaced = 0
            while replaced == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                replaced = try await watchA.check(now: Self.clock + 2_000_000)
            }
            #expect(replaced == 1)
            #expect(try await firstReplies.next() == nil, "A closes its older connection")
            // B's login is the newer one: B keeps its connection, which still gets replies.
            #expect(try await watchB.check(now: Self.clock + 2_000_000) == 0)
            let heartbeat = Self.message(.heartbeat, body: .empty)
            try await secondOut.write(ByteBuffer(bytes: heartbeat.encodedBytes()))
            let beat = heartbeat.reply(.success).encodedBytes()
            #expect(try await Self.read(beat.count, from: &secondReplies) == beat)
        }
        await gatewayB.shutdown()
        writerB.finish()
        await writingB.value
        try await harness.stop()
    }

    @Test("a vehicle registered while the gateway runs is known at its first frame; an unknown one is refused")
    func registeredWhileRunning() async throws {
        let harness = try await Harness.start(policy: GatewayPolicy(unknownVehicles: .refuse), directoryFromStore: true)
        try await harness.store.enterprises.upsert(
            EnterpriseRecord(id: Self.owner, name: "Geely", city: .hangzhou, createdAt: 1))
        try await harness.store.vehicles.upsert([
            VehicleRecord(
                vin: try VIN(parsing: Self.vin), enterprise: Self.owner, model: "m", fuelType: .bev, usage: .taxi,
                city: .hangzhou, createdAt: 1)
        ])
        let reports = (1...3).map { Self.realtime(second: UInt8($0), speed: 100) }
        let client = try await Self.connect(harness.port)
        try await client.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            // Login and reports in one write: the reports wait behind the login's lookup, in order.
            let login = Self.login()
            try await outbound.write(ByteBuffer(bytes: login.encodedBytes() + reports.flatMap { $0.encodedBytes() }))
            let reply = login.reply(.success).encodedBytes()
            #expect(try await Self.read(reply.count, from: &replies) == reply)
        }
        let stranger = try await Self.connect(harness.port)
        try await stranger.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            let login = Self.login("LUNKNOWN000000000", edition: .gb2025)
            try await outbound.write(ByteBuffer(bytes: login.encodedBytes()))
            let refused = login.reply(.vinUnknown).encodedBytes()
            #expect(try await Self.read(refused.count, from: &replies) == refused)
        }
        await harness.drain()
        let rows = try await harness.store.telemetry.rows(vin: Self.vin, from: 0, to: .max, limit: 10)
        #expect(rows.count == 3)
        try await harness.stop()
    }

    @Test("gateway-reuse-port: two listeners share one port and the kernel spreads connections; without it, refused")
    func reusePort() async throws {
        let harness = try await Harness.start()
        var logger = Logger(label: "test.gateway.reuse")
        logger.logLevel = .critical
        let services = GatewayServices(
            policy: GatewayPolicy(), directory: VehicleDirectory(), registry: ConnectionRegistry(),
            writer: harness.writer, now: { Self.clock }, logger: logger)
        let first = try await GatewayServer.bind(host: "127.0.0.1", port: 0, services: services, reusePort: true)
        let second = try await GatewayServer.bind(
            host: "127.0.0.1", port: first.port, services: services, reusePort: true)
        await #expect(throws: (any Error).self) {
            _ = try await GatewayServer.bind(host: "127.0.0.1", port: first.port, services: services)
        }
        var clients: [NIOAsyncChannel<ByteBuffer, ByteBuffer>] = []
        for _ in 0..<24 { clients.append(try await Self.connect(first.port)) }
        let deadline = ContinuousClock.now + .seconds(10)
        while first.connectionCount + second.connectionCount < 24, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(first.connectionCount + second.connectionCount == 24)
        // Spread by a hash of each connection's addresses: all 24 on one listener would be a 1 in 8 million chance.
        #expect(first.connectionCount > 0 && second.connectionCount > 0)
        for client in clients { try await client.channel.close() }
        await first.shutdown()
        await second.shutdown()
        try await harness.stop()
    }

    @Test("over TLS: the handshake, then the same GB/T 32960 exchange; a plain-TCP client gets nothing")
    func tls() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nevbrain-tls-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("gw.sqlite").path)
        try await store.migrate()
        var logger = Logger(label: "test.gateway.tls")
        logger.logLevel = .critical
        let writer = TelemetryWriter(store: store, logger: logger)
        let writing = Task { await writer.run() }
        let services = GatewayServices(
            policy: GatewayPolicy(),
            directory: VehicleDirectory([VehicleOwnership(vin: try VIN(parsing: Self.vin), enterprise: Self.owner)]),
            registry: ConnectionRegistry(), writer: writer, now: { Self.clock }, logger: logger)
        let certificate = try NIOSSLCertificate(bytes: Array(TestTLS.certificate.utf8), format: .pem)
        let server = try NIOSSLContext(
            configuration: .makeServerConfiguration(
                certificateChain: [.certificate(certificate)],
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(TestTLS.privateKey.utf8), format: .pem))))
        let listener = try await GatewayServer.bind(host: "127.0.0.1", port: 0, services: services, tls: server)

        // The client trusts only the test certificate and checks the name: a real TLS session.
        var clientConfiguration = TLSConfiguration.makeClientConfiguration()
        clientConfiguration.trustRoots = .certificates([certificate])
        let client = try NIOSSLContext(configuration: clientConfiguration)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: listener.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: client, serverHostname: "localhost"))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let report = Self.realtime(second: 1, speed: 300)
        try await channel.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            let login = Self.login()
            try await outbound.write(ByteBuffer(bytes: login.encodedBytes() + report.encodedBytes()))
            let reply = login.reply(.success).encodedBytes()
            #expect(try await Self.read(reply.count, from: &replies) == reply)
        }

        // A client that skips the handshake sends a GB/T 32960 login in the clear: the TLS layer rejects it and
        // closes the connection; nothing is answered or stored.
        let plain = try await Self.connect(listener.port)
        try await plain.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            try await outbound.write(ByteBuffer(bytes: Self.login().encodedBytes()))
            var received: [UInt8] = []
            do {
                while let chunk = try await replies.next() { received += chunk.readableBytesView }
            } catch {
                // A reset is as good as a close here.
            }
            #expect(!received.starts(with: [0x23, 0x23]), "no GB/T 32960 reply in the clear")
        }

        await listener.shutdown()
        writer.finish()
        await writing.value
        let rows = try await store.telemetry.rows(vin: Self.vin, from: 0, to: .max, limit: 10)
        #expect(rows.map(\.raw) == [report.encodedBytes()])
        try await store.close()
    }
}
