import Charging
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import Store
import Testing

@testable import WebAPI

/// Charging over HTTP: imports all or nothing with every problem named, the public finder with field-level errors,
/// scoped registry reads and statistics.
@Suite("Charging API")
struct ChargingAPITests {
    static let header =
        "station_id,operator_id,station_name,area_code,lng,lat,coord,station_type,station_status,free_parking,prices,equipment_id,equipment_type,equipment_power_kw,connector_id,connector_type,power_kw"
    static let csv = """
        \(header)
        HZ-1,MA01H3BQ2,西湖站,330106,120.1551,30.2741,wgs84,1,50,1,000000:0.35:0.8,HZ-1-E1,1,120,HZ-1-C1,4,120
        HZ-1,MA01H3BQ2,西湖站,330106,120.1551,30.2741,wgs84,1,50,1,000000:0.35:0.8,HZ-1-E2,2,7,HZ-1-C2,3,7
        HZ-2,MA01H3BQ2,滨江站,330108,120.2100,30.2080,wgs84,1,50,0,,HZ-2-E1,2,7,HZ-2-C1,3,7
        NB-1,313744932,宁波站,330203,121.5500,29.8700,wgs84,1,50,1,,NB-1-E1,1,60,NB-1-C1,4,60
        """

    struct Matches: Decodable {
        struct Match: Decodable {
            struct Station: Decodable {
                let id: String
                let city: String
            }
            let station: Station
            let distanceM: Double
            let matchingConnectors: Int
        }
        let coord: String
        let chargers: [Match]
        let truncated: Bool?
    }

    struct StationList: Decodable {
        struct Station: Decodable { let id: String }
        let stations: [Station]
        let total: Int
    }

    struct ImportError: Decodable {
        struct Row: Decodable {
            let row: Int
            let column: String?
            let message: String
        }
        let rows: [Row]
    }

    /// Registers the operators (one linked to geely) and imports the sample CSV as the province.
    static func load(_ client: any TestClientProtocol, _ fixture: APIFixture) async throws {
        let province = auth(fixture.tokens["province"])
        for (id, body) in [
            ("MA01H3BQ2", #"{"name":"特来电","enterprise":"geely"}"#), ("313744932", #"{"name":"星星充电"}"#),
        ] {
            try await client.execute(
                uri: "/api/v1/charging/operators/\(id)", method: .put, headers: province, body: jsonBody(body)
            ) { #expect($0.status == .ok) }
        }
        try await client.execute(
            uri: "/api/v1/charging/stations/import/csv", method: .post, headers: province, body: jsonBody(csv)
        ) { response in
            #expect(response.status == .ok)
            let result = try decode(ImportResultView.self, response)
            #expect(result.imported == 3 && result.connectors == 4)
        }
    }

    @Test func theFinderIsPublicAndRanksByDistanceInEitherDatum() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            try await Self.load(client, fixture)
            try await client.execute(
                uri: "/api/v1/charging/status", method: .post, headers: auth(fixture.tokens["province"]),
                body: jsonBody(#"[{"connectorId":"HZ-1-C1","status":3},{"connectorId":"nope","status":1}]"#)
            ) { response in
                let result = try decode(StatusUpdateResultView.self, response)
                #expect(result.applied == 1 && result.unknownConnectors == ["nope"])
            }
            // No token: the public finder answers.
            try await client.execute(
                uri: "/api/v1/chargers/nearest?lat=30.2741&lng=120.1551&radius_km=20", method: .get
            ) { response in
                #expect(response.status == .ok)
                let matches = try decode(Matches.self, response)
                #expect(matches.chargers.map(\.station.id) == ["HZ-1", "HZ-2"])
                #expect(matches.chargers[0].distanceM < 1)
            }
            // The same place in GCJ-02 finds the same station at the same spot.
            let gcj = GeoPoint(longitude: 120.1551, latitude: 30.2741).wgs84ToGCJ02
            try await client.execute(
                uri: "/api/v1/chargers/nearest?lat=\(gcj.latitude)&lng=\(gcj.longitude)&coord=gcj02&limit=1",
                method: .get
            ) { response in
                let matches = try decode(Matches.self, response)
                #expect(matches.coord == "gcj02" && matches.chargers.map(\.station.id) == ["HZ-1"])
                #expect(matches.chargers[0].distanceM < 1)
            }
            // HZ-1's DC connector is charging now: "available DC" skips it.
            try await client.execute(
                uri: "/api/v1/chargers/nearest?lat=30.2741&lng=120.1551&radius_km=100&dc=true&available=true",
                method: .get
            ) { response in
                let ids = try decode(Matches.self, response).chargers.map(\.station.id)
                #expect(ids == [])
            }
            try await client.execute(
                uri: "/api/v1/chargers/nearest?lat=30.2741&lng=120.1551&radius_km=100&free_parking=true&min_kw=60",
                method: .get
            ) { response in
                let value = try decode(Matches.self, response).chargers.map(\.station.id)
                #expect(value == ["HZ-1"], "NB-1 is 140 km away")
            }
            try await client.execute(
                uri: "/api/v1/chargers/box?min_lng=120&min_lat=30&max_lng=120.5&max_lat=30.5&limit=1", method: .get
            ) { response in
                let matches = try decode(Matches.self, response)
                #expect(matches.chargers.map(\.station.id) == ["HZ-1"] && matches.truncated == true)
            }
        }
    }

    @Test(arguments: [
        ("lng=120&radius_km=5", "lat"), ("lat=30&lng=120&radius_km=500", "radius_km"), ("lat=30&lng=abc", "lng"),
        ("lat=30&lng=120&coord=bd09", "coord"), ("lat=30&lng=120&dc=maybe", "dc"),
        ("lat=30&lng=120&connector_type=9", "connector_type"), ("lat=30&lng=120&limit=0", "limit"),
        ("lat=30&lng=120&operator_id=x", "operator_id"),
    ])
    func badFinderParametersAreNamed(query: String, field: String) async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            try await client.execute(uri: "/api/v1/chargers/nearest?\(query)", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(ErrorShape.from(response)?.field == field)
            }
        }
    }

    @Test func aBadImportStoresNothingAndListsEveryProblem() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            let province = auth(fixture.tokens["province"])
            try await client.execute(
                uri: "/api/v1/charging/operators/MA01H3BQ2", method: .put, headers: province,
                body: jsonBody(#"{"name":"特来电"}"#)
            ) { #expect($0.status == .ok) }
            let bad = """
                \(Self.header)
                OK-1,MA01H3BQ2,好站,330106,120.1,30.2,,1,50,1,,OK-1-E1,1,120,OK-1-C1,4,120
                BAD-1,MA01H3BQ2,坏站,330106,120.1,30.2,,1,50,1,,BAD-1-E1,1,lots,BAD-1-C1,4,120
                BAD-2,MA01H3BQ2,坏站,330106,120.1,30.2,,7,50,1,,BAD-2-E1,1,120,BAD-2-C1,4,120
                """
            try await client.execute(
                uri: "/api/v1/charging/stations/import/csv", method: .post, headers: province, body: jsonBody(bad)
            ) { response in
                #expect(response.status == .badRequest)
                let rows = try decode(ImportError.self, response).rows
                #expect(rows.map(\.row) == [3, 4] && rows.map(\.column) == ["equipment_power_kw", "station_type"])
            }
            // T/CEC JSON: the problem named by its path; an unregistered operator is a problem too.
            let tcec = """
                {"StationInfos":[{"StationID":"T1","OperatorID":"999999999","StationName":"x","AreaCode":"330106",
                 "StationLng":120.1,"StationLat":30.2,"StationType":1,"StationStatus":50,
                 "EquipmentInfos":[{"EquipmentID":"T1-E","EquipmentType":1,"Power":"x","ConnectorInfos":[]}]}]}
                """
            try await client.execute(
                uri: "/api/v1/charging/stations/import/tcec", method: .post, headers: province, body: jsonBody(tcec)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(ErrorShape.from(response)?.field == "StationInfos[0].EquipmentInfos[0].Power")
            }
            let unknownOperator = tcec.replacingOccurrences(of: "\"Power\":\"x\"", with: "\"Power\":60")
                .replacingOccurrences(
                    of: "\"ConnectorInfos\":[]",
                    with: #""ConnectorInfos":[{"ConnectorID":"T1-C","ConnectorType":4,"Power":60}]"#)
            try await client.execute(
                uri: "/api/v1/charging/stations/import/tcec", method: .post, headers: province,
                body: jsonBody(unknownOperator)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(ErrorShape.from(response)?.field == "StationInfos[0].OperatorID")
            }
            try await client.execute(uri: "/api/v1/charging/stations", method: .get, headers: province) { response in
                let value = try decode(StationList.self, response).total
                #expect(value == 0, "nothing was imported")
            }
        }
    }

    @Test func registryReadsAndStatisticsAreScoped() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            try await Self.load(client, fixture)
            for (token, expected) in [
                ("province", ["HZ-1", "HZ-2", "NB-1"]), ("ningbo", ["NB-1"]), ("geely", ["HZ-1", "HZ-2"]),
            ] {
                try await client.execute(
                    uri: "/api/v1/charging/stations", method: .get, headers: auth(fixture.tokens[token])
                ) { response in
                    let ids = try decode(StationList.self, response).stations.map(\.id)
                    #expect(ids == expected, "\(token)")
                }
            }
            try await client.execute(
                uri: "/api/v1/charging/stations/HZ-1", method: .get, headers: auth(fixture.tokens["ningbo"])
            ) { #expect($0.status == .notFound, "outside the city's scope") }
            try await client.execute(
                uri: "/api/v1/charging/stations/HZ-1", method: .get, headers: auth(fixture.tokens["geely"])
            ) { #expect($0.status == .ok, "its own operator's station") }
            try await client.execute(
                uri: "/api/v1/charging/stats?city=hangzhou", method: .get, headers: auth(fixture.tokens["ningbo"])
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/api/v1/charging/stats", method: .get, headers: auth(fixture.tokens["province"])
            ) { response in
                let stats = try decode(ChargingStatsView.self, response)
                #expect(stats.stations == 3 && stats.publicChargers == 4 && stats.connectors == 4)
                #expect(stats.stationsByCity == ["hangzhou": 2, "ningbo": 1])
            }
            try await client.execute(
                uri: "/api/v1/charging/hydrogen-stations", method: .post, headers: auth(fixture.tokens["province"]),
                body: jsonBody(
                    #"[{"id":"H2-1","name":"嘉兴加氢站","city":"jiaxing","lng":120.75,"lat":30.75,"status":50,"pressuresMpa":[35,70],"dailyCapacityKg":1000}]"#
                )
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/api/v1/charging/hydrogen-stations", method: .post, headers: auth(fixture.tokens["province"]),
                body: jsonBody(
                    #"[{"id":"H2-2","name":"x","city":"jiaxing","lng":120.75,"lat":30.75,"status":50,"pressuresMpa":[50],"dailyCapacityKg":1}]"#
                )
            ) { response in
                #expect(response.status == .badRequest)
                #expect(ErrorShape.from(response)?.field == "[0].pressuresMpa")
            }
            try await client.execute(
                uri: "/api/v1/charging/stats", method: .get, headers: auth(fixture.tokens["ningbo"])
            ) { response in
                let stats = try decode(ChargingStatsView.self, response)
                #expect(stats.stations == 1 && stats.hydrogenStations == 0)
            }
        }
    }
}
