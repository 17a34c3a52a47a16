import Foundation
import Hummingbird
import HummingbirdTesting
import Model
import SQLiteStore
import Store
import Testing

@testable import WebAPI

/// Target progress computed from the registry and report data, evidence where the platform has none.
@Suite("Targets API")
struct TargetAPITests {
    struct Target: Decodable {
        let id: String
        let value: Double?
        let asOf: String?
        let progress: Double?
        let projected: Double?
        let status: String
        let basis: String
    }

    @Test("output and share from the reports, titles from the profiles, FCEVs from the vehicles, patents from evidence")
    func progress() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            // Two months: 200,000 NEV of 300,000 → 66.7 %; pace 100,000 a month → 1.2 M projected in December.
            for (who, month, production, nev) in [
                ("geely", "2024-01", 150_000, 100_000), ("zeekr", "2024-02", 150_000, 100_000),
            ] {
                try await client.execute(
                    uri: "/api/v1/statistics/monthly", method: .post, headers: auth(fixture.tokens["province"]),
                    body: jsonBody(StatisticsAPITests.body(who, month, production: production, nev: nev))
                ) { #expect($0.status == .created) }
            }
            try await client.execute(
                uri: "/api/v1/enterprises/geely/profile", method: .put, headers: auth(fixture.tokens["province"]),
                body: jsonBody(
                    #"{"segments":["vehicles"],"titles":[{"title":"future_factory","year":2023},{"title":"green_factory","year":2022}]}"#
                )
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/api/v1/targets/pct_patents/evidence", method: .post, headers: auth(fixture.tokens["province"]),
                body: jsonBody(#"{"value":120,"asOf":"2024-06","source":"省知识产权局 2024 年半年报"}"#)
            ) { #expect($0.status == .created) }
            try await client.execute(
                uri: "/api/v1/targets/pct_patents/evidence", method: .post, headers: auth(fixture.tokens["province"]),
                body: jsonBody(#"{"value":120,"asOf":"2024-06","source":" "}"#)
            ) { #expect(ErrorShape.from($0)?.field == "source") }

            let targets = try await client.execute(
                uri: "/api/v1/targets?year=2024", method: .get, headers: auth(fixture.tokens["ningbo"])
            ) { try decode([String: [Target]].self, $0)["targets"] ?? [] }
            let byID = Dictionary(uniqueKeysWithValues: targets.map { ($0.id, $0) })
            let output = try #require(byID["nev_output"])
            #expect(output.value == 200_000 && output.asOf == "2024-02" && output.projected == 1_200_000)
            #expect(output.status == "on_track" && output.basis.contains("statistics/summary"))
            #expect(byID["nev_share_of_output"]?.value == 66.7 && byID["nev_share_of_output"]?.status == "on_track")
            #expect(byID["future_factories"]?.value == 1)
            // A green factory awarded before the plan (2022) is not a new one.
            #expect(byID["green_factories"]?.value == 0)
            // The fixture registers vehicles of several fuel types; the count is the registry's.
            let fcev = try await fixture.store.vehicles.list(.init(fuelType: .fcev, limit: 1)).total
            #expect(byID["fcev_in_service"]?.value == Double(fcev))
            #expect(byID["pct_patents"]?.value == 120 && byID["pct_patents"]?.basis.contains("知识产权局") == true)
            #expect(byID["rd_projects"]?.status == "no_data")
            #expect(targets.count == 18)
        }
    }

    @Test("work points keep their departments and status")
    func workPoints() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/targets/work-points/2025-01", method: .put, headers: auth(fixture.tokens["province"]),
                body: jsonBody(
                    #"{"year":2025,"task":"新建加氢站 10 座","departments":["省发展改革委","省能源局"],"targetId":"hydrogen_stations","status":"in_progress"}"#
                )
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/api/v1/targets/work-points/2025-02", method: .put, headers: auth(fixture.tokens["province"]),
                body: jsonBody(#"{"year":2025,"task":"x","departments":[],"status":"done"}"#)
            ) { #expect(ErrorShape.from($0)?.field == "departments") }
            struct List: Decodable {
                struct W: Decodable {
                    let id: String
                    let departments: [String]
                }
                let workPoints: [W]
            }
            let list = try await client.execute(
                uri: "/api/v1/targets/work-points?year=2025", method: .get, headers: auth(fixture.tokens["geely"])
            ) { try decode(List.self, $0).workPoints }
            #expect(list.map(\.id) == ["2025-01"] && list.first?.departments == ["省发展改革委", "省能源局"])
        }
    }
}

@Suite("Surveys API")
struct SurveyAPITests {
    @Test("a form is defined as data; answers are checked against it and scoped")
    func survey() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            let form = #"""
                {"id":"2025q3","title":"季度调查","quarter":"2025-Q3","questions":[
                 {"id":"rd","text":"研发投入","kind":"number","required":true,"minimum":0},
                 {"id":"outlook","text":"预期","kind":"choice","required":true,"options":["上升","持平","下降"]}]}
                """#
            try await client.execute(
                uri: "/api/v1/surveys", method: .post, headers: auth(fixture.tokens["province"]), body: jsonBody(form)
            ) { #expect($0.status == .created) }
            try await client.execute(
                uri: "/api/v1/surveys", method: .post, headers: auth(fixture.tokens["province"]),
                body: jsonBody(#"{"id":"x","title":"x","quarter":"2025-Q9","questions":[]}"#)
            ) { #expect(ErrorShape.from($0)?.field == "quarter") }
            try await client.execute(
                uri: "/api/v1/surveys/2025q3/responses", method: .post, headers: auth(fixture.tokens["geely"]),
                body: jsonBody(#"{"answers":{"rd":120,"outlook":"大涨"}}"#)
            ) { #expect(ErrorShape.from($0)?.field == "answers.outlook") }
            try await client.execute(
                uri: "/api/v1/surveys/2025q3/responses", method: .post, headers: auth(fixture.tokens["geely"]),
                body: jsonBody(#"{"answers":{"rd":120,"outlook":"上升"}}"#)
            ) { #expect($0.status == .created) }
            try await client.execute(
                uri: "/api/v1/surveys/2025q3/responses", method: .post, headers: auth(fixture.tokens["province"]),
                body: jsonBody(#"{"enterprise":"zeekr","answers":{"rd":80,"outlook":"持平"}}"#)
            ) { #expect($0.status == .created) }
            struct List: Decodable {
                struct R: Decodable { let enterprise: String }
                let responses: [R]
            }
            for (token, expected) in [("province", ["geely", "zeekr"]), ("ningbo", ["zeekr"]), ("geely", ["geely"])] {
                let seen = try await client.execute(
                    uri: "/api/v1/surveys/2025q3/responses", method: .get, headers: auth(fixture.tokens[token])
                ) { try decode(List.self, $0).responses.map(\.enterprise) }
                #expect(seen == expected, "\(token)")
            }
        }
    }
}
