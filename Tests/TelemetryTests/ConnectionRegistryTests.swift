import Model
import Synchronization
import Telemetry
import Testing

@Suite("Connection registry")
struct ConnectionRegistryTests {
    static let vin = "LTESTVIN00000000A"

    @Test("another process's claim replaces a holder only when it is the newer login, and tells it once")
    func supersede() {
        let registry = ConnectionRegistry()
        let told = Mutex<[String]>([])
        registry.claim(
            .vehicle(vin: Self.vin), by: .init(id: 1, claimedAt: 100) { told.withLock { $0.append("vehicle") } })
        registry.claim(
            .platform(username: "oem-a"), by: .init(id: 2, claimedAt: 100) { told.withLock { $0.append("platform") } })
        let mine = registry.sessionID(1)
        func claim(_ identity: String, session: Int64, at: Int64) -> IdentityClaim {
            IdentityClaim(identity: identity, session: session, claimedAt: at)
        }

        // The holder's own claim, older logins, a tie lost on the session, identities held by nobody here: nothing.
        #expect(registry.supersede(by: [claim("vehicle:\(Self.vin)", session: mine, at: 100)]) == 0)
        #expect(registry.supersede(by: [claim("vehicle:\(Self.vin)", session: .max, at: 99)]) == 0)
        #expect(registry.supersede(by: [claim("vehicle:\(Self.vin)", session: mine - 1, at: 100)]) == 0)
        #expect(registry.supersede(by: [claim("vehicle:LOTHERVIN00000000", session: .max, at: 500)]) == 0)
        #expect(registry.supersede(by: [claim("terminal:\(Self.vin)", session: .max, at: 500)]) == 0)
        #expect(told.withLock { $0 }.isEmpty)

        // A tie won on the session, and a newer platform login: each holder told once, however often it is read.
        let newer = [
            claim("vehicle:\(Self.vin)", session: mine + 1, at: 100), claim("platform:oem-a", session: 3, at: 101),
        ]
        #expect(registry.supersede(by: newer) == 2)
        #expect(registry.supersede(by: newer) == 0)
        #expect(told.withLock { $0 }.sorted() == ["platform", "vehicle"])
    }

    @Test("claim keys round-trip; other keys are no identity")
    func claimKeys() {
        for identity in [GatewaySession.Identity.vehicle(vin: Self.vin), .platform(username: "oem:a")] {
            #expect(GatewaySession.Identity(claimKey: identity.claimKey) == identity)
        }
        #expect(GatewaySession.Identity(claimKey: "vin:\(Self.vin)") == nil)
    }
}
