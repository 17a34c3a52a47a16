import Model
import Telemetry
import Testing

@Suite("Vehicle presence")
struct VehiclePresenceTests {
    static let a = "LTESTVIN00000000A"
    static let b = "LTESTVIN00000000B"

    @Test("online at login or first data of a session, once; offline at logout, only from the holding session")
    func transitions() {
        let presence = VehiclePresence(offlineAfterSeconds: 180)
        #expect(
            presence.seen(vin: Self.a, session: 1, at: 10, login: true)
                == PresenceChange(vin: Self.a, at: 10, online: true, reason: "login", session: 1))
        #expect(presence.seen(vin: Self.a, session: 1, at: 20, login: false) == nil, "already online on this session")
        // A takeover on session 2: online there; the old session's logout or close changes nothing.
        #expect(presence.seen(vin: Self.a, session: 2, at: 30, login: true)?.session == 2)
        #expect(presence.left(vin: Self.a, session: 1, at: 31, reason: "replaced") == nil)
        #expect(presence.sessionEnded(1, at: 32, reason: "connection_closed").isEmpty)
        #expect(
            presence.left(vin: Self.a, session: 2, at: 40, reason: "logout")
                == PresenceChange(vin: Self.a, at: 40, online: false, reason: "logout", session: 2))
        #expect(presence.left(vin: Self.a, session: 2, at: 41, reason: "logout") == nil, "offline once")
        #expect(presence.onlineCount == 0)
    }

    @Test("a platform's vehicles go offline with its session; quiet vehicles time out")
    func sessionsAndTimeouts() {
        let presence = VehiclePresence(offlineAfterSeconds: 60)
        let second: Int64 = 1_000_000
        #expect(presence.seen(vin: Self.a, session: 5, at: 0, login: false)?.reason == "data")
        #expect(presence.seen(vin: Self.b, session: 5, at: 0, login: false) != nil)
        #expect(presence.seen(vin: Self.b, session: 5, at: 50 * second, login: false) == nil)
        let expired = presence.expire(now: 70 * second)
        #expect(expired == [PresenceChange(vin: Self.a, at: 70 * second, online: false, reason: "timeout", session: 5)])
        let ended = presence.sessionEnded(5, at: 80 * second, reason: "logout")
        #expect(ended.map(\.vin) == [Self.b])
        #expect(ended.map(\.online) == [false])
        #expect(presence.onlineCount == 0)
        #expect(presence.seen(vin: Self.a, session: 6, at: 90 * second, login: false)?.online == true, "back online")
    }

    @Test("a platform login is archived with its password zeroed and a valid check code")
    func platformPasswordRedaction() throws {
        // 2016 platform login: header (24) + time, serial, user "geely-plat", password "secret-pass", rule 0x01.
        var frame: [UInt8] = [0x23, 0x23, 0x05, 0xFE] + Array("PLATFORM000000001".utf8) + [0x01, 0x00, 0x29]
        frame += [25, 11, 25, 8, 0, 0, 0x00, 0x01]
        frame += Array("geely-plat".utf8) + [0, 0]
        frame += Array("secret-pass".utf8) + Array(repeating: 0, count: 9)
        frame += [0x01]
        frame.append(frame[2...].reduce(0, ^))
        let archived = ArchivedFrame(
            vin: "PLATFORM000000001", receivedAt: 1, session: 1, edition: 2016, command: 5, raw: frame)
        let redacted = archived.redactingPlatformPassword()
        #expect(redacted.raw.count == frame.count)
        #expect(Array(redacted.raw[44..<64]) == Array(repeating: 0, count: 20))
        #expect(Array(redacted.raw[..<44]) == Array(frame[..<44]), "everything before the password is kept")
        #expect(redacted.raw[64] == 0x01)
        #expect(redacted.raw.last == redacted.raw[2..<(redacted.raw.count - 1)].reduce(0, ^), "BCC recomputed")
        #expect(!String(decoding: redacted.raw, as: UTF8.self).contains("secret"))
        let short = ArchivedFrame(vin: "X", receivedAt: 1, session: 1, edition: 2016, command: 5, raw: [0x23, 0x23])
        #expect(short.redactingPlatformPassword() == short)
    }
}
