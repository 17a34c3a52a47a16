import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import SQLiteStore
import Store
import Testing

@testable import WebAPI

/// Safety and quality over HTTP: scoped lists, acknowledgements by province and city users, an event's timeline,
/// thresholds per model with field-level errors, and the enterprise ranking as JSON and CSV.
@Suite("Safety API")
struct SafetyAPITests {
    static let v = APIFixture.vehicles.map(\.vin.rawValue)
    static let t: Int64 = 1_795_570_200 * 1_000_000
    static let s: Int64 = 1_000_000
    static let unregistered = "LZJS0000000000042"

    struct AlarmsJSON: Decodable {
        struct Alarm: Decodable {
            let id: String
            let vin: String
            let name: String
            let status: String
            let acknowledgedBy: String?
        }
        let alarms: [Alarm]
    }

    static func opened(_ vin: String, at second: Int64, name: String = "insulation", level: Int = 2)
        -> AlarmChangeRecord
    {
        AlarmChangeRecord(
            alarmID: "\(vin)-\(name)", vin: vin, category: "flag", code: 11, name: name, kind: "opened",
            at: t + second * s, level: level, previousLevel: nil, openedAt: t + second * s, reissue: false)
    }

    /// An alarm on each registered vehicle and one on an unregistered VIN; a critical event on v[0] with its
    /// reports; quality for three of the four vehicles.
    static func seed(_ store: SQLiteStore) async throws {
        try await store.safety.record(
            SafetyBatch(
                alarms: (v + [unregistered]).enumerated().map { opened($1, at: Int64($0)) },
                events: [
                    CriticalEventRecord(
                        id: "event-1", vin: v[0], status: "closed", triggeredAt: t + 100 * s, windowStart: t + 70 * s,
                        windowEnd: t + 130 * s, level: 3, maxLevel: 4, trigger: ["battery_high_temperature"])
                ],
                quality: [
                    QualityIncrement(vin: v[0], day: "2026-11-25", reports: 10, validReports: 9),
                    QualityIncrement(vin: v[2], day: "2026-11-25", reports: 4, validReports: 4),
                ]))
        try await store.safety.record(
            SafetyBatch(alarms: [opened(v[0], at: 100, name: "battery_high_temperature", level: 3)]))
        var rows: [TelemetryRow] = []
        for second in stride(from: 60, through: 140, by: 1) {
            var row = TelemetryRow(
                vin: v[0], collectedAt: t + Int64(second) * s, receivedAt: t + 200 * s, reissue: second < 100,
                raw: [0x23, 0x23])
            row.maxTemperature = 30 + Double(second - 60)
            rows.append(row)
        }
        try await store.telemetry.ingest(IngestBatch(reports: rows))
    }

    @Test("alarm lists are scoped like the registry; unregistered vehicles only for the province")
    func scopedLists() async throws {
        let fixture = try await APIFixture.make()
        try await Self.seed(fixture.store)
        try await fixture.test { client in
            func alarms(_ token: String, _ query: String = "") async throws -> [String] {
                try await client.execute(
                    uri: "/api/v1/safety/alarms\(query)", method: .get, headers: auth(fixture.tokens[token])
                ) { response in
                    #expect(response.status == .ok, "\(token) \(query)")
                    return try decode(AlarmsJSON.self, response).alarms.map(\.vin)
                }
            }
            #expect(Set(try await alarms("province")) == Set(Self.v + [Self.unregistered]))
            #expect(Set(try await alarms("ningbo")) == [Self.v[1], Self.v[2]])
            #expect(Set(try await alarms("geely")) == [Self.v[0], Self.v[1]])
            #expect(try await alarms("province", "?level=3") == [Self.v[0]])
            #expect(try await alarms("province", "?limit=2").count == 2)
            #expect(try await alarms("province", "?limit=2&offset=4").count == 2)
            #expect(try await alarms("province", "?type=battery_high_temperature&status=open") == [Self.v[0]])
            try await client.execute(
                uri: "/api/v1/safety/alarms?city=hangzhou", method: .get, headers: auth(fixture.tokens["ningbo"])
            ) { response in #expect(response.status == .forbidden) }
            try await client.execute(
                uri: "/api/v1/safety/alarms?level=5", method: .get, headers: auth(fixture.tokens["province"])
            ) { response in
                #expect(response.status == .badRequest)
                #expect(ErrorShape.from(response)?.field == "level")
            }
            // Another city's record is not found, not forbidden.
            try await client.execute(
                uri: "/api/v1/safety/alarms/\(Self.v[0])-insulation", method: .get,
                headers: auth(fixture.tokens["ningbo"])
            ) { response in #expect(response.status == .notFound) }
        }
    }

    @Test("province and city users acknowledge once and add notes; bad notes name the field")
    func acknowledge() async throws {
        let fixture = try await APIFixture.make()
        try await Self.seed(fixture.store)
        let id = "\(Self.v[2])-insulation"
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/safety/alarms/\(id)/notes", method: .post, headers: auth(fixture.tokens["ningbo"]),
                body: jsonBody(#"{"action":"acknowledge","text":"operator called"}"#)
            ) { response in #expect(response.status == .created) }
            try await client.execute(
                uri: "/api/v1/safety/alarms/\(id)/notes", method: .post, headers: auth(fixture.tokens["province"]),
                body: jsonBody(#"{"action":"note","text":"vehicle towed to the depot"}"#)
            ) { response in #expect(response.status == .created) }
            for (body, field) in [
                (#"{"action":"note"}"#, "text"), (#"{"action":"close"}"#, "action"), ("{}", "action"),
            ] {
                try await client.execute(
                    uri: "/api/v1/safety/alarms/\(id)/notes", method: .post, headers: auth(fixture.tokens["province"]),
                    body: jsonBody(body)
                ) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(ErrorShape.from(response)?.field == field, "\(body)")
                }
            }
            // Hangzhou may not act on a Ningbo vehicle's alarm.
            try await client.execute(
                uri: "/api/v1/safety/alarms/\(id)/notes", method: .post, headers: auth(fixture.tokens["hangzhou"]),
                body: jsonBody(#"{"action":"acknowledge"}"#)
            ) { response in #expect(response.status == .notFound) }
        }
        let alarm = try #require(try await fixture.store.safety.alarm(id: id))
        #expect(alarm.acknowledged?.by.isEmpty == false)
        let notes = try await fixture.store.safety.notes(subjectKind: "alarm", subjectID: id)
        #expect(notes.map(\.action) == ["acknowledge", "note"])
        #expect(notes[0].user == alarm.acknowledged?.by)
    }

    @Test("an event's timeline holds the window's reports, pre-fault reissues included, and the alarm changes in it")
    func timeline() async throws {
        struct TimelineJSON: Decodable {
            struct Report: Decodable {
                let collectedAt: String
                let reissue: Bool
            }
            struct Change: Decodable {
                let name: String
                let kind: String
            }
            let reports: [Report]
            let alarmChanges: [Change]
            let truncated: Bool
        }
        let fixture = try await APIFixture.make()
        try await Self.seed(fixture.store)
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/safety/events/event-1/timeline", method: .get, headers: auth(fixture.tokens["geely"])
            ) { response in
                #expect(response.status == .ok)
                let timeline = try decode(TimelineJSON.self, response)
                // 70 s to 130 s inclusive, one report a second; 100 s and after are live.
                #expect(timeline.reports.count == 61 && !timeline.truncated)
                #expect(timeline.reports.filter(\.reissue).count == 30)
                #expect(timeline.alarmChanges.map(\.name) == ["battery_high_temperature"])
            }
            try await client.execute(
                uri: "/api/v1/safety/events/event-1/timeline", method: .get, headers: auth(fixture.tokens["zeekr"])
            ) { response in #expect(response.status == .notFound) }
        }
        let audit = try await fixture.store.audit.query(AuditQuery(action: "safety.event.timeline.read"))
        #expect(audit.count == 1)
    }

    @Test("thresholds per model: defaults fill what is left out, a bad value names its field")
    func thresholds() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/safety/thresholds/LFP%20bus", method: .put, headers: auth(fixture.tokens["province"]),
                body: jsonBody(#"{"cellOverVoltage":3.65,"cellUnderVoltage":4.0}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(ErrorShape.from(response)?.field == "cellUnderVoltage")
            }
            try await client.execute(
                uri: "/api/v1/safety/thresholds/LFP%20bus", method: .put, headers: auth(fixture.tokens["province"]),
                body: jsonBody(#"{"cellOverVoltage":3.65}"#)
            ) { response in #expect(response.status == .ok) }
            try await client.execute(
                uri: "/api/v1/safety/thresholds", method: .get, headers: auth(fixture.tokens["geely"])
            ) { response in
                let body = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                let models = try #require(body["models"] as? [String: [String: Double]])
                #expect(models["LFP bus"]?["cellOverVoltage"] == 3.65)
                #expect(models["LFP bus"]?["cellUnderVoltage"] == 2.5)
            }
        }
    }

    @Test("the enterprise ranking: online rate over registered vehicles, as JSON and CSV")
    func ranking() async throws {
        struct ListJSON: Decodable {
            struct Item: Decodable {
                let key: String
                let rank: Int?
                let onlineRate: Double?
                let vehicles: Int
            }
            let items: [Item]
        }
        let fixture = try await APIFixture.make()
        try await Self.seed(fixture.store)
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/quality/enterprises?from=2026-11-25&to=2026-11-25", method: .get,
                headers: auth(fixture.tokens["province"])
            ) { response in
                let items = try decode(ListJSON.self, response).items
                #expect(items.map(\.key) == ["zeekr", "geely", "leapmotor"])
                #expect(items.map(\.onlineRate) == [1, 0.5, 0])
                #expect(items.map(\.rank) == [1, 2, 3])
            }
            try await client.execute(
                uri: "/api/v1/quality/enterprises?from=2026-11-25&to=2026-11-25&format=csv", method: .get,
                headers: auth(fixture.tokens["province"])
            ) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                let lines = String(buffer: response.body).split(separator: "\r\n")
                #expect(lines.count == 4)
                #expect(lines[1] == "1,zeekr,1,1,1.0000,4,4,1.0000,,")
            }
            // An enterprise sees its own row only.
            try await client.execute(
                uri: "/api/v1/quality/enterprises?from=2026-11-25&to=2026-11-25", method: .get,
                headers: auth(fixture.tokens["geely"])
            ) { response in
                let items = try decode(ListJSON.self, response).items
                #expect(items.map(\.key) == ["geely"])
            }
            try await client.execute(
                uri: "/api/v1/quality/enterprises?from=2026-11-31x", method: .get,
                headers: auth(fixture.tokens["province"])
            ) { response in #expect(ErrorShape.from(response)?.field == "from") }
        }
    }
}

/// Webhook management over HTTP.
@Suite("Webhook API")
struct WebhookAPITests {
    struct HookJSON: Decodable {
        let id: String
        let url: String
        let kinds: [String]
        let city: String?
        let secret: String?
    }
    struct ListJSON: Decodable { let webhooks: [HookJSON] }
    struct DeliveryJSON: Decodable {
        let id: String
        let status: String
        let attempts: Int
    }

    @Test("create (secret shown once, scoped to the creator), list, dead letters and retry, delete")
    func lifecycle() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            let created = try await client.execute(
                uri: "/api/v1/webhooks", method: .post, headers: auth(fixture.tokens["ningbo"]),
                body: jsonBody(#"{"url":"https://ops.example.cn/nev","kinds":["critical_event"]}"#)
            ) { response in
                #expect(response.status == .created)
                return try decode(HookJSON.self, response)
            }
            #expect(created.city == "ningbo" && created.kinds == ["critical_event"])
            #expect(created.secret?.count == 64)
            for (body, field) in [
                (#"{"url":"ftp://x"}"#, "url"), (#"{"url":"https://x.cn","kinds":["state"]}"#, "kinds"),
            ] {
                try await client.execute(
                    uri: "/api/v1/webhooks", method: .post, headers: auth(fixture.tokens["ningbo"]),
                    body: jsonBody(body)
                ) { response in #expect(ErrorShape.from(response)?.field == field, "\(body)") }
            }
            func list(_ token: String) async throws -> [HookJSON] {
                try await client.execute(uri: "/api/v1/webhooks", method: .get, headers: auth(fixture.tokens[token])) {
                    try decode(ListJSON.self, $0).webhooks
                }
            }
            #expect(try await list("ningbo").map(\.id) == [created.id])
            #expect(try await list("ningbo").first?.secret == nil, "the secret is shown only when created")
            #expect(try await list("hangzhou").isEmpty)
            #expect(try await list("province").count == 1)

            // A dead delivery can be sent again; a delivered one cannot.
            try await fixture.store.webhooks.enqueue([
                WebhookDelivery(
                    id: "d1", webhookID: created.id, event: "critical_event.opened", payload: "{}", status: "dead",
                    attempts: 8, nextAttemptAt: 0, lastError: "HTTP 503", createdAt: 1)
            ])
            try await client.execute(
                uri: "/api/v1/webhooks/\(created.id)/deliveries?status=dead", method: .get,
                headers: auth(fixture.tokens["ningbo"])
            ) { response in
                let deliveries = try decode([String: [DeliveryJSON]].self, response)["deliveries"]
                #expect(deliveries?.map(\.id) == ["d1"])
            }
            try await client.execute(
                uri: "/api/v1/webhooks/\(created.id)/deliveries/d1/retry", method: .post,
                headers: auth(fixture.tokens["ningbo"])
            ) { response in
                let delivery = try decode(DeliveryJSON.self, response)
                #expect(delivery.status == "pending" && delivery.attempts == 0)
            }
            try await client.execute(
                uri: "/api/v1/webhooks/\(created.id)/deliveries/d1/retry", method: .post,
                headers: auth(fixture.tokens["ningbo"])
            ) { response in #expect(response.status == .conflict) }
            try await client.execute(
                uri: "/api/v1/webhooks/\(created.id)", method: .delete, headers: auth(fixture.tokens["hangzhou"])
            ) { response in #expect(response.status == .notFound) }
            try await client.execute(
                uri: "/api/v1/webhooks/\(created.id)", method: .delete, headers: auth(fixture.tokens["ningbo"])
            ) { response in #expect(response.status == .noContent) }
            #expect(try await list("province").isEmpty)
        }
    }
}
