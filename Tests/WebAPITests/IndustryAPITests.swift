import Foundation
import Hummingbird
import HummingbirdTesting
import Industry
import Model
import SQLiteStore
import Store
import Testing

@testable import WebAPI

/// The industry chain over HTTP: profiles with checked credit codes, the relation import, the chain map's gaps,
/// risk and a supply cut fed by the monthly reports.
@Suite("Industry chain API")
struct IndustryAPITests {
    static let relations = """
        supplier,customer,category,segment,share,annual_value,supplier_city,supplier_region
        catl,geely,cell,batteries,0.6,600,,fujian
        wanxiang,geely,cell,batteries,0.4,400,hangzhou,
        sanhua,geely,heat-pump,thermal,100%,,shaoxing,
        nxp,zeekr,mcu,electronics,1,,,overseas
        """

    @Test("a profile's credit code is checked; segments and titles are named in errors")
    func profile() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            for (body, field) in [
                (#"{"creditCode":"91330100716105852E","segments":["vehicles"]}"#, "creditCode"),
                (#"{"segments":["vehicles","rockets"]}"#, "segments[1]"),
                (#"{"segments":[],"titles":[{"title":"future_factory","year":1999}]}"#, "titles[0].year"),
            ] {
                try await client.execute(
                    uri: "/api/v1/enterprises/geely/profile", method: .put, headers: auth(fixture.tokens["province"]),
                    body: jsonBody(body)
                ) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(ErrorShape.from(response)?.field == field, "\(body)")
                }
            }
            try await client.execute(
                uri: "/api/v1/enterprises/geely/profile", method: .put, headers: auth(fixture.tokens["province"]),
                body: jsonBody(
                    #"{"creditCode":"91330100716105852F","segments":["vehicles"],"titles":[{"title":"future_factory","year":2024}],"whiteList":{"reason":"整车龙头","since":"2023-03-01","contact":"x"}}"#
                )
            ) { #expect($0.status == .ok) }
            struct List: Decodable {
                struct E: Decodable { let id: String }
                let enterprises: [E]
            }
            let factories = try await client.execute(
                uri: "/api/v1/industry/enterprises?title=future_factory", method: .get,
                headers: auth(fixture.tokens["province"])
            ) { try decode(List.self, $0).enterprises.map(\.id) }
            #expect(factories == ["geely"])
            let ningbo = try await client.execute(
                uri: "/api/v1/industry/enterprises?whitelist=true", method: .get,
                headers: auth(fixture.tokens["ningbo"])
            ) { try decode(List.self, $0).enterprises.map(\.id) }
            #expect(ningbo.isEmpty, "geely is a Hangzhou enterprise")
        }
    }

    @Test("relations: one bad row imports nothing; the chain shows gaps; risk and a cut follow the data")
    func chain() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            let bad = Self.relations + "\nbosch,geely,brake,chassis,1.2,,,jiangsu\nx,nobody,cell,batteries,0.5,,,"
            let rows = try await client.execute(
                uri: "/api/v1/industry/relations", method: .put,
                headers: VehicleAPITests.csvHeaders(fixture.tokens["province"]), body: jsonBody(bad)
            ) { response in
                #expect(response.status == .unprocessableContent)
                return try decode(VehicleAPITests.ImportErrorJSON.self, response).rows
            }
            #expect(rows.map { "\($0.row) \($0.column ?? "")" } == ["6 share", "7 customer"])
            #expect(try await fixture.store.industry.relations().isEmpty)
            try await client.execute(
                uri: "/api/v1/industry/relations", method: .put,
                headers: VehicleAPITests.csvHeaders(fixture.tokens["province"]), body: jsonBody(Self.relations)
            ) { #expect($0.status == .ok) }

            struct Chain: Decodable {
                struct Gap: Decodable {
                    let kind: String
                    let segment: String
                    let category: String?
                }
                let gaps: [Gap]
                let edges: [IndustryRoutes.RelationView]
            }
            let chain = try await client.execute(
                uri: "/api/v1/industry/chain", method: .get, headers: auth(fixture.tokens["province"])
            ) { try decode(Chain.self, $0) }
            // No MCU maker in the province: zeekr's MCUs are a gap; cells and heat pumps have local suppliers.
            #expect(chain.gaps.filter { $0.kind == "category" }.map(\.category) == ["mcu"])
            #expect(chain.edges.count == 4)
            let ningbo = try await client.execute(
                uri: "/api/v1/industry/chain", method: .get, headers: auth(fixture.tokens["ningbo"])
            ) { try decode(Chain.self, $0) }
            #expect(ningbo.edges.map(\.customer) == ["zeekr"])

            struct Risk: Decodable {
                struct Rate: Decodable {
                    let scope: String
                    let localSupplyRate: Double?
                }
                let localSupplyRates: [Rate]
            }
            let risk = try await client.execute(
                uri: "/api/v1/industry/risk", method: .get, headers: auth(fixture.tokens["province"])
            ) { try decode(Risk.self, $0) }
            // geely by value: cells 400 local of 1000 plus heat pumps (share 1, local) → (400 + 1) / (1000 + 1).
            let geely = risk.localSupplyRates.first { $0.scope == "enterprise:geely" }?.localSupplyRate
            #expect(geely.map { abs($0 - 401.0 / 1001.0) < 1e-9 } == true)
            #expect(risk.localSupplyRates.first { $0.scope == "enterprise:zeekr" }?.localSupplyRate == 0)

            // geely made 30,000, 30,000, 33,000 in its last three months: 31,000 a month; Fujian cut for
            // 30.44/7 weeks (one month) takes 0.6 of its cells → 18,600 vehicles.
            for (month, production) in [
                ("2025-03", 20_000), ("2025-04", 30_000), ("2025-05", 30_000), ("2025-06", 33_000),
            ] {
                try await client.execute(
                    uri: "/api/v1/statistics/monthly", method: .post, headers: auth(fixture.tokens["province"]),
                    body: jsonBody(StatisticsAPITests.body("geely", month, production: production, nev: production))
                ) { #expect($0.status == .created) }
            }
            struct Cut: Decodable { let unitsAtRisk: Double }
            let cut = try await client.execute(
                uri: "/api/v1/industry/supply-cut", method: .post, headers: auth(fixture.tokens["province"]),
                body: jsonBody(#"{"regions":["fujian"],"weeks":\#(30.44 / 7)}"#)
            ) { try decode(Cut.self, $0) }
            #expect(abs(cut.unitsAtRisk - 18_600) < 0.01)
            try await client.execute(
                uri: "/api/v1/industry/supply-cut", method: .post, headers: auth(fixture.tokens["province"]),
                body: jsonBody(#"{"weeks":2}"#)
            ) { #expect(ErrorShape.from($0)?.field == "suppliers") }
        }
    }

    @Test("enterprise CSV: one bad row imports nothing and is named; the export imports back; scoped and province-only")
    func enterpriseCSV() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            let file = """
                id,name,city,credit_code,segments,titles,white_list_reason,white_list_since,white_list_contact
                geely,"吉利, 控股",杭州,91330100716105852F,vehicles;batteries,future_factory:2024,整车龙头,2023-03-01,x
                sanhua,三花智控,shaoxing,913307001478654394,thermal,little_giant:2022,,,
                """
            let bad = file + "\nwanxiang,万向,hangzhou,,motors;rockets,,,,"
            let rows = try await client.execute(
                uri: "/api/v1/enterprises/import", method: .post,
                headers: VehicleAPITests.csvHeaders(fixture.tokens["province"]), body: jsonBody(bad)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(ErrorShape.from(response)?.field == "segments")
                return try decode(VehicleAPITests.ImportErrorJSON.self, response).rows
            }
            #expect(rows.map { "\($0.row) \($0.column ?? "")" } == ["4 segments"])
            #expect(try await fixture.store.enterprises.find(id: "sanhua") == nil)
            #expect(try await fixture.store.industry.profiles().isEmpty)

            // Only the province maintains the registry.
            try await client.execute(
                uri: "/api/v1/enterprises/import", method: .post,
                headers: VehicleAPITests.csvHeaders(fixture.tokens["geely"]), body: jsonBody(file)
            ) { #expect($0.status == .forbidden) }

            struct Outcome: Decodable, Equatable {
                let created: Int
                let updated: Int
                let profiles: Int
            }
            let outcome = try await client.execute(
                uri: "/api/v1/enterprises/import", method: .post,
                headers: VehicleAPITests.csvHeaders(fixture.tokens["province"]), body: jsonBody(file)
            ) { try decode(Outcome.self, $0) }
            #expect(outcome == Outcome(created: 1, updated: 1, profiles: 2))
            #expect(try await fixture.store.enterprises.find(id: "geely")?.name == "吉利, 控股")
            #expect(try await fixture.store.industry.profile(enterprise: "sanhua")?.titles.first?.year == 2022)

            // The export is the import format: it takes the registry back unchanged.
            let exported = try await client.execute(
                uri: "/api/v1/enterprises?format=csv", method: .get, headers: auth(fixture.tokens["province"])
            ) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                return String(buffer: response.body)
            }
            let registry = try await fixture.store.enterprises.list(city: nil)
            let profiles = try await fixture.store.industry.profiles()
            let again = try await client.execute(
                uri: "/api/v1/enterprises/import", method: .post,
                headers: VehicleAPITests.csvHeaders(fixture.tokens["province"]), body: jsonBody(exported)
            ) { try decode(Outcome.self, $0) }
            #expect(again == Outcome(created: 0, updated: registry.count, profiles: 2))
            #expect(try await fixture.store.enterprises.list(city: nil) == registry)
            #expect(try await fixture.store.industry.profiles() == profiles)

            // A city exports its own enterprises only.
            let ningbo = try await client.execute(
                uri: "/api/v1/enterprises", method: .get,
                headers: {
                    var h = auth(fixture.tokens["ningbo"])
                    h[.accept] = "text/csv"
                    return h
                }()
            ) { String(buffer: $0.body) }
            #expect(ningbo.split(whereSeparator: \.isNewline).dropFirst().map { $0.prefix(6) } == ["zeekr,"])

            // A credit code the registry gives geely cannot be claimed by another enterprise's row.
            try await client.execute(
                uri: "/api/v1/enterprises/import", method: .post,
                headers: VehicleAPITests.csvHeaders(fixture.tokens["province"]),
                body: jsonBody("id,name,city,credit_code\nzeekr,Zeekr,ningbo,91330100716105852F\n")
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(ErrorShape.from(response)?.field == "credit_code")
            }
        }
    }
}
