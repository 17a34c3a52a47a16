import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import Store
import Testing
import WebAPI

/// A city or an enterprise sees only its own data.
@Suite("Data scope")
struct ScopeTests {
    struct EnterpriseJSON: Decodable {
        let id: String
        let city: String
    }

    @Test func cityAndEnterpriseListsAreScoped() async throws {
        let fixture = try await APIFixture.make()
        let t = fixture.tokens
        try await fixture.test { client in
            let cases: [(String, [String])] = [
                ("province", ["geely", "leapmotor", "zeekr"]), ("ningbo", ["zeekr"]),
                ("hangzhou", ["geely", "leapmotor"]),
                ("geely", ["geely"]), ("zeekr", ["zeekr"]),
            ]
            for (who, expected) in cases {
                try await client.execute(uri: "/api/v1/enterprises", method: .get, headers: auth(t[who])) { response in
                    #expect(response.status == .ok)
                    let ids = try decode([EnterpriseJSON].self, response).map(\.id)
                    #expect(ids == expected, "\(who)")
                }
            }
            // A city asking for another city's list gets nothing of it.
            try await client.execute(uri: "/api/v1/enterprises?city=hangzhou", method: .get, headers: auth(t["ningbo"]))
            { response in
                let listed = try decode([EnterpriseJSON].self, response)
                #expect(listed.isEmpty)
            }
        }
    }

    @Test(arguments: [
        ("ningbo", "geely", HTTPResponse.Status.forbidden), ("ningbo", "zeekr", .ok), ("hangzhou", "zeekr", .forbidden),
        ("geely", "zeekr", .forbidden), ("geely", "leapmotor", .forbidden), ("geely", "geely", .ok),
        ("zeekr", "zeekr", .ok),
        ("province", "geely", .ok), ("province", "missing", .notFound),
    ])
    func oneRecordIsRefusedOutsideTheScope(who: String, enterprise: String, expected: HTTPResponse.Status) async throws
    {
        let fixture = try await APIFixture.make()
        let token = try #require(fixture.tokens[who])
        try await fixture.test { client in
            try await client.execute(uri: "/api/v1/enterprises/\(enterprise)", method: .get, headers: auth(token)) {
                response in
                #expect(response.status == expected)
                if expected == .forbidden { #expect(ErrorShape.from(response)?.code == "forbidden") }
            }
        }
    }

    @Test func crossScopeAttemptsAreAuditedForTheProvince() async throws {
        let fixture = try await APIFixture.make()
        let t = fixture.tokens
        try await fixture.test { client in
            try await client.execute(uri: "/api/v1/enterprises/geely", method: .get, headers: auth(t["zeekr"])) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/users", method: .get, headers: auth(t["ningbo"])) {
                #expect($0.status == .forbidden)
            }
            struct Entry: Decodable {
                let action: String
                let resource: String
                let outcome: String
                let role: String
            }
            try await client.execute(uri: "/api/v1/audit?limit=1000", method: .get, headers: auth(t["province"])) {
                response in
                let entries = try decode([Entry].self, response)
                #expect(
                    entries.contains {
                        $0.action == "scope.denied" && $0.resource == "enterprise:geely" && $0.role == "enterprise"
                            && $0.outcome == "denied"
                    })
                #expect(
                    entries.contains {
                        $0.action == "route.denied" && $0.resource == "GET /api/v1/users" && $0.role == "city"
                    })
            }
            try await client.execute(
                uri: "/api/v1/audit?action=scope.denied", method: .get, headers: auth(t["province"])
            ) { response in
                let entries = try decode([Entry].self, response)
                #expect(!entries.isEmpty && entries.allSatisfy { $0.action == "scope.denied" })
            }
            try await client.execute(uri: "/api/v1/audit?since=yesterday", method: .get, headers: auth(t["province"])) {
                response in
                #expect(response.status == .badRequest)
                #expect(ErrorShape.from(response)?.field == "since")
            }
        }
    }
}
