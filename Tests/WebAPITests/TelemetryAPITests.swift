import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import SQLiteStore
import Store
import Testing

@testable import WebAPI

/// What the gateway stored, over HTTP: latest state, telemetry with downsampling, GeoJSON track, raw frames,
/// events, fleet summary; scoped like the registry, with reads of positions audited.
@Suite("Telemetry API")
struct TelemetryAPITests {
    struct ReportJSON: Decodable {
        let collectedAt: String
        let soc: Int?
        let speedKmh: Double?
        let longitude: Double?
        let latitude: Double?
        let reissue: Bool
        let maxCellVoltage: Double?
    }

    struct StateJSON: Decodable {
        let vin: String
        let online: Bool
        let lastSeenAt: String?
        let report: ReportJSON?
    }

    struct SeriesJSON: Decodable {
        let vin: String
        let every: Int?
        let truncated: Bool
        let reports: [ReportJSON]
    }

    struct TrackJSON: Decodable {
        struct Geometry: Decodable {
            let type: String
            let coordinates: [[Double]]
        }
        struct Properties: Decodable {
            let vin: String
            let times: [String]
        }
        let type: String
        let geometry: Geometry
        let properties: Properties
    }

    struct FramesJSON: Decodable {
        struct Frame: Decodable {
            let hex: String
            let edition: String?
            let command: Int?
            let collectedAt: String?
        }
        let frames: [Frame]
        let truncated: Bool
    }

    struct EventsJSON: Decodable {
        struct Event: Decodable {
            let kind: String
            let reason: String
        }
        let events: [Event]
    }

    struct CountsJSON: Decodable, Equatable {
        let vehicles: Int
        let online: Int
        let driving: Int
        let charging: Int
        let alarming: Int
    }

    struct SummaryJSON: Decodable {
        struct City: Decodable {
            let city: String
            let name: String
            let counts: CountsJSON
        }
        struct Enterprise: Decodable {
            let enterprise: String
            let counts: CountsJSON
        }
        let total: CountsJSON
        let byCity: [City]
        let byEnterprise: [Enterprise]
    }

    struct AuditJSON: Decodable {
        let action: String
        let resource: String
        let outcome: String
        let actor: String
    }

    static let v = APIFixture.vehicles.map(\.vin.rawValue)
    /// 2026-11-25T00:00:00Z.
    static let day: Int64 = 1_795_564_800 * 1_000_000
    static let second: Int64 = 1_000_000

    /// The Hangzhou Geely taxi (v[0]) drives for an hour reporting every 10 s, online; the Ningbo Zeekr (v[2])
    /// is charging and online; a late reissue for v[0] from before the hour arrives last.
    static func seed(_ store: SQLiteStore) async throws {
        var reports: [TelemetryRow] = []
        for i in 0..<360 {
            let at = day + Int64(i) * 10 * second
            var row = TelemetryRow(
                vin: v[0], collectedAt: at, receivedAt: at + 200_000,
                raw: [0x23, 0x23, 0x02, 0xFE, UInt8(truncatingIfNeeded: i)])
            row.socPercent = 80 - i / 10
            row.speedKmh = 40
            row.vehicleState = 1
            row.chargeState = 3
            row.maxAlarmLevel = 0
            row.maxCellVoltage = 4.01
            // Every tenth report has no fix: the track skips it.
            if i % 10 != 5 {
                row.longitude = 120.15 + Double(i) / 10_000
                row.latitude = 30.28
            }
            reports.append(row)
        }
        var charging = TelemetryRow(vin: v[2], collectedAt: day, receivedAt: day, raw: [0x24, 0x24, 0x02])
        charging.chargeState = 1
        charging.vehicleState = 2
        charging.speedKmh = 0
        charging.maxAlarmLevel = 1
        reports.append(charging)
        var reissue = TelemetryRow(
            vin: v[0], collectedAt: day - 60 * second, receivedAt: day + 4000 * second, reissue: true,
            raw: [0x23, 0x23, 0x03])
        reissue.socPercent = 99
        let login = ArchivedFrame(
            vin: v[0], receivedAt: day - 1, session: 1, edition: 2016, command: 1, raw: [0x23, 0x23, 0x01, 0xFE])
        try await store.telemetry.ingest(
            IngestBatch(
                reports: reports, frames: [login],
                presence: [
                    PresenceChange(vin: v[0], at: day - 1, online: true, reason: "login", session: 1),
                    PresenceChange(vin: v[2], at: day, online: true, reason: "data", session: 2),
                ]))
        try await store.telemetry.ingest(IngestBatch(reports: [reissue]))
    }

    static func range(_ from: Int64, _ to: Int64) -> String {
        "from=\(Clock.iso8601(micros: from))&to=\(Clock.iso8601(micros: to))"
    }

    @Test func latestStateTelemetryAndTrack() async throws {
        let fixture = try await APIFixture.make()
        try await Self.seed(fixture.store)
        let t = fixture.tokens
        let v = Self.v
        let hour = Self.range(Self.day - 3600 * Self.second, Self.day + 3600 * Self.second)
        try await fixture.test { client in
            try await client.execute(uri: "/api/v1/vehicles/\(v[0])/state", method: .get, headers: auth(t["geely"])) {
                response in
                #expect(response.status == .ok)
                let state = try decode(StateJSON.self, response)
                #expect(state.online)
                // The late reissue (SOC 99, older) did not replace the newest report.
                #expect(state.report?.soc == 45)
                #expect(state.report?.collectedAt == Clock.iso8601(micros: Self.day + 3590 * Self.second))
                #expect(state.lastSeenAt == Clock.iso8601(micros: Self.day + 4000 * Self.second))
            }
            try await client.execute(
                uri: "/api/v1/vehicles/\(v[0])/telemetry?\(hour)", method: .get, headers: auth(t["hangzhou"])
            ) {
                response in
                #expect(response.status == .ok)
                let series = try decode(SeriesJSON.self, response)
                #expect(series.reports.count == 361, "the hour and the reissue placed before it")
                #expect(series.reports.first?.reissue == true)
                #expect(series.reports.first?.soc == 99)
                #expect(series.reports.dropFirst().first?.maxCellVoltage == 4.01)
                #expect(!series.truncated)
            }
            try await client.execute(
                uri: "/api/v1/vehicles/\(v[0])/telemetry?\(hour)&every=600&limit=3", method: .get,
                headers: auth(t["province"])
            ) { response in
                let series = try decode(SeriesJSON.self, response)
                #expect(series.every == 600)
                #expect(series.reports.map(\.soc) == [99, 80, 74], "one report per 10 minutes, limited to 3")
                #expect(series.truncated)
            }
            try await client.execute(
                uri: "/api/v1/vehicles/\(v[0])/track?\(hour)", method: .get, headers: auth(t["geely"])
            ) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/geo+json")
                let track = try decode(TrackJSON.self, response)
                #expect(track.type == "Feature")
                #expect(track.geometry.type == "LineString")
                #expect(track.geometry.coordinates.count == 324, "360 reports, 36 without a fix")
                #expect(track.geometry.coordinates.first == [120.15, 30.28])
                #expect(track.properties.times.count == 324)
            }
            // Out of scope: a Ningbo city user and Zeekr may not see the Hangzhou Geely taxi.
            for who in ["ningbo", "zeekr"] {
                try await client.execute(uri: "/api/v1/vehicles/\(v[0])/track", method: .get, headers: auth(t[who])) {
                    response in
                    #expect(response.status == .forbidden, "\(who)")
                }
            }
            // Bad input names its field.
            for (query, field) in [
                ("from=yesterday", "from"), ("every=0", "every"), ("limit=0", "limit"),
                ("from=2026-11-25T10:00:00Z&to=2026-11-25T09:00:00Z", "from"),
            ] {
                try await client.execute(
                    uri: "/api/v1/vehicles/\(v[0])/telemetry?\(query)", method: .get, headers: auth(t["province"])
                ) { response in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(ErrorShape.from(response)?.field == field, "\(query)")
                }
            }
            // A registered vehicle never heard from is offline with no report; an unregistered VIN is not found
            // for a city (nor for the province, until it reports).
            try await client.execute(uri: "/api/v1/vehicles/\(v[3])/state", method: .get, headers: auth(t["hangzhou"]))
            {
                response in
                #expect(response.status == .ok)
                let state = try decode(StateJSON.self, response)
                #expect(!state.online && state.report == nil && state.lastSeenAt == nil)
            }
            try await client.execute(
                uri: "/api/v1/vehicles/LGXCE6CB0R0000001/state", method: .get, headers: auth(t["province"])
            ) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(
                uri: "/api/v1/vehicles/LGXCE6CB0R0000001/telemetry", method: .get, headers: auth(t["hangzhou"])
            ) { response in
                #expect(response.status == .notFound)
            }
            // Reads of positions are audited, with the actor and the range.
            try await client.execute(uri: "/api/v1/audit?limit=100", method: .get, headers: auth(t["province"])) {
                response in
                let entries = try decode([AuditJSON].self, response)
                let reads = entries.filter { $0.action.hasPrefix("vehicle.") && $0.outcome == "ok" }
                #expect(
                    Set(reads.map(\.action)) == ["vehicle.state.read", "vehicle.telemetry.read", "vehicle.track.read"])
                #expect(reads.filter { $0.resource == v[0] }.count == 4)
                #expect(entries.contains { $0.action == "scope.denied" && $0.resource == "vehicle:\(v[0])" })
            }
        }
    }

    @Test func rawFramesAreForTheProvinceOnly() async throws {
        let fixture = try await APIFixture.make()
        try await Self.seed(fixture.store)
        let t = fixture.tokens
        let v = Self.v
        let window = Self.range(Self.day - 10 * Self.second, Self.day + 15 * Self.second)
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/vehicles/\(v[0])/frames?\(window)", method: .get, headers: auth(t["province"])
            ) { response in
                #expect(response.status == .ok)
                let list = try decode(FramesJSON.self, response)
                #expect(list.frames.map(\.hex) == ["232301fe", "232302fe00", "232302fe01"])
                #expect(list.frames.map(\.command) == [1, 2, 2])
                #expect(list.frames.map(\.edition) == ["2016", "2016", "2016"])
                #expect(list.frames.first?.collectedAt == nil)
            }
            for who in ["hangzhou", "geely"] {
                try await client.execute(uri: "/api/v1/vehicles/\(v[0])/frames", method: .get, headers: auth(t[who])) {
                    response in
                    #expect(response.status == .forbidden, "\(who)")
                }
            }
            try await client.execute(uri: "/api/v1/vehicles/\(v[0])/events", method: .get, headers: auth(t["geely"])) {
                response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/api/v1/vehicles/\(v[0])/events?from=2026-11-24T00:00:00Z&to=2026-11-26T00:00:00Z", method: .get,
                headers: auth(t["geely"])
            ) { response in
                let events = try decode(EventsJSON.self, response)
                #expect(events.events.map(\.kind) == ["online"])
                #expect(events.events.map(\.reason) == ["login"])
            }
        }
    }

    @Test func fleetSummaryAndStateFiltersAreScoped() async throws {
        let fixture = try await APIFixture.make()
        try await Self.seed(fixture.store)
        let t = fixture.tokens
        let v = Self.v
        try await fixture.test { client in
            try await client.execute(uri: "/api/v1/fleet/summary", method: .get, headers: auth(t["province"])) {
                response in
                #expect(response.status == .ok)
                let summary = try decode(SummaryJSON.self, response)
                #expect(summary.total == CountsJSON(vehicles: 4, online: 2, driving: 1, charging: 1, alarming: 1))
                #expect(summary.byCity.map(\.city) == ["hangzhou", "ningbo"])
                #expect(summary.byCity.first?.name == "杭州市")
                #expect(summary.byEnterprise.map(\.enterprise) == ["geely", "leapmotor", "zeekr"])
            }
            try await client.execute(uri: "/api/v1/fleet/summary", method: .get, headers: auth(t["ningbo"])) {
                response in
                let summary = try decode(SummaryJSON.self, response)
                #expect(summary.total == CountsJSON(vehicles: 2, online: 1, driving: 0, charging: 1, alarming: 1))
                #expect(summary.byCity.map(\.city) == ["ningbo"])
            }
            try await client.execute(
                uri: "/api/v1/fleet/summary?city=hangzhou", method: .get, headers: auth(t["ningbo"])
            ) {
                response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/fleet/summary", method: .get, headers: auth(t["geely"])) {
                response in
                let summary = try decode(SummaryJSON.self, response)
                #expect(summary.total.vehicles == 2)
                #expect(summary.total.driving == 1)
                #expect(summary.byEnterprise.map(\.enterprise) == ["geely"])
            }
            for (query, expected) in [
                ("online=true", [v[0], v[2]]), ("online=false", [v[1], v[3]]), ("charging=true", [v[2]]),
                ("alarm_level=1", [v[2]]), ("online=true&city=hangzhou", [v[0]]),
            ] {
                try await client.execute(uri: "/api/v1/vehicles?\(query)", method: .get, headers: auth(t["province"])) {
                    response in
                    #expect(response.status == .ok, "\(query)")
                    let page = try decode(VehicleAPITests.PageJSON.self, response)
                    #expect(page.vehicles.map(\.vin) == expected.sorted(), "\(query)")
                }
            }
            try await client.execute(uri: "/api/v1/vehicles?online=yes", method: .get, headers: auth(t["province"])) {
                response in
                #expect(response.status == .badRequest)
                #expect(ErrorShape.from(response)?.field == "online")
            }
        }
    }
}

/// The hand-written JSON of the large responses must say what JSONEncoder says.
@Suite("Telemetry JSON")
struct TelemetryJSONTests {
    @Test("series and track JSON parse to the same values as JSONEncoder's, for rows with and without values")
    func handWrittenJSONMatchesTheEncoder() throws {
        var rows: [TelemetryRow] = []
        for i in 0..<200 {
            var row = TelemetryRow(
                vin: "LVBV3J0BXLW010382", collectedAt: 1_795_564_800_000_000 + Int64(i) * 10_000_123,
                receivedAt: 1_795_564_800_000_000 + Int64(i) * 10_000_000 + 7, reissue: i % 9 == 0, raw: [])
            if i % 3 != 0 {
                row.speedKmh = Double(i) / 10
                row.odometerKm = 93_266.1 + Double(i) * 0.123
                row.socPercent = i % 101
                row.packVoltage = 341.7
                row.packCurrent = i % 2 == 0 ? -2.5 : 1e-5
                row.longitude = 120.123_456_7 + Double(i) / 1e6
                row.latitude = 30.2
                row.vehicleState = 1
                row.chargeState = 3
                row.maxAlarmLevel = i % 4
                row.maxCellVoltage = 4.012
                row.minCellVoltage = 3.9
                row.maxTemperature = 31
                row.minTemperature = -40
            }
            rows.append(row)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for every in [nil, 60] {
            let series = TelemetrySeriesView(
                vin: "LVBV3J0BXLW010382", from: "2026-11-25T00:00:00.000Z", to: "2026-11-26T00:00:00.000Z",
                every: every, truncated: every == nil, reports: rows.map(ReportView.init))
            let fast = try JSONSerialization.jsonObject(with: Data(series.json().readableBytesView)) as? NSDictionary
            let reference = try JSONSerialization.jsonObject(with: encoder.encode(series)) as? NSDictionary
            #expect(fast != nil)
            #expect(fast == reference)
        }
        let track = TrackView(vin: "LVBV3J0BXLW010382", rows: rows, truncated: false)
        let fast = try JSONSerialization.jsonObject(with: Data(track.json().readableBytesView)) as? NSDictionary
        let reference = try JSONSerialization.jsonObject(with: encoder.encode(track)) as? NSDictionary
        #expect(fast != nil)
        #expect(fast == reference)
    }

    @Test("strings: plain ones copied whole, quotes, backslashes and control characters escaped, numbers exact")
    func writerEscapesAndFormats() throws {
        for text in ["LVBV3J0BXLW010382", "浙A·12345", "say \"hi\"", "back\\slash", "tab\tnew\nline\u{1}", ""] {
            var json = JSONWriter(capacity: 16)
            json.beginArray()
            json.string(text)
            json.number(-1_234_567_890_123)
            json.number(0)
            json.number(-40.0)
            json.number(3.905)
            json.endArray()
            let parsed = try JSONSerialization.jsonObject(with: Data(json.buffer.readableBytesView)) as? [Any]
            #expect(parsed?.first as? String == text, "\(text)")
            #expect(
                parsed?.dropFirst().compactMap { ($0 as? NSNumber)?.doubleValue } == [
                    -1_234_567_890_123, 0, -40, 3.905,
                ])
        }
    }
}
