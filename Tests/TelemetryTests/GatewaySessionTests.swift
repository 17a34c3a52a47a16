import Foundation
import GBT32960
import Model
import NIOCore
import Telemetry
import Testing

/// The gateway session as a pure state machine: each rule of GB/T 32960.3 Annex B that the gateway enforces,
/// driven by events, checked on the actions (and on the reply bytes where the standard fixes them).
@Suite("Gateway session")
struct GatewaySessionTests {
    static let vin = "LGXCE6CB0R0000001"
    static let other = "LGXCE6CB0R0000002"
    static let owner: EnterpriseID = "sample-geely"
    static let time = CollectionTime(year: 26, month: 11, day: 25, hour: 9, minute: 30, second: 0)
    static let now = CollectionTime(year: 26, month: 11, day: 25, hour: 9, minute: 30, second: 7)

    static func code(_ vin: String) -> UniqueCode { UniqueCode(paddingWithNUL: vin) ?? .zero }

    static func login(_ vin: String = vin, edition: Edition = .gb2016) -> Message {
        let body =
            edition == .gb2016
            ? VehicleLogin(
                time: time, serial: 1, iccid: RawBytes(ascii: "89860624400014310964"), subsystemCount: 0, codeLength: 0,
                codes: [])
            : VehicleLogin(
                time: time, serial: 1, iccid: RawBytes(ascii: "89860624400014310964"), packsPerBMS: [], packCodes: [])
        return Message(edition: edition, command: .vehicleLogin, uniqueCode: code(vin), body: .vehicleLogin(body))
    }

    static func realtime(_ vin: String = vin, edition: Edition = .gb2016, command: Command = .realtimeReport)
        -> Message
    {
        Message(
            edition: edition, command: command, uniqueCode: code(vin),
            body: .report(RealtimeReport(time: time, units: [.alarm(AlarmData(maxLevel: 0, generalFlags: 0))])))
    }

    static func simple(_ command: Command, _ vin: String = vin, edition: Edition = .gb2016) -> Message {
        Message(edition: edition, command: command, uniqueCode: code(vin), body: .empty)
    }

    static func logout(_ vin: String = vin) -> Message {
        Message(
            edition: .gb2016, command: .vehicleLogout, uniqueCode: code(vin),
            body: .vehicleLogout(VehicleLogout(time: time, serial: 1)))
    }

    static func platformLogin(user: String = "geely-plat", edition: Edition = .gb2016) -> Message {
        var name = Array(user.utf8)
        name += Array(repeating: 0, count: max(0, 12 - name.count))
        return Message(
            edition: edition, command: .platformLogin, uniqueCode: code("PLATFORM000000001"),
            body: .platformLogin(
                PlatformLogin(
                    time: time, serial: 1, username: RawBytes(name),
                    password: RawBytes(Array("secret".utf8) + Array(repeating: 0, count: 14)), encryptionRule: .none)))
    }

    static func registered(_ vin: String = vin, owner: EnterpriseID = owner) -> GatewaySession.FrameContext {
        .init(registration: VehicleRegistration(vin: vin, enterprise: owner), now: now)
    }

    static let unregistered = GatewaySession.FrameContext(registration: nil, now: now)

    static func replies(_ actions: [GatewaySession.Action]) -> [Message] {
        actions.compactMap { if case .reply(let m) = $0 { m } else { nil } }
    }

    static func loggedIn(policy: GatewayPolicy = GatewayPolicy()) -> GatewaySession {
        var session = GatewaySession(policy: policy)
        _ = session.handle(.frame(login(), registered()))
        return session
    }

    @Test("a registered vehicle logs in: claim, record, one success reply holding only the login time")
    func vehicleLogin() throws {
        var session = GatewaySession(policy: GatewayPolicy())
        let message = Self.login()
        let actions = session.handle(.frame(message, Self.registered()))
        #expect(
            actions == [
                .claim(.vehicle(vin: Self.vin), replacing: false),
                .ingest(message, owner: Self.owner, unregistered: false),
                .reply(message.reply(.success)),
            ])
        let reply = try #require(Self.replies(actions).first)
        #expect(reply.ackFlag == .success)
        #expect(reply.body == .timeOnlyReply(Self.time))
        #expect(session.identity == .vehicle(vin: Self.vin))
    }

    @Test("realtime and reissue reports are ingested without a reply; heartbeat and time sync are answered")
    func reportsAndKeepalive() throws {
        var session = Self.loggedIn()
        let report = Self.realtime()
        #expect(
            session.handle(.frame(report, Self.registered())) == [
                .ingest(report, owner: Self.owner, unregistered: false)
            ])
        let reissue = Self.realtime(command: .reissueReport)
        #expect(
            session.handle(.frame(reissue, Self.registered())) == [
                .ingest(reissue, owner: Self.owner, unregistered: false)
            ])

        let beat = Self.simple(.heartbeat)
        let beatActions = session.handle(.frame(beat, Self.registered()))
        #expect(beatActions.first == .archive(beat), "an accepted heartbeat is kept verbatim")
        let heartbeat = Self.replies(beatActions)
        #expect(heartbeat.map(\.ackFlag) == [.success])
        #expect(heartbeat.first?.body == .empty)

        // Time sync: the reply carries the platform's clock, which is what the terminal asked for.
        let sync = Self.replies(session.handle(.frame(Self.simple(.timeSync), Self.registered())))
        #expect(sync.map(\.ackFlag) == [.success])
        #expect(sync.first?.body == .timeOnlyReply(Self.now))
        #expect(sync.first?.command == .timeSync)
    }

    @Test("data before any login is dropped unanswered (the standard: ignore it)")
    func dataBeforeLogin() {
        var session = GatewaySession(policy: GatewayPolicy())
        #expect(session.handle(.frame(Self.realtime(), Self.registered())) == [.drop(.notLoggedIn, vin: Self.vin)])
        #expect(session.identity == nil)
    }

    @Test("frames whose ack flag is not 0xFE are the terminal's replies and are never answered")
    func repliesAreNotAnswered() {
        var session = Self.loggedIn()
        var heartbeatReply = Self.simple(.heartbeat)
        heartbeatReply.ackFlag = .success
        #expect(session.handle(.frame(heartbeatReply, Self.registered())) == [.drop(.notServed, vin: Self.vin)])
    }

    @Test(
        "an unregistered VIN under .refuse: 0x04 VIN unknown in 2025, 0x02 error in 2016, then close",
        arguments: [(Edition.gb2016, AckFlag.error), (.gb2025, .vinUnknown)])
    func unknownVehicleRefused(edition: Edition, flag: AckFlag) {
        var session = GatewaySession(policy: GatewayPolicy(unknownVehicles: .refuse))
        let message = Self.login(edition: edition)
        let actions = session.handle(.frame(message, Self.unregistered))
        #expect(
            actions == [
                .reply(message.reply(flag)), .drop(.unknownVehicle, vin: Self.vin), .close(.loginRefused),
            ])
        #expect(session.isClosed)
        #expect(session.handle(.frame(Self.realtime(), Self.unregistered)) == [])
    }

    @Test("an unregistered VIN under .acceptAndFlag is accepted and its data flagged")
    func unknownVehicleFlagged() {
        var session = GatewaySession(policy: GatewayPolicy())
        let message = Self.login()
        let actions = session.handle(.frame(message, Self.unregistered))
        #expect(actions.contains(.ingest(message, owner: nil, unregistered: true)))
        #expect(Self.replies(actions).map(\.ackFlag) == [.success])
        let report = Self.realtime()
        #expect(session.handle(.frame(report, Self.unregistered)) == [.ingest(report, owner: nil, unregistered: true)])
    }

    @Test("a duplicate login takes the identity over, or is refused with 0x03 VIN duplicate, by policy")
    func duplicateLogin() {
        var takeover = GatewaySession(policy: GatewayPolicy(duplicateLogin: .replaceOld))
        var context = Self.registered()
        context.identityOnlineElsewhere = true
        #expect(
            takeover.handle(.frame(Self.login(), context)).first == .claim(.vehicle(vin: Self.vin), replacing: true))

        var refusing = GatewaySession(policy: GatewayPolicy(duplicateLogin: .refuseNew))
        let message = Self.login()
        #expect(
            refusing.handle(.frame(message, context)) == [
                .reply(message.reply(.vinDuplicate)), .close(.duplicateIdentity),
            ])

        // The old connection, told it was replaced, releases the identity and closes.
        var old = Self.loggedIn()
        #expect(
            old.handle(.replacedByNewerConnection) == [
                .release(.vehicle(vin: Self.vin), reason: .replaced), .close(.replaced),
            ])
    }

    @Test("a report for another VIN on a vehicle connection gets an error reply and is not stored")
    func vinMismatch() {
        var session = Self.loggedIn()
        let foreign = Self.realtime(Self.other)
        #expect(
            session.handle(.frame(foreign, Self.registered(Self.other))) == [
                .drop(.vinMismatch, vin: Self.other), .reply(foreign.reply(.error)),
            ])
    }

    @Test("logout is recorded, answered and releases the identity; the connection may log in again")
    func logout() {
        var session = Self.loggedIn()
        let message = Self.logout()
        #expect(
            session.handle(.frame(message, Self.registered())) == [
                .ingest(message, owner: Self.owner, unregistered: false), .reply(message.reply(.success)),
                .release(.vehicle(vin: Self.vin), reason: .logout),
            ])
        #expect(session.identity == nil)
        #expect(session.handle(.frame(Self.realtime(), Self.registered())) == [.drop(.notLoggedIn, vin: Self.vin)])
        #expect(Self.replies(session.handle(.frame(Self.login(), Self.registered()))).map(\.ackFlag) == [.success])
    }

    @Test("platform login: checked off the event loop, frames held meanwhile, then forwarded VINs checked per frame")
    func platformForwarding() throws {
        var session = GatewaySession(policy: GatewayPolicy())
        let login = Self.platformLogin()
        #expect(
            session.handle(.frame(login, Self.unregistered)) == [
                .authenticatePlatform(
                    username: "geely-plat",
                    password: RawBytes(Array("secret".utf8) + Array(repeating: 0, count: 14)))
            ])
        let early = Self.realtime()
        // Each frame's own bytes and receive time travel with it, so held frames are archived as received.
        let earlyFrame = GatewaySession.ReceivedFrame(bytes: [0x23, 0x23, 0x02], receivedAt: 11)
        var earlyContext = Self.registered()
        earlyContext.received = earlyFrame
        #expect(session.handle(.frame(early, earlyContext)) == [])  // held until the login is decided

        let grant = PlatformAccountGrant(username: "geely-plat", enterprise: Self.owner)
        let granted = session.handle(.platformAuthenticated(grant))
        #expect(
            granted == [
                .claim(.platform(username: "geely-plat"), replacing: false), .archive(login),
                .reply(login.reply(.success)),
                .ingest(early, owner: Self.owner, unregistered: false, frame: earlyFrame),
            ])
        #expect(session.identity == .platform(username: "geely-plat"))

        // Many VINs on one connection, each must belong to the platform's enterprise.
        let second = Self.realtime(Self.other)
        #expect(
            session.handle(.frame(second, Self.registered(Self.other))) == [
                .ingest(second, owner: Self.owner, unregistered: false)
            ])
        let foreign = Self.realtime(Self.other, edition: .gb2025)
        let refused = session.handle(.frame(foreign, Self.registered(Self.other, owner: "sample-leapmotor")))
        #expect(refused == [.drop(.vehicleNotOwned, vin: Self.other), .reply(foreign.reply(.vinUnknown))])
        let unknown = Self.realtime("LUNKNOWN000000000")
        #expect(
            session.handle(.frame(unknown, Self.unregistered)).first
                == .drop(.vehicleNotOwned, vin: "LUNKNOWN000000000"))

        let platformLogout = Message(
            edition: .gb2016, command: .platformLogout, uniqueCode: Self.code("PLATFORM000000001"),
            body: .platformLogout(PlatformLogout(time: Self.time, serial: 1)))
        let out = session.handle(.frame(platformLogout, Self.unregistered))
        #expect(
            out == [
                .archive(platformLogout), .reply(platformLogout.reply(.success)),
                .release(.platform(username: "geely-plat"), reason: .logout),
            ])
    }

    @Test("a platform login with a wrong password is answered 0x02 and closed; held frames are not stored")
    func platformRefused() {
        var session = GatewaySession(policy: GatewayPolicy())
        let login = Self.platformLogin()
        _ = session.handle(.frame(login, Self.unregistered))
        _ = session.handle(.frame(Self.realtime(), Self.registered()))
        #expect(session.handle(.platformAuthenticated(nil)) == [.reply(login.reply(.error)), .close(.loginRefused)])
        #expect(session.isClosed)
    }

    @Test("a flood while a platform login is checked is bounded")
    func pendingBound() {
        var session = GatewaySession(policy: GatewayPolicy(maxFramesWhileAuthenticating: 3))
        _ = session.handle(.frame(Self.platformLogin(), Self.unregistered))
        for _ in 0..<3 { #expect(session.handle(.frame(Self.realtime(), Self.registered())) == []) }
        #expect(
            session.handle(.frame(Self.realtime(), Self.registered())) == [
                .drop(.pendingOverflow, vin: Self.vin), .close(.pendingOverflow),
            ])
    }

    @Test(
        "an undecodable command gets the edition's error reply (2025: 0x06 data-structure error), with its time",
        arguments: [(Edition.gb2016, AckFlag.error), (.gb2025, .dataStructureError)])
    func undecodable(edition: Edition, flag: AckFlag) throws {
        var session = Self.loggedIn()
        // A realtime report whose vehicle unit is cut short: frames fine, does not decode strictly.
        var bytes = Self.realtime(edition: edition).encodedBytes()
        bytes = Array(bytes[0..<24]) + Array(bytes[24..<30]) + [0x01, 0x01]
        bytes[22] = 0
        bytes[23] = 8
        bytes.append(bytes[2...].reduce(0, ^))
        let frame = try Frame(exactly: ByteBuffer(bytes: bytes), mode: .strict)
        let error = GBT32960Error(.truncated, at: 30, "cut")
        let actions = session.handle(.undecodable(frame, error))
        #expect(actions.first == .drop(.undecodable, vin: Self.vin))
        let reply = try #require(Self.replies(actions).first)
        #expect(reply.ackFlag == flag)
        #expect(reply.command == .realtimeReport)
        #expect(reply.uniqueCode == Self.code(Self.vin))
        #expect(reply.body == .timeOnlyReply(Self.time))
    }

    @Test("a connection that keeps sending what cannot be accepted is closed, the identity released")
    func tooManyErrors() {
        var session = Self.loggedIn(policy: GatewayPolicy(maxConsecutiveErrors: 3))
        var last: [GatewaySession.Action] = []
        for _ in 0..<3 { last = session.handle(.frame(Self.realtime(Self.other), Self.registered(Self.other))) }
        #expect(last.suffix(2) == [.release(.vehicle(vin: Self.vin), reason: .misbehaving), .close(.tooManyErrors)])
        #expect(session.isClosed)
    }

    @Test("a platform forwarding VINs not its own is refused frame by frame but not closed: it carries other vehicles")
    func platformForeignVINsAreNotErrors() throws {
        var session = GatewaySession(policy: GatewayPolicy(maxConsecutiveErrors: 3))
        let login = Self.platformLogin()
        _ = session.handle(.frame(login, Self.unregistered))
        _ = session.handle(.platformAuthenticated(PlatformAccountGrant(username: "geely-plat", enterprise: Self.owner)))
        let foreign = Self.realtime(Self.other)
        for _ in 0..<20 {
            let actions = session.handle(.frame(foreign, Self.registered(Self.other, owner: "sample-leapmotor")))
            #expect(actions == [.drop(.vehicleNotOwned, vin: Self.other), .reply(foreign.reply(.error))])
        }
        #expect(!session.isClosed)
        // Undecodable frames still count.
        var bytes = Self.realtime().encodedBytes()
        bytes = Array(bytes[0..<30]) + [0x01, 0x01]
        bytes[22] = 0
        bytes[23] = 8
        bytes.append(bytes[2...].reduce(0, ^))
        let frame = try Frame(exactly: ByteBuffer(bytes: bytes), mode: .strict)
        for _ in 0..<3 { _ = session.handle(.undecodable(frame, GBT32960Error(.truncated, at: 30, "cut"))) }
        #expect(session.isClosed)
    }

    @Test("a good frame resets the error count")
    func errorsReset() {
        var session = Self.loggedIn(policy: GatewayPolicy(maxConsecutiveErrors: 2))
        for _ in 0..<5 {
            _ = session.handle(.frame(Self.realtime(Self.other), Self.registered(Self.other)))
            _ = session.handle(.frame(Self.realtime(), Self.registered()))
        }
        #expect(!session.isClosed)
    }

    @Test("idle timeout and peer close release the identity")
    func idleAndClose() {
        var idle = Self.loggedIn()
        #expect(idle.handle(.idleTimeout) == [.release(.vehicle(vin: Self.vin), reason: .idle), .close(.idle)])
        var closed = Self.loggedIn()
        #expect(closed.handle(.connectionClosed) == [.release(.vehicle(vin: Self.vin), reason: .connectionClosed)])
        var anonymous = GatewaySession(policy: GatewayPolicy())
        #expect(anonymous.handle(.connectionClosed) == [])
    }

    @Test("full-echo reply style keeps the data unit and puts in the reply time (2016 Annex B.3.3.2)")
    func fullEcho() throws {
        var session = GatewaySession(policy: GatewayPolicy(replyStyle: .fullEcho))
        let message = Self.login()
        let reply = try #require(Self.replies(session.handle(.frame(message, Self.registered()))).first)
        guard case .vehicleLogin(let body) = reply.body else {
            Issue.record("full echo dropped the login body: \(reply.body)")
            return
        }
        #expect(body.iccid == RawBytes(ascii: "89860624400014310964"))
        #expect(reply.ackFlag == .success)
    }
}

/// Against public frames: the session's login replies equal rtm_con's published ack vectors byte for byte
/// (#7 2016 login → #31 ack, #5 2025 login → #32 ack). Reads `../shared/testdata/gb32960/frames.json`.
@Suite("Gateway session replies against published vectors")
struct GatewaySessionVectorTests {
    @Test(
        "login reply bytes", .enabled(if: SharedFrames.available, SharedFrames.missing),
        arguments: [(7, 31), (5, 32)])
    func loginReply(login: Int, ack: Int) throws {
        let loginHex = try #require(SharedFrames.hex[login])
        let ackHex = try #require(SharedFrames.hex[ack])
        let message = try Message.decode(hex: loginHex)
        var session = GatewaySession(policy: GatewayPolicy())
        let context = GatewaySession.FrameContext(
            registration: VehicleRegistration(vin: message.uniqueCode.text, enterprise: "sample-geely"),
            now: CollectionTime(year: 26, month: 1, day: 1, hour: 0, minute: 0, second: 0))
        let replies = session.handle(.frame(message, context)).compactMap {
            if case .reply(let m) = $0 { m.encodedHex } else { nil }
        }
        #expect(replies == [ackHex])
    }
}
