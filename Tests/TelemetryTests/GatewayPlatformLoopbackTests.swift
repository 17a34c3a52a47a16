import Foundation
import GBT32960
import Identity
import Logging
import Model
import NIOCore
import SQLiteStore
import Store
import Telemetry
import Testing

/// An OEM platform over real loopback sockets, checked by the real `StorePlatformAuthenticator` (bcrypt at cost 4)
/// against platform accounts in a real SQLite store: login (0x05), forwarding for its own VINs and a refused
/// foreign one, logout (0x06); and refused logins.
@Suite("Gateway platform accounts over loopback")
struct GatewayPlatformLoopbackTests {
    static let username = "geely-tsp"
    static let password = "forward-2026"
    static let geely: EnterpriseID = "sample-geely"
    static let leapmotor: EnterpriseID = "sample-leapmotor"
    static let ownVINs = ["LGXCE6CB0R0000001", "LGXCE6CB0R0000002"]
    static let foreignVIN = "LFZ63AL56R0000003"

    static let hasher = PasswordHasher(cost: 4)

    /// Two enterprises, the Geely platform's account (disabled if asked), and the authenticator over them.
    static func accounts(disabled: Bool = false) -> (SQLiteStore) async throws -> any PlatformAuthenticator {
        { store in
            try await store.enterprises.upsert(
                EnterpriseRecord(id: geely, name: "Geely", city: .hangzhou, createdAt: 1))
            try await store.enterprises.upsert(
                EnterpriseRecord(id: leapmotor, name: "Leapmotor", city: .hangzhou, createdAt: 2))
            try await store.platformAccounts.insert(
                PlatformAccount(
                    id: "p1", username: username, enterprise: geely, passwordHash: hasher.hash(password),
                    disabled: disabled, createdAt: 3))
            return StorePlatformAuthenticator(
                store: store, passwords: .bcrypt(hasher), logger: Logger(label: "test.platform-accounts"))
        }
    }

    static func registered() throws -> [VehicleOwnership] {
        try ownVINs.map { VehicleOwnership(vin: try #require(VIN(rawValue: $0)), enterprise: geely) } + [
            VehicleOwnership(vin: try #require(VIN(rawValue: foreignVIN)), enterprise: leapmotor)
        ]
    }

    /// A field of `width` bytes: `text`'s bytes, then `padding`.
    static func field(_ text: String, width: Int, padding: [UInt8]) -> RawBytes {
        let bytes = GB18030.bytes(text) ?? []
        return RawBytes(bytes + (0..<(width - bytes.count)).map { padding[$0 % padding.count] })
    }

    static func platformLogin(username: String = username, password: String = password, edition: Edition)
        -> Message
    {
        // The name padded with NULs; the password with spaces and NULs, both of which the gateway removes.
        let login = PlatformLogin(
            time: GatewayLoopbackTests.time, serial: 7,
            username: field(username, width: PlatformCredentials.usernameBytes, padding: [0]),
            password: field(password, width: PlatformCredentials.passwordBytes, padding: [0x20, 0]),
            encryptionRule: .none)
        return Message(
            edition: edition, command: .platformLogin,
            uniqueCode: UniqueCode(paddingWithNUL: "PLATFORM000000001") ?? .zero,
            body: .platformLogin(login))
    }

    static func platformLogout(edition: Edition) -> Message {
        Message(
            edition: edition, command: .platformLogout,
            uniqueCode: UniqueCode(paddingWithNUL: "PLATFORM000000001") ?? .zero,
            body: .platformLogout(PlatformLogout(time: GatewayLoopbackTests.time, serial: 7)))
    }

    static func realtime(_ vin: String, second: UInt8, edition: Edition) -> Message {
        var at = GatewayLoopbackTests.time
        at.second = second
        let vehicle = VehicleData(
            edition: edition, vehicleState: 1, chargingState: 3, runningMode: 1, speed: UInt16(second) * 100,
            odometer: 932_660, totalVoltage: 3417, totalCurrent: 10_025, soc: 50, dcdcState: 1, gear: 0x1E,
            insulationResistance: 17_884, acceleratorPedal: edition == .gb2016 ? 0 : nil,
            brakePedal: edition == .gb2016 ? 0 : nil)
        return Message(
            edition: edition, command: .realtimeReport, uniqueCode: UniqueCode(paddingWithNUL: vin) ?? .zero,
            body: .report(RealtimeReport(time: at, units: [.vehicle(vehicle)])))
    }

    @Test(
        "a platform logs in, forwards its own VINs (stored) and a foreign one (refused, not stored), logs out",
        arguments: [(Edition.gb2016, AckFlag.error), (.gb2025, .vinUnknown)])
    func forwarding(edition: Edition, refusal: AckFlag) async throws {
        let harness = try await GatewayLoopbackTests.Harness.start(
            registered: try Self.registered(), accounts: Self.accounts())
        let client = try await GatewayLoopbackTests.connect(harness.port)
        let own = Self.ownVINs.enumerated().map { Self.realtime($1, second: UInt8($0 + 1), edition: edition) }
        let foreign = Self.realtime(Self.foreignVIN, second: 9, edition: edition)
        try await client.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            let login = Self.platformLogin(edition: edition)
            try await outbound.write(ByteBuffer(bytes: login.encodedBytes()))
            let loginReply = login.reply(.success).encodedBytes()
            #expect(try await GatewayLoopbackTests.read(loginReply.count, from: &replies) == loginReply)

            // Own vehicles' reports get no reply; the foreign one is answered with the edition's refusal.
            try await outbound.write(ByteBuffer(bytes: own.flatMap { $0.encodedBytes() }))
            try await outbound.write(ByteBuffer(bytes: foreign.encodedBytes()))
            let refused = foreign.reply(refusal).encodedBytes()
            #expect(try await GatewayLoopbackTests.read(refused.count, from: &replies) == refused)

            let logout = Self.platformLogout(edition: edition)
            try await outbound.write(ByteBuffer(bytes: logout.encodedBytes()))
            let logoutReply = logout.reply(.success).encodedBytes()
            #expect(try await GatewayLoopbackTests.read(logoutReply.count, from: &replies) == logoutReply)
        }
        // Drain the writer before reading the store.
        await harness.listener.shutdown()
        harness.writer.finish()
        await harness.writing.value
        #expect(try await harness.store.telemetry.count() == own.count)
        for (vin, report) in zip(Self.ownVINs, own) {
            let rows = try await harness.store.telemetry.rows(vin: vin, from: 0, to: .max, limit: 10)
            #expect(rows.count == 1, "\(vin)")
            #expect(rows.first?.raw == report.encodedBytes())
            // Forwarded data brings a vehicle online; the platform's logout takes its vehicles offline.
            let events = try await harness.store.telemetry.events(vin: vin, from: 0, to: .max, limit: 10)
            #expect(events.map(\.kind) == ["online", "offline"], "\(vin)")
            #expect(events.map(\.reason) == ["data", "logout"], "\(vin)")
        }
        // The platform's login and logout are archived, the login without its password.
        let archived = try await harness.store.telemetry.frames(vin: "PLATFORM000000001", from: 0, to: .max, limit: 10)
        #expect(archived.map { $0.raw[2] } == [0x05, 0x06])
        let sentLogin = Self.platformLogin(edition: edition).encodedBytes()
        #expect(archived.first?.raw.count == sentLogin.count)
        #expect(archived.first.map { Array($0.raw[44..<64]) } == Array(repeating: 0, count: 20))
        #expect(archived.first.map { Array($0.raw[..<44]) } == Array(sentLogin[..<44]))
        #expect(try await harness.store.telemetry.rows(vin: Self.foreignVIN, from: 0, to: .max, limit: 10).isEmpty)
        let audit = try await harness.store.audit.query(AuditQuery(action: StorePlatformAuthenticator.auditAction))
        #expect(audit.map(\.outcome) == ["ok"])
        #expect(audit.first?.actor == "platform:\(Self.username)")
        try await harness.stop()
    }

    @Test(
        "a wrong password, an unknown name or a disabled account is answered 0x02 and the connection is closed",
        arguments: [
            (username, "wrong-password", false, "wrong password"),
            ("nobody", password, false, "unknown account"),
            (username, password, true, "account disabled"),
        ])
    func refusedLogin(username: String, password: String, disabled: Bool, reason: String) async throws {
        let harness = try await GatewayLoopbackTests.Harness.start(
            registered: try Self.registered(), accounts: Self.accounts(disabled: disabled))
        let client = try await GatewayLoopbackTests.connect(harness.port)
        try await client.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            let login = Self.platformLogin(username: username, password: password, edition: .gb2016)
            // A report sent right behind the login is held while the password is checked, then never stored.
            let report = Self.realtime(Self.ownVINs[0], second: 1, edition: .gb2016)
            try await outbound.write(ByteBuffer(bytes: login.encodedBytes() + report.encodedBytes()))
            let expected = login.reply(.error).encodedBytes()
            #expect(try await GatewayLoopbackTests.read(expected.count, from: &replies) == expected)
            #expect(try await replies.next() == nil, "the server closes the connection")
        }
        await harness.listener.shutdown()
        harness.writer.finish()
        await harness.writing.value
        #expect(harness.writer.written == 0)
        let audit = try await harness.store.audit.query(AuditQuery(action: StorePlatformAuthenticator.auditAction))
        #expect(audit.map(\.outcome) == ["denied"])
        #expect(audit.first?.detail == reason)
        try await harness.stop()
    }
}

extension PlatformPasswordVerifier {
    /// Identity's bcrypt hasher, as the composition root wires it.
    static func bcrypt(_ hasher: PasswordHasher) -> PlatformPasswordVerifier {
        PlatformPasswordVerifier(
            verify: { password, hash in hasher.verify(password, hash: hash) },
            verifyDecoy: { password in _ = hasher.verifyDecoy(password) })
    }
}
