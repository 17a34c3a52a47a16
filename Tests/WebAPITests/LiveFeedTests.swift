import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import Logging
import Model
import SQLiteStore
import Store
import Synchronization
import Testing
import WSClient
import WebAPI

/// The WebSocket live feed on a live server: scoped by the caller's role, refused without a token, audited.
@Suite("Live feed")
struct LiveFeedTests {
    struct EventJSON: Decodable {
        let kind: String
        let vin: String
        let city: String?
        let reason: String?
        let report: TelemetryAPITests.ReportJSON?
    }

    static let v = APIFixture.vehicles.map(\.vin.rawValue)

    static func state(_ index: Int, soc: Int) -> LiveEvent {
        let record = APIFixture.vehicles[index]
        var row = TelemetryRow(vin: record.vin.rawValue, collectedAt: 1_795_570_207_000_000, receivedAt: 0, raw: [])
        row.socPercent = soc
        return LiveEvent(
            kind: .state, vin: record.vin.rawValue, enterprise: record.enterprise, city: record.city,
            at: row.collectedAt, report: row)
    }

    static func application(_ fixture: APIFixture) throws -> some ApplicationProtocol {
        var configuration = PlatformConfiguration()
        configuration.httpPort = 0
        var logger = Logger(label: "test.live")
        logger.logLevel = .warning
        return try PlatformAPI.application(configuration: configuration, services: fixture.services, logger: logger)
    }

    @Test func aCitySeesOnlyItsVehiclesAndTheProvinceSeesAll() async throws {
        let fixture = try await APIFixture.make()
        defer { fixture.cleanUp() }
        let feed = fixture.services.liveFeed
        let t = fixture.tokens
        let v = Self.v
        try await Self.application(fixture).test(.live) { client in
            // Ningbo (a city): v[1] and v[2] are registered there, v[0] in Hangzhou; unregistered never.
            let seen = Mutex<[EventJSON]>([])
            try await client.ws("/api/v1/live?access_token=\(t["ningbo"] ?? "")") { inbound, _, _ in
                while feed.subscriberCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
                feed.publish([
                    Self.state(0, soc: 10), Self.state(2, soc: 20),
                    LiveEvent(kind: .online, vin: "LUNREGISTERED0001", enterprise: nil, city: nil, at: 1),
                    LiveEvent(
                        kind: .offline, vin: v[1], enterprise: "geely", city: .ningbo, at: 2, reason: "logout"),
                ])
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                for _ in 0..<2 {
                    guard case .text(let text) = try await messages.next() else { break }
                    let event = try JSONDecoder().decode(EventJSON.self, from: Data(text.utf8))
                    seen.withLock { $0.append(event) }
                }
            }
            let events = seen.withLock { $0 }
            #expect(events.map(\.vin) == [v[2], v[1]], "only Ningbo's vehicles, in order")
            #expect(events.first?.report?.soc == 20)
            #expect(events.first?.city == "ningbo")
            #expect(events.last?.kind == "offline")
            #expect(events.last?.reason == "logout")

            // The province, by header, narrowed to one vehicle.
            let province = Mutex<[String]>([])
            var configuration = WebSocketClientConfiguration()
            configuration.additionalHeaders = [.authorization: "Bearer \(t["province"] ?? "")"]
            try await client.ws("/api/v1/live?vin=LUNREGISTERED0001", configuration: configuration) { inbound, _, _ in
                while feed.subscriberCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
                feed.publish([
                    Self.state(0, soc: 10),
                    LiveEvent(
                        kind: .online, vin: "LUNREGISTERED0001", enterprise: nil, city: nil, at: 1, reason: "data"),
                ])
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                if case .text(let text) = try await messages.next() {
                    province.withLock { $0.append(text) }
                }
            }
            #expect(province.withLock { $0.count } == 1)
            #expect(province.withLock { $0.first?.contains("\"vin\":\"LUNREGISTERED0001\"") } == true)

            // No token: no upgrade (the HTTP answer is 401); a plain GET with a token is told to upgrade.
            await #expect(throws: (any Error).self) {
                try await client.ws("/api/v1/live") { _, _, _ in }
            }
            try await client.execute(uri: "/api/v1/live", method: .get, headers: auth(t["province"])) { response in
                #expect(response.status == .upgradeRequired)
            }
        }
        let audit = try await fixture.store.audit.query(AuditQuery(action: "vehicle.live.subscribe"))
        #expect(audit.count == 2)
        #expect(Set(audit.map(\.resource)) == ["*", "LUNREGISTERED0001"])
    }
}
