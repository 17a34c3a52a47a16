import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import Testing
import WebAPI

/// Logging in, users and tokens over HTTP, including field-level errors.
@Suite("Identity API")
struct IdentityAPITests {
    struct Issued: Decodable {
        let token: String
        let id: String
        let role: String
        let city: String?
    }
    struct Me: Decodable {
        let actor: String
        let role: String
        let city: String?
        let tokenId: String?
    }

    @Test func loginMeAndLogout() async throws {
        let fixture = try await APIFixture.make()
        let province = try #require(fixture.tokens["province"])
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/users", method: .post, headers: auth(province),
                body: jsonBody(#"{"name":"nb-officer","password":"s3cret-pass","role":"city","city":"ningbo"}"#)
            ) { response in
                #expect(response.status == .created)
            }
            let issued = try await client.execute(
                uri: "/api/v1/auth/login", method: .post,
                body: jsonBody(#"{"name":"nb-officer","password":"s3cret-pass"}"#)
            ) { response in
                #expect(response.status == .ok)
                return try decode(Issued.self, response)
            }
            #expect(issued.role == "city" && issued.city == "ningbo")
            #expect(issued.token.hasPrefix("nvb_"))
            try await client.execute(uri: "/api/v1/me", method: .get, headers: auth(issued.token)) { response in
                let me = try decode(Me.self, response)
                #expect(me.actor == "nb-officer" && me.role == "city" && me.city == "ningbo" && me.tokenId == issued.id)
            }
            try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: auth(issued.token)) {
                #expect($0.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: auth(issued.token)) { response in
                #expect(response.status == .unauthorized)
                #expect(ErrorShape.from(response)?.message == "token revoked")
            }
        }
    }

    @Test(arguments: [
        (#"{"name":"dora","password":"wrong password"}"#, 401, "unauthenticated", nil as String?),
        (#"{"name":"nobody","password":"correct horse"}"#, 401, "unauthenticated", nil),
        (#"{"name":"dora"}"#, 400, "invalid", "password"),
        (#"{"name":42,"password":"x"}"#, 400, "invalid", "name"),
        (#"not json"#, 400, "invalid", nil),
    ])
    func badLoginsAreRefusedInTheErrorShape(body: String, status: Int, code: String, field: String?) async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            try await client.execute(uri: "/api/v1/auth/login", method: .post, body: jsonBody(body)) { response in
                #expect(response.status.code == status)
                let error = try #require(ErrorShape.from(response))
                #expect(error.code == code)
                #expect(error.field == field)
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test(arguments: [
        (#"{"name":"x1","password":"short","role":"province"}"#, 400, "password"),
        (#"{"name":"x1","password":"long enough","role":"city"}"#, 400, "city"),
        (#"{"name":"x1","password":"long enough","role":"city","city":"shanghai"}"#, 400, "city"),
        (#"{"name":"x1","password":"long enough","role":"emperor"}"#, 400, "role"),
        (#"{"name":"x1","password":"long enough","role":"enterprise"}"#, 400, "enterprise"),
        (#"{"name":"bad name!","password":"long enough","role":"province"}"#, 400, "name"),
        (#"{"password":"long enough","role":"province"}"#, 400, "name"),
        (#"{"name":"dora","password":"long enough","role":"province"}"#, 409, "name"),
    ])
    func userCreationNamesTheFieldAtFault(body: String, status: Int, field: String) async throws {
        let fixture = try await APIFixture.make()
        let province = try #require(fixture.tokens["province"])
        try await fixture.test { client in
            try await client.execute(uri: "/api/v1/users", method: .post, headers: auth(province), body: jsonBody(body))
            { response in
                #expect(response.status.code == status)
                #expect(ErrorShape.from(response)?.field == field)
            }
        }
    }

    @Test func serviceTokensAreCreatedScopedAndRevoked() async throws {
        let fixture = try await APIFixture.make()
        let province = try #require(fixture.tokens["province"])
        try await fixture.test { client in
            let issued = try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: auth(province),
                body: jsonBody(
                    #"{"role":"enterprise","enterprise":"zeekr","label":"zeekr-etl","expiresInSeconds":600}"#)
            ) { response in
                #expect(response.status == .created)
                return try decode(Issued.self, response)
            }
            try await client.execute(uri: "/api/v1/enterprises/zeekr", method: .get, headers: auth(issued.token)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/v1/enterprises/geely", method: .get, headers: auth(issued.token)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/tokens/\(issued.id)", method: .delete, headers: auth(province)) {
                #expect($0.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/enterprises/zeekr", method: .get, headers: auth(issued.token)) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/tokens/\(issued.id)", method: .delete, headers: auth(province)) {
                response in
                #expect(response.status == .notFound, "revoking twice")
            }
        }
    }

    @Test func healthReadinessAndMetricsAnswer() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"store\":\"sqlite\""))
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                #expect(String(buffer: response.body).contains("http_server_request"), "request metrics are recorded")
            }
        }
    }
}
