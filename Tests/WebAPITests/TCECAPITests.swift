import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TCEC
import Testing

@testable import WebAPI

/// The T/CEC 102 exchange over HTTP: the province admits operators, operators call `/evcs/...` with the
/// standard's envelope and their own bearer tokens.
@Suite("T/CEC 102 API")
struct TCECAPITests {
    struct SecretsJSON: Codable {
        let operatorSecret: String
        let dataSecret: String
        let dataSecretIV: String
        let sigSecret: String
    }
    struct OperatorJSON: Decodable {
        let operatorId: String
        let name: String
        let pulls: Bool
        let enabled: Bool
        let inbound: SecretsJSON?
    }

    /// An operator platform calling us: seals with the secrets we issued.
    struct Caller {
        let operatorID: String
        let secrets: TCECSecrets
        let stamp = TCECStamp()

        init(_ id: String, _ s: SecretsJSON) throws {
            operatorID = id
            secrets = try TCECSecrets(
                operatorSecret: s.operatorSecret, dataSecret: s.dataSecret, dataSecretIV: s.dataSecretIV,
                sigSecret: s.sigSecret)
        }

        func call(
            _ client: any TestClientProtocol, _ interface: String, _ json: String, token: String? = nil
        ) async throws -> TCECResponse {
            let body = TCECRequest(
                sealing: Data(json.utf8), operatorID: operatorID, cipher: TCECCipher(secrets),
                timeStamp: TCECStamp.timeStamp(unixSeconds: Int64(Date().timeIntervalSince1970)), seq: stamp.nextSeq()
            ).encoded()
            var headers: HTTPFields = [.contentType: "application/json"]
            if let token { headers[.authorization] = "Bearer \(token)" }
            return try await client.execute(
                uri: "/evcs/v20160701/\(interface)", method: .post, headers: headers, body: ByteBuffer(bytes: body)
            ) { response in
                #expect(response.status == .ok)
                return try TCECResponse(body: Data(response.body.readableBytesView))
            }
        }

        func token(_ client: any TestClientProtocol) async throws -> String {
            let response = try await call(
                client, "query_token", #"{"OperatorID":"\#(operatorID)","OperatorSecret":"\#(secrets.operatorSecret)"}"#
            )
            let result = try TCECJSON.decode(TokenResult.self, from: try response.open(with: TCECCipher(secrets)))
            #expect(result.succStat == 0)
            return result.accessToken
        }
    }

    @Test("the province admits an operator; secrets are shown on creation and rotation only; fields are checked")
    func admission() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            let created = try await client.execute(
                uri: "/api/v1/tcec/operators", method: .post, headers: auth(fixture.tokens["province"]),
                body: jsonBody(#"{"operatorId":"MA01H3BQ2","name":"星星充电"}"#)
            ) { response in
                #expect(response.status == .created)
                return try decode(OperatorJSON.self, response)
            }
            #expect(created.inbound?.dataSecret.count == 16 && !created.pulls && created.enabled)
            for (body, field) in [
                (#"{"operatorId":"MA01","name":"x"}"#, "operatorId"),
                (#"{"operatorId":"MA01H3BQ3","name":" "}"#, "name"),
                (#"{"operatorId":"MA01H3BQ3","name":"x","baseUrl":"ftp://x"}"#, "baseUrl"),
                (
                    #"{"operatorId":"MA01H3BQ3","name":"x","outbound":{"operatorSecret":"a","dataSecret":"short","dataSecretIV":"1234567890abcdef","sigSecret":"s"}}"#,
                    "outbound.dataSecret"
                ),
            ] {
                try await client.execute(
                    uri: "/api/v1/tcec/operators", method: .post, headers: auth(fixture.tokens["province"]),
                    body: jsonBody(body)
                ) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(ErrorShape.from(response)?.field == field, "\(body)")
                }
            }
            try await client.execute(
                uri: "/api/v1/tcec/operators", method: .post, headers: auth(fixture.tokens["province"]),
                body: jsonBody(#"{"operatorId":"MA01H3BQ2","name":"again"}"#)
            ) { response in #expect(response.status == .conflict) }
            try await client.execute(
                uri: "/api/v1/tcec/operators", method: .get, headers: auth(fixture.tokens["ningbo"])
            ) { response in #expect(response.status == .forbidden) }
            let listed = try await client.execute(
                uri: "/api/v1/tcec/operators", method: .get, headers: auth(fixture.tokens["province"])
            ) { try decode([String: [OperatorJSON]].self, $0)["operators"] ?? [] }
            #expect(listed.map(\.operatorId) == ["MA01H3BQ2"] && listed.first?.inbound == nil)

            // Pull settings make it a pulled operator.
            let updated = try await client.execute(
                uri: "/api/v1/tcec/operators/MA01H3BQ2", method: .patch, headers: auth(fixture.tokens["province"]),
                body: jsonBody(
                    #"{"baseUrl":"https://evcs.example.cn/evcs/v20160701","outbound":{"operatorSecret":"a","dataSecret":"1234567890abcdef","dataSecretIV":"1234567890abcdef","sigSecret":"s"}}"#
                )
            ) { try decode(OperatorJSON.self, $0) }
            #expect(updated.pulls && updated.inbound == nil)
        }
    }

    @Test("an operator gets a token and is refused without it, with old secrets, or when disabled")
    func exchange() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            let created = try await client.execute(
                uri: "/api/v1/tcec/operators", method: .post, headers: auth(fixture.tokens["province"]),
                body: jsonBody(#"{"operatorId":"MA005DBW1","name":"特来电"}"#)
            ) { try decode(OperatorJSON.self, $0) }
            let caller = try Caller("MA005DBW1", try #require(created.inbound))
            let token = try await caller.token(client)
            #expect(!token.isEmpty)
            // The T/CEC token is not a platform token: the platform's authentication leaves it to the exchange.
            let push = #"{"ConnectorStatusInfo":{"ConnectorID":"X1","Status":1}}"#
            #expect(try await caller.call(client, "notification_stationStatus", push).ret == 4002)
            #expect(try await caller.call(client, "notification_stationStatus", push, token: "forged").ret == 4002)

            // Rotation: the old secrets no longer sign.
            let rotated = try await client.execute(
                uri: "/api/v1/tcec/operators/MA005DBW1/secrets", method: .post,
                headers: auth(fixture.tokens["province"])
            ) { try decode(OperatorJSON.self, $0) }
            #expect(rotated.inbound?.sigSecret != created.inbound?.sigSecret)
            #expect(try await caller.call(client, "query_token", "{}").ret == 4001)
            let renewed = try Caller("MA005DBW1", try #require(rotated.inbound))
            _ = try await renewed.token(client)

            // Disabled: as if unknown.
            try await client.execute(
                uri: "/api/v1/tcec/operators/MA005DBW1", method: .patch, headers: auth(fixture.tokens["province"]),
                body: jsonBody(#"{"enabled":false}"#)
            ) { #expect($0.status == .ok) }
            let refused = try await renewed.call(client, "query_token", "{}")
            #expect(refused.ret == 4003 && refused.msg.contains("OperatorID"))

            // Routes the exchange does not serve are 404s, not envelopes.
            try await client.execute(
                uri: "/evcs/v20160701/query_start_charge", method: .post, body: jsonBody("{}")
            ) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/evcs/latest/query_token", method: .post, body: jsonBody("{}")) {
                #expect($0.status == .notFound)
            }
            try await client.execute(
                uri: "/api/v1/tcec/operators/MA005DBW1", method: .delete, headers: auth(fixture.tokens["province"])
            ) { #expect($0.status == .noContent) }
        }
    }
}
