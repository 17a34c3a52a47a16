import Foundation
import Hummingbird
import HummingbirdTesting
import SQLiteStore
import Store
import Testing

@testable import WebAPI

/// Monthly statistics over HTTP: field-level refusals, revisions, scope, the all-or-nothing CSV import, who has
/// not reported, and the monthly totals.
@Suite("Statistics API")
struct StatisticsAPITests {
    struct ReportJSON: Decodable {
        let enterprise: String
        let month: String
        let revision: Int
        let production: Int64
        let flags: [String]
    }

    static func body(_ enterprise: String?, _ month: String, production: Int = 10_000, nev: Int = 6_000) -> String {
        let who = enterprise.map { #""enterprise":"\#($0)","# } ?? ""
        return """
            {\(who)"month":"\(month)","production":\(production),"sales":\(production),"exports":500,\
            "nevProduction":\(nev),"nevBEV":\(nev),"nevPHEV":0,"nevFCEV":0,"nevSales":\(nev),"nevExports":300,\
            "capacity":300000}
            """
    }

    @Test("reports: refused naming the field, revised with history, scoped")
    func reports() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            func post(_ token: String, _ body: String) async throws -> (HTTPResponse.Status, ReportJSON?, String?) {
                try await client.execute(
                    uri: "/api/v1/statistics/monthly", method: .post, headers: auth(fixture.tokens[token]),
                    body: jsonBody(body)
                ) { response in
                    (
                        response.status, response.status == .created ? try decode(ReportJSON.self, response) : nil,
                        ErrorShape.from(response)?.field
                    )
                }
            }
            // An enterprise reports its own month without naming itself.
            let (status, first, _) = try await post("geely", Self.body(nil, "2025-05"))
            #expect(status == .created && first?.enterprise == "geely" && first?.revision == 1)
            // NEV above the total: 400 naming nevProduction, nothing stored.
            let (refused, _, field) = try await post("geely", Self.body(nil, "2025-06", production: 100, nev: 200))
            #expect(refused == .badRequest && field == "nevProduction")
            // Naming another enterprise is outside its scope.
            #expect(try await post("geely", Self.body("zeekr", "2025-05")).0 == .forbidden)
            // The province revises it; a 60 % jump against April would flag, here against nothing it does not.
            let (_, revised, _) = try await post("province", Self.body("geely", "2025-05", production: 12_000))
            #expect(revised?.revision == 2)
            let (_, june, _) = try await post("province", Self.body("geely", "2025-06", production: 20_000))
            #expect(june?.flags.contains("production_jump") == true)
            let history = try await client.execute(
                uri: "/api/v1/statistics/monthly/geely/2025-05", method: .get, headers: auth(fixture.tokens["hangzhou"])
            ) { try decode([String: [ReportJSON]].self, $0)["reports"] ?? [] }
            #expect(history.map(\.production) == [10_000, 12_000])
            // Ningbo does not see a Hangzhou enterprise's reports.
            try await client.execute(
                uri: "/api/v1/statistics/monthly/geely/2025-05", method: .get, headers: auth(fixture.tokens["ningbo"])
            ) { #expect($0.status == .notFound) }
            let ningbo = try await client.execute(
                uri: "/api/v1/statistics/monthly", method: .get, headers: auth(fixture.tokens["ningbo"])
            ) { try decode([String: [ReportJSON]].self, $0)["reports"] ?? [] }
            #expect(ningbo.isEmpty)
            let all = try await client.execute(
                uri: "/api/v1/statistics/monthly?from=2025-05&to=2025-05", method: .get,
                headers: auth(fixture.tokens["province"])
            ) { try decode([String: [ReportJSON]].self, $0)["reports"] ?? [] }
            #expect(all.map(\.production) == [12_000])
            try await client.execute(
                uri: "/api/v1/statistics/monthly?from=2025-5", method: .get, headers: auth(fixture.tokens["province"])
            ) { #expect(ErrorShape.from($0)?.field == "from") }
        }
    }

    @Test("a CSV with one bad row imports nothing and names the row and column")
    func csvImport() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            let header =
                "enterprise,month,production,sales,exports,nevProduction,nevBEV,nevPHEV,nevFCEV,nevSales,nevExports,capacity"
            let bad = [
                header, "geely,2025-01,1000,900,100,600,500,100,0,550,50,120000",
                "zeekr,2025-01,800,800,x,800,800,0,0,800,0,120000",
                "leapmotor,2025-01,500,500,0,500,400,0,0,500,0,60000",
            ].joined(separator: "\n")
            let rows = try await client.execute(
                uri: "/api/v1/statistics/monthly/import", method: .post,
                headers: VehicleAPITests.csvHeaders(fixture.tokens["province"]), body: jsonBody(bad)
            ) { response in
                #expect(response.status == .unprocessableContent)
                return try decode(VehicleAPITests.ImportErrorJSON.self, response).rows
            }
            // Row 3 has a non-number export; row 4's powertrain split (400) does not add up to 500.
            #expect(rows.map { "\($0.row) \($0.column ?? "")" } == ["3 exports", "4 nevBEV"])
            let stored = try await fixture.store.statistics.reports(.init())
            #expect(stored.isEmpty)

            let good = [header, "geely,2025-01,1000,900,100,600,500,100,0,550,50,120000"].joined(separator: "\n")
            try await client.execute(
                uri: "/api/v1/statistics/monthly/import", method: .post,
                headers: VehicleAPITests.csvHeaders(fixture.tokens["zeekr"]), body: jsonBody(good)
            ) { response in
                #expect(response.status == .unprocessableContent, "zeekr may not report for geely")
            }
            try await client.execute(
                uri: "/api/v1/statistics/monthly/import", method: .post,
                headers: VehicleAPITests.csvHeaders(fixture.tokens["province"]), body: jsonBody(good)
            ) { #expect($0.status == .created) }
        }
    }

    @Test("who has not reported, and the monthly totals with the NEV share")
    func missingAndSummary() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            for (who, month, production, nev) in [
                ("geely", "2025-04", 10_000, 6_000), ("zeekr", "2025-04", 5_000, 5_000),
                ("geely", "2025-05", 10_000, 7_000),
            ] {
                try await client.execute(
                    uri: "/api/v1/statistics/monthly", method: .post, headers: auth(fixture.tokens["province"]),
                    body: jsonBody(Self.body(who, month, production: production, nev: nev))
                ) { #expect($0.status == .created) }
            }
            struct Missing: Decodable {
                struct E: Decodable {
                    let id: String
                    let lastMonth: String
                }
                let missing: [E]
            }
            let missing = try await client.execute(
                uri: "/api/v1/statistics/missing?month=2025-05", method: .get, headers: auth(fixture.tokens["province"])
            ) { try decode(Missing.self, $0).missing }
            #expect(missing.map(\.id) == ["zeekr"] && missing.first?.lastMonth == "2025-04")
            let hangzhou = try await client.execute(
                uri: "/api/v1/statistics/missing?month=2025-05", method: .get, headers: auth(fixture.tokens["hangzhou"])
            ) { try decode(Missing.self, $0).missing }
            #expect(hangzhou.isEmpty, "zeekr is a Ningbo enterprise")

            struct Summary: Decodable {
                struct M: Decodable {
                    let month: String
                    let production: Int64
                    let nevShare: Double?
                }
                let months: [M]
            }
            let months = try await client.execute(
                uri: "/api/v1/statistics/summary", method: .get, headers: auth(fixture.tokens["province"])
            ) { try decode(Summary.self, $0).months }
            // April: 11,000 NEV of 15,000 = 73.3 %; May: 7,000 of 10,000 = 70 %.
            #expect(months.map(\.month) == ["2025-04", "2025-05"])
            #expect(months.map(\.nevShare) == [73.3, 70.0] && months[0].production == 15_000)
        }
    }
}
