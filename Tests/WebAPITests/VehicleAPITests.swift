import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import SQLiteStore
import Store
import Testing
import WebAPI

/// The vehicle registry over HTTP: scoped reads, writes by the province and by owners, CSV import.
@Suite("Vehicle registry API")
struct VehicleAPITests {
    struct VehicleJSON: Decodable {
        let vin: String
        let enterprise: String
        let model: String
        let fuelType: String
        let usage: String
        let city: String
        let plate: String?
        let registeredAt: String?
        let createdAt: String
        let vinCheckDigitValid: Bool
    }

    struct PageJSON: Decodable {
        let vehicles: [VehicleJSON]
        let total: Int
        let nextCursor: String?
    }

    struct ImportJSON: Decodable {
        struct Row: Decodable {
            let row: Int
            let column: String?
            let message: String
        }
        let imported: Int
        let warnings: [Row]
        let warningCount: Int
    }

    struct ImportErrorJSON: Decodable {
        let error: ErrorShape.Detail
        let rows: [ImportJSON.Row]
    }

    struct AuditJSON: Decodable {
        let action: String
        let resource: String
        let outcome: String
    }

    static let v = APIFixture.vehicles.map(\.vin.rawValue)
    static let header = "vin,enterprise,model,fuel_type,usage,city,plate\n"

    static func csvHeaders(_ token: String?) -> HTTPFields {
        var headers = auth(token)
        headers[.contentType] = "text/csv; charset=utf-8"
        return headers
    }

    @Test func listsAreScopedToTheCallersCityOrEnterprise() async throws {
        let fixture = try await APIFixture.make()
        let t = fixture.tokens
        let v = Self.v
        try await fixture.test { client in
            let cases: [(String, [String])] = [
                ("province", v.sorted()), ("hangzhou", [v[0], v[3]].sorted()), ("ningbo", [v[1], v[2]].sorted()),
                ("geely", [v[0], v[1]].sorted()), ("zeekr", [v[2]]),
            ]
            for (who, expected) in cases {
                try await client.execute(uri: "/api/v1/vehicles", method: .get, headers: auth(t[who])) { response in
                    #expect(response.status == .ok, "\(who)")
                    let page = try decode(PageJSON.self, response)
                    #expect(page.vehicles.map(\.vin) == expected, "\(who)")
                    #expect(page.total == expected.count, "\(who)")
                    #expect(page.nextCursor == nil)
                }
            }
            // Filters inside the scope narrow it.
            try await client.execute(
                uri: "/api/v1/vehicles?enterprise=geely", method: .get, headers: auth(t["hangzhou"])
            ) { response in
                let decoded = try decode(PageJSON.self, response)
                #expect(decoded.vehicles.map(\.vin) == [v[0]])
            }
            try await client.execute(uri: "/api/v1/vehicles?city=ningbo", method: .get, headers: auth(t["geely"])) {
                response in
                let decoded = try decode(PageJSON.self, response)
                #expect(decoded.vehicles.map(\.vin) == [v[1]])
            }
            try await client.execute(
                uri: "/api/v1/vehicles?usage=RIDE-HAILING&fuel_type=bev&city=330200", method: .get,
                headers: auth(t["province"])
            ) { response in
                let page = try decode(PageJSON.self, response)
                #expect(page.vehicles.map(\.vin) == [v[2]])
                #expect(page.vehicles.first?.usage == "ride_hailing" && page.vehicles.first?.fuelType == "BEV")
            }
            try await client.execute(uri: "/api/v1/vehicles", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(ErrorShape.from(response)?.code == "unauthenticated")
            }
        }
    }

    @Test func aFilterOutsideTheScopeIsRefusedAndAudited() async throws {
        let fixture = try await APIFixture.make()
        let t = fixture.tokens
        try await fixture.test { client in
            for (who, query) in [("ningbo", "city=hangzhou"), ("geely", "enterprise=zeekr")] {
                try await client.execute(uri: "/api/v1/vehicles?\(query)", method: .get, headers: auth(t[who])) {
                    response in
                    #expect(response.status == .forbidden, "\(who) \(query)")
                    #expect(ErrorShape.from(response)?.code == "forbidden")
                }
            }
            // The caller's own city or enterprise is no trespass.
            for (who, query) in [("ningbo", "city=ningbo"), ("geely", "enterprise=geely")] {
                try await client.execute(uri: "/api/v1/vehicles?\(query)", method: .get, headers: auth(t[who])) {
                    #expect($0.status == .ok, "\(who) \(query)")
                }
            }
            try await client.execute(
                uri: "/api/v1/audit?action=scope.denied", method: .get, headers: auth(t["province"])
            ) { response in
                let resources = try decode([AuditJSON].self, response).map(\.resource)
                #expect(Set(resources) == ["vehicles?city=hangzhou", "vehicles?enterprise=zeekr"])
            }
        }
    }

    @Test(arguments: [
        ("usage=tractor", "usage"), ("fuel_type=diesel", "fuel_type"), ("city=shanghai", "city"),
        ("enterprise=a/b", "enterprise"), ("limit=0", "limit"), ("limit=1001", "limit"), ("limit=x", "limit"),
        ("offset=-1", "offset"), ("cursor=nope", "cursor"),
    ])
    func badFiltersNameTheParameter(query: String, field: String) async throws {
        let fixture = try await APIFixture.make()
        let token = fixture.tokens["province"]
        try await fixture.test { client in
            try await client.execute(uri: "/api/v1/vehicles?\(query)", method: .get, headers: auth(token)) { response in
                #expect(response.status == .badRequest)
                #expect(ErrorShape.from(response)?.field == field)
            }
        }
    }

    @Test func pagesFollowTheCursorOrTheOffset() async throws {
        let fixture = try await APIFixture.make()
        let token = fixture.tokens["province"]
        let sorted = Self.v.sorted()
        try await fixture.test { client in
            var cursor: String?
            try await client.execute(uri: "/api/v1/vehicles?limit=3", method: .get, headers: auth(token)) { response in
                let page = try decode(PageJSON.self, response)
                #expect(page.vehicles.map(\.vin) == Array(sorted[..<3]))
                #expect(page.total == 4)
                #expect(page.nextCursor == sorted[2])
                cursor = page.nextCursor
            }
            let next = try #require(cursor)
            try await client.execute(uri: "/api/v1/vehicles?limit=3&cursor=\(next)", method: .get, headers: auth(token))
            { response in
                let page = try decode(PageJSON.self, response)
                #expect(page.vehicles.map(\.vin) == [sorted[3]])
                #expect(page.total == 4)
                #expect(page.nextCursor == nil)
            }
            try await client.execute(uri: "/api/v1/vehicles?limit=2&offset=2", method: .get, headers: auth(token)) {
                response in
                let decoded = try decode(PageJSON.self, response)
                #expect(decoded.vehicles.map(\.vin) == Array(sorted[2...]))
            }
        }
    }

    @Test(arguments: [
        ("ningbo", 1, HTTPResponse.Status.ok), ("ningbo", 0, .forbidden), ("hangzhou", 3, .ok),
        ("hangzhou", 2, .forbidden), ("geely", 1, .ok), ("geely", 2, .forbidden), ("zeekr", 0, .forbidden),
        ("zeekr", 2, .ok), ("province", 3, .ok),
    ])
    func oneVehicleIsRefusedOutsideTheScope(who: String, index: Int, expected: HTTPResponse.Status) async throws {
        let fixture = try await APIFixture.make()
        let token = try #require(fixture.tokens[who])
        let vin = Self.v[index]
        try await fixture.test { client in
            try await client.execute(uri: "/api/v1/vehicles/\(vin)", method: .get, headers: auth(token)) { response in
                #expect(response.status == expected)
                if expected == .forbidden {
                    #expect(ErrorShape.from(response)?.code == "forbidden")
                } else {
                    let vehicle = try decode(VehicleJSON.self, response)
                    #expect(vehicle.vin == vin && vehicle.vinCheckDigitValid)
                }
            }
            // Lower case finds the same vehicle.
            try await client.execute(uri: "/api/v1/vehicles/\(vin.lowercased())", method: .get, headers: auth(token)) {
                #expect($0.status == expected)
            }
        }
    }

    @Test func aMissingOrMalformedVINIsNamed() async throws {
        let fixture = try await APIFixture.make()
        let token = fixture.tokens["province"]
        try await fixture.test { client in
            try await client.execute(uri: "/api/v1/vehicles/1M8GDM9AXKP042788", method: .get, headers: auth(token)) {
                response in
                #expect(response.status == .notFound)
                #expect(ErrorShape.from(response)?.code == "not_found")
                #expect(ErrorShape.from(response)?.field == "vin")
            }
            try await client.execute(uri: "/api/v1/vehicles/LIBV3J0BXLW010382", method: .get, headers: auth(token)) {
                response in
                #expect(response.status == .badRequest)
                #expect(ErrorShape.from(response)?.field == "vin")
                #expect(ErrorShape.from(response)?.message.contains("never holds I") == true)
            }
            try await client.execute(uri: "/api/v1/vehicles/\(Self.v[0])", method: .get) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test func theProvinceRegistersAndUpdatesVehicles() async throws {
        let fixture = try await APIFixture.make()
        let token = fixture.tokens["province"]
        try await fixture.test { client in
            let body = """
                {"enterprise": "zeekr", "model": " Zeekr X ", "fuelType": "bev", "usage": "rental", "city": "宁波",
                 "plate": "浙B12345", "registeredAt": "2024-03-01"}
                """
            try await client.execute(
                uri: "/api/v1/vehicles/lrdv6pec2dl012978", method: .put, headers: auth(token), body: jsonBody(body)
            ) { response in
                #expect(response.status == .ok)
                let vehicle = try decode(VehicleJSON.self, response)
                #expect(vehicle.vin == "LRDV6PEC2DL012978")
                #expect(vehicle.model == "Zeekr X" && vehicle.fuelType == "BEV" && vehicle.usage == "rental")
                #expect(vehicle.city == "ningbo" && vehicle.plate == "浙B12345")
                #expect(vehicle.registeredAt == "2024-02-29T16:00:00.000Z")
                #expect(!vehicle.vinCheckDigitValid, "a synthetic VIN is stored, flagged")
            }
            // An update keeps the creation time.
            let updated =
                #"{"enterprise": "geely", "model": "M", "fuelType": "PHEV", "usage": "taxi", "city": "hangzhou"}"#
            try await client.execute(
                uri: "/api/v1/vehicles/\(Self.v[2])", method: .put, headers: auth(token), body: jsonBody(updated)
            ) { response in
                #expect(response.status == .ok)
                let vehicle = try decode(VehicleJSON.self, response)
                #expect(vehicle.enterprise == "geely" && vehicle.createdAt == Clock.iso8601(micros: 10))
            }
            let stored = try await fixture.store.vehicles.find(vin: APIFixture.vehicles[2].vin)
            #expect(stored?.enterprise == "geely" && stored?.usage == .taxi && stored?.createdAt == 10)
            try await client.execute(uri: "/api/v1/audit?limit=1000", method: .get, headers: auth(token)) { response in
                let actions = try decode([AuditJSON].self, response).map { "\($0.action) \($0.resource)" }
                #expect(actions.contains("vehicle.create LRDV6PEC2DL012978"))
                #expect(actions.contains("vehicle.update \(Self.v[2])"))
            }
        }
    }

    @Test(arguments: [
        (
            #"{"enterprise": "nobody", "model": "M", "fuelType": "BEV", "usage": "taxi", "city": "hangzhou"}"#,
            "enterprise"
        ),
        (#"{"enterprise": "geely", "model": " ", "fuelType": "BEV", "usage": "taxi", "city": "hangzhou"}"#, "model"),
        (#"{"enterprise": "geely", "model": "M", "fuelType": "ICE", "usage": "taxi", "city": "hangzhou"}"#, "fuelType"),
        (#"{"enterprise": "geely", "model": "M", "fuelType": "BEV", "usage": "tram", "city": "hangzhou"}"#, "usage"),
        (#"{"enterprise": "geely", "model": "M", "fuelType": "BEV", "usage": "taxi", "city": "beijing"}"#, "city"),
        (#"{"enterprise": "geely", "model": "M", "fuelType": "BEV", "city": "hangzhou"}"#, "usage"),
        (
            #"{"enterprise": "geely", "model": "M", "fuelType": "BEV", "usage": "taxi", "city": "hangzhou", "registeredAt": "soon"}"#,
            "registeredAt"
        ),
    ])
    func badVehicleInputNamesTheField(body: String, field: String) async throws {
        let fixture = try await APIFixture.make()
        let token = fixture.tokens["province"]
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/vehicles/1M8GDM9AXKP042788", method: .put, headers: auth(token), body: jsonBody(body)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(ErrorShape.from(response)?.field == field)
            }
            #expect(try await fixture.store.vehicles.count() == APIFixture.vehicles.count)
        }
    }

    @Test func anEnterpriseWritesOnlyItsOwnVehicles() async throws {
        let fixture = try await APIFixture.make()
        let geely = fixture.tokens["geely"]
        let input: @Sendable (String) -> ByteBuffer = { enterprise in
            jsonBody(
                #"{"enterprise": "\#(enterprise)", "model": "M", "fuelType": "BEV", "usage": "taxi", "city": "hangzhou"}"#
            )
        }
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/vehicles/1M8GDM9AXKP042788", method: .put, headers: auth(geely), body: input("geely")
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/api/v1/vehicles/1M8GDM9AXKP042788", method: .put, headers: auth(geely), body: input("zeekr")
            ) { response in
                #expect(response.status == .forbidden)
                #expect(ErrorShape.from(response)?.code == "forbidden")
            }
            // Zeekr's car cannot be taken over by registering it to Geely.
            try await client.execute(
                uri: "/api/v1/vehicles/\(Self.v[2])", method: .put, headers: auth(geely), body: input("geely")
            ) { #expect($0.status == .forbidden) }
            #expect(try await fixture.store.vehicles.find(vin: APIFixture.vehicles[2].vin)?.enterprise == "zeekr")
            try await client.execute(
                uri: "/api/v1/vehicles/\(Self.v[0])", method: .put, headers: auth(fixture.tokens["hangzhou"]),
                body: input("geely")
            ) { #expect($0.status == .forbidden, "a city reads the registry but does not write it") }
        }
    }

    @Test func aCSVImportRegistersEveryRow() async throws {
        let fixture = try await APIFixture.make()
        let token = fixture.tokens["province"]
        let csv =
            Self.header
            + "1M8GDM9AXKP042788,geely,\"Geometry E, long range\",BEV,taxi,hangzhou,浙A00001\n"
            + "LRDV6PEC2DL012978,zeekr,Zeekr 001,phev,ride_hailing,330200,\n"
            + "\(Self.v[0]),geely,Geometry A,BEV,official,hangzhou,浙A00002\n"
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/vehicles/import", method: .post, headers: Self.csvHeaders(token),
                body: ByteBuffer(string: csv)
            ) { response in
                #expect(response.status == .ok)
                let result = try decode(ImportJSON.self, response)
                #expect(result.imported == 3)
                #expect(result.warningCount == 1)
                #expect(result.warnings.map(\.row) == [3])
                #expect(result.warnings.first?.column == "vin")
            }
            #expect(try await fixture.store.vehicles.count() == APIFixture.vehicles.count + 2)
            let replaced = try await fixture.store.vehicles.find(vin: APIFixture.vehicles[0].vin)
            #expect(replaced?.usage == .official && replaced?.plate == "浙A00002" && replaced?.createdAt == 10)
            try await client.execute(uri: "/api/v1/vehicles/1M8GDM9AXKP042788", method: .get, headers: auth(token)) {
                response in
                let decoded = try decode(VehicleJSON.self, response)
                #expect(decoded.model == "Geometry E, long range")
            }
            try await client.execute(uri: "/api/v1/audit?action=vehicle.import", method: .get, headers: auth(token)) {
                response in
                let decoded = try decode([AuditJSON].self, response)
                #expect(decoded.count == 1)
            }
        }
    }

    @Test func aCSVWithProblemsImportsNothingAndNamesEveryRowAndColumn() async throws {
        let fixture = try await APIFixture.make()
        let token = fixture.tokens["province"]
        let csv =
            Self.header
            + "1M8GDM9AXKP042788,geely,Fine,BEV,taxi,hangzhou,\n"  // 2: fine on its own
            + "LRDV6PEC2DL01297,zeekr,Short VIN,BEV,taxi,ningbo,\n"  // 3
            + "11111111111111111,nobody,Unknown owner,BEV,taxi,ningbo,\n"  // 4
            + "LMGFE1G0000000SY1,geely,Bad values,diesel,taxi,shanghai,\n"  // 5
            + "1m8gdm9axkp042788,geely,Twice,BEV,taxi,hangzhou,\n"  // 6
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/vehicles/import", method: .post, headers: Self.csvHeaders(token),
                body: ByteBuffer(string: csv)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let failure = try decode(ImportErrorJSON.self, response)
                #expect(failure.error.code == "invalid_csv")
                #expect(failure.error.field == "vin", "the first problem's column")
                #expect(failure.error.message.contains("5 problems"))
                #expect(failure.error.message.contains("nothing was imported"))
                #expect(
                    failure.rows.map { "\($0.row):\($0.column ?? "-")" } == [
                        "3:vin", "4:enterprise", "5:fuel_type", "5:city", "6:vin",
                    ])
                #expect(failure.rows[1].message.contains("no enterprise nobody"))
            }
            #expect(try await fixture.store.vehicles.count() == APIFixture.vehicles.count, "not even row 2")
            try await client.execute(
                uri: "/api/v1/vehicles/import", method: .post, headers: Self.csvHeaders(token),
                body: ByteBuffer(string: "vin,enterprise\n")
            ) { response in
                #expect(response.status == .unprocessableContent)
                let failure = try decode(ImportErrorJSON.self, response)
                #expect(failure.rows.map(\.row) == [1, 1, 1, 1])
                #expect(failure.rows.compactMap(\.column) == ["model", "fuel_type", "usage", "city"])
            }
        }
    }

    @Test func anEnterpriseImportsOnlyItsOwnVehicles() async throws {
        let fixture = try await APIFixture.make()
        let t = fixture.tokens
        try await fixture.test { client in
            let own = Self.header + "1M8GDM9AXKP042788,geely,Own,BEV,taxi,hangzhou,\n"
            try await client.execute(
                uri: "/api/v1/vehicles/import", method: .post, headers: Self.csvHeaders(t["geely"]),
                body: ByteBuffer(string: own)
            ) { response in
                #expect(response.status == .ok)
                let decoded = try decode(ImportJSON.self, response)
                #expect(decoded.imported == 1)
            }
            let foreign =
                Self.header
                + "LRDV6PEC2DL012978,geely,Own,BEV,taxi,hangzhou,\n11111111111111111,zeekr,Theirs,BEV,taxi,ningbo,\n"
            try await client.execute(
                uri: "/api/v1/vehicles/import", method: .post, headers: Self.csvHeaders(t["geely"]),
                body: ByteBuffer(string: foreign)
            ) { response in
                #expect(response.status == .forbidden)
                #expect(ErrorShape.from(response)?.message.contains("row 3") == true)
            }
            let takeover = Self.header + "\(Self.v[2]),geely,Mine now,BEV,taxi,hangzhou,\n"
            try await client.execute(
                uri: "/api/v1/vehicles/import", method: .post, headers: Self.csvHeaders(t["geely"]),
                body: ByteBuffer(string: takeover)
            ) { response in
                #expect(response.status == .forbidden)
                #expect(ErrorShape.from(response)?.message.contains("registered to another enterprise") == true)
            }
            #expect(try await fixture.store.vehicles.count() == APIFixture.vehicles.count + 1)
            #expect(try await fixture.store.vehicles.find(vin: APIFixture.vehicles[2].vin)?.enterprise == "zeekr")
            try await client.execute(
                uri: "/api/v1/vehicles/import", method: .post, headers: Self.csvHeaders(t["ningbo"]),
                body: ByteBuffer(string: own)
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/api/v1/audit?action=scope.denied", method: .get, headers: auth(t["province"])
            ) { response in
                let resources = Set(try decode([AuditJSON].self, response).map(\.resource))
                #expect(resources == ["vehicles:import enterprise=zeekr", "vehicle:\(Self.v[2])"])
            }
        }
    }

    @Test func theOpenAPIDocumentDescribesTheImport() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let document = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                let post = try #require(paths["/api/v1/vehicles/import"]?["post"] as? [String: Any])
                let body = try #require(post["requestBody"] as? [String: Any])
                let content = try #require(body["content"] as? [String: Any])
                #expect(Array(content.keys) == ["text/csv"])
                let responses = try #require(post["responses"] as? [String: Any])
                #expect(responses["422"] != nil && responses["413"] != nil)
                let components = try #require(document["components"] as? [String: Any])
                let shared = try #require(components["responses"] as? [String: Any])
                #expect(shared["Error422"] != nil && shared["Error413"] != nil)
            }
        }
    }
}
