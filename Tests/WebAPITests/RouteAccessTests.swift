import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import Testing
import WebAPI

/// Walks the whole route table: every endpoint declares its roles, and the server enforces them.
@Suite("Route access")
struct RouteAccessTests {
    /// A concrete URI for an endpoint, with sample values for path parameters.
    static func uri(_ endpoint: Endpoint) -> String {
        var path = endpoint.path
        for name in endpoint.pathParameters {
            let sample =
                switch name {
                case "name": "dora"
                case "vin": APIFixture.vehicles[0].vin.rawValue
                default: "geely"
                }
            path = path.replacingOccurrences(of: "{\(name)}", with: sample)
        }
        return path
    }

    @Test func everyProtectedRouteRefusesCallersWithoutAValidToken() async throws {
        let fixture = try await APIFixture.make()
        let endpoints = PlatformAPI.endpoints(fixture.services)
        #expect(endpoints.count >= 15)
        let invalid: [(String, String?)] = [
            ("no token", nil), ("garbage", "nvb_not-a-real-token"), ("wrong scheme", nil),
            ("expired", fixture.tokens["expired"]),
            ("revoked", fixture.tokens["revoked"]), ("disabled user", fixture.tokens["disabledUser"]),
        ]
        try await fixture.test { client in
            for endpoint in endpoints {
                guard case .roles = endpoint.access else { continue }
                for (label, token) in invalid {
                    var headers = auth(token)
                    if label == "wrong scheme" { headers[.authorization] = "Basic ZG9yYTpjb3JyZWN0IGhvcnNl" }
                    try await client.execute(
                        uri: Self.uri(endpoint), method: endpoint.method, headers: headers, body: jsonBody("{}")
                    ) { response in
                        #expect(response.status == .unauthorized, "\(endpoint.method) \(endpoint.path) with \(label)")
                        #expect(
                            ErrorShape.from(response)?.code == "unauthenticated",
                            "\(endpoint.method) \(endpoint.path) with \(label)")
                        #expect(response.headers[.wwwAuthenticate] != nil)
                    }
                }
            }
        }
    }

    @Test func everyRouteEnforcesItsDeclaredRoles() async throws {
        let fixture = try await APIFixture.make()
        let endpoints = PlatformAPI.endpoints(fixture.services)
        let byRole: [Role: String] = [
            .province: try #require(fixture.tokens["province"]), .city: try #require(fixture.tokens["ningbo"]),
            .enterprise: try #require(fixture.tokens["geely"]),
        ]
        try await fixture.test { client in
            for endpoint in endpoints {
                switch endpoint.access {
                case .public:
                    try await client.execute(uri: Self.uri(endpoint), method: endpoint.method, body: jsonBody("{}")) {
                        response in
                        if endpoint.path.hasPrefix("/ocpp/") {
                            // The charge points' WebSocket: open to the network, but each charge point proves its
                            // identity with HTTP Basic, so a caller without credentials is told to authenticate.
                            #expect(response.status == .unauthorized, "\(endpoint.path)")
                            #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
                        } else {
                            #expect(
                                ![.unauthorized, .forbidden].contains(response.status),
                                "public \(endpoint.method) \(endpoint.path)")
                        }
                    }
                case .roles(let allowed):
                    for (role, token) in byRole.sorted(by: { $0.key.rawValue < $1.key.rawValue })
                    where !allowed.contains(role) {
                        try await client.execute(
                            uri: Self.uri(endpoint), method: endpoint.method, headers: auth(token), body: jsonBody("{}")
                        ) {
                            response in
                            #expect(response.status == .forbidden, "\(role) on \(endpoint.method) \(endpoint.path)")
                            #expect(ErrorShape.from(response)?.code == "forbidden")
                        }
                    }
                    if allowed.contains(.province) {
                        // GETs only: a province POST with an empty body is a 400, which is fine but says nothing here.
                        guard endpoint.method == .get else { continue }
                        try await client.execute(
                            uri: Self.uri(endpoint), method: endpoint.method, headers: auth(byRole[.province])
                        ) { response in
                            // The live feed is a WebSocket: a plain GET is told to upgrade. Safety records, webhooks, charging
                            // stations and OCPP records named by `{id}` do not exist in the fixture: past access control they
                            // are not found.
                            let expected: HTTPResponse.Status =
                                endpoint.path == "/api/v1/live"
                                ? .upgradeRequired
                                : (endpoint.path.hasPrefix("/api/v1/safety/")
                                    || endpoint.path.hasPrefix("/api/v1/webhooks/")
                                    || endpoint.path.hasPrefix("/api/v1/charging/")
                                    || endpoint.path.hasPrefix("/api/v1/ocpp/"))
                                    && endpoint.pathParameters.contains("id")
                                    || endpoint.pathParameters.contains("operatorId")
                                    || endpoint.path.hasPrefix("/api/v1/statistics/monthly/")
                                    || endpoint.path.hasPrefix("/api/v1/surveys/")
                                    ? .notFound : .ok
                            #expect(response.status == expected, "province on \(endpoint.method) \(endpoint.path)")
                        }
                    }
                }
            }
        }
    }

    @Test func openAPIDocumentDescribesEveryRouteWithItsRoles() async throws {
        let fixture = try await APIFixture.make()
        let endpoints = PlatformAPI.endpoints(fixture.services)
        try await fixture.test { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let document = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect(document["openapi"] as? String == "3.1.0")
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                var operationIDs = Set<String>()
                for endpoint in endpoints {
                    let operation = try #require(
                        paths[endpoint.path]?[endpoint.method.rawValue.lowercased()] as? [String: Any],
                        "\(endpoint.path)")
                    let roles = try #require(operation["x-nevbrain-roles"] as? [String])
                    switch endpoint.access {
                    case .public: #expect(roles == ["public"])
                    case .roles(let allowed): #expect(Set(roles) == Set(allowed.map(\.rawValue)))
                    }
                    let id = try #require(operation["operationId"] as? String)
                    #expect(operationIDs.insert(id).inserted, "operationId \(id) is unique")
                }
                let documented = paths.values.reduce(0) { $0 + $1.count }
                #expect(documented == endpoints.count, "nothing documented that does not exist")
                // Every $ref points at something the document defines.
                for reference in Self.references(in: document) {
                    var node: Any? = document
                    for key in reference.dropFirst(2).split(separator: "/") {
                        node = (node as? [String: Any])?[String(key)]
                    }
                    #expect(node != nil, "dangling \(reference)")
                }
            }
        }
    }

    /// Every `$ref` value in a JSON document.
    static func references(in value: Any) -> [String] {
        if let object = value as? [String: Any] {
            return object.flatMap { key, child in
                key == "$ref" ? [child as? String ?? ""] : references(in: child)
            }
        }
        if let array = value as? [Any] { return array.flatMap { references(in: $0) } }
        return []
    }

    @Test func unknownRoutesAnswerInTheErrorShape() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            try await client.execute(uri: "/api/v1/no-such-thing", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(ErrorShape.from(response)?.code == "not_found")
            }
        }
    }
}
