import Charging
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import NIOCore
import SQLiteStore
import Store
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
            let body = try TCECRequest(
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
            // Kept in the store (so every serve process accepts it) by its digest only, never as itself.
            let now = Int64(Date().timeIntervalSince1970)
            let accounts = fixture.store.tcecAccounts
            #expect(try await accounts.tokenOperator(hash: TokenSecret.digest(token), now: now) == "MA005DBW1")
            #expect(try await accounts.tokenOperator(hash: token, now: now) == nil)
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

/// T/CEC pushes and pulls reaching the charging registry.
@Suite("T/CEC 102 into the registry")
struct TCECRegistryTests {
    static func station(_ id: String, operatorID: String, connectors: Int = 2) -> String {
        let guns = (1...connectors).map {
            #"{"ConnectorID":"\#(id)-E1-\#($0)","ConnectorType":4,"VoltageUpperLimits":750,"VoltageLowerLimits":200,"Current":250,"Power":60.0,"NationalStandard":2}"#
        }.joined(separator: ",")
        return #"""
            {"StationID":"\#(id)","OperatorID":"\#(operatorID)","EquipmentOwnerID":"\#(operatorID)","StationName":"测试站 \#(id)","CountryCode":"CN","AreaCode":"330106","Address":"杭州市西湖区文三路 1 号","ServiceTel":"95598","StationType":1,"StationStatus":50,"ParkNums":8,"StationLng":120.2108,"StationLat":30.2467,"Construction":4,"EquipmentInfos":[{"EquipmentID":"\#(id)-E1","EquipmentType":1,"Power":120.0,"ConnectorInfos":[\#(guns)]}]}
            """#
    }

    static func admit(_ client: any TestClientProtocol, _ fixture: APIFixture, _ id: String) async throws
        -> TCECAPITests.Caller
    {
        let created = try await client.execute(
            uri: "/api/v1/tcec/operators", method: .post, headers: auth(fixture.tokens["province"]),
            body: jsonBody(#"{"operatorId":"\#(id)","name":"运营商 \#(id)"}"#)
        ) { try decode(TCECAPITests.OperatorJSON.self, $0) }
        return try TCECAPITests.Caller(id, try #require(created.inbound))
    }

    @Test("a pushed station is imported under its operator; its connectors' status follows the pushes")
    func pushes() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.test { client in
            let caller = try await Self.admit(client, fixture, "MA005DBW1")
            let token = try await caller.token(client)
            let pushed = try await caller.call(
                client, "notification_stationInfo",
                #"{"StationInfo":\#(Self.station("S100", operatorID: "MA005DBW1"))}"#,
                token: token)
            #expect(pushed.ret == 0, "\(pushed.msg)")
            let station = try #require(try await fixture.store.charging.station(id: "S100"))
            #expect(station.operatorID.rawValue == "MA005DBW1" && station.connectors.count == 2)

            let status = try await caller.call(
                client, "notification_stationStatus",
                #"{"ConnectorStatusInfo":{"ConnectorID":"S100-E1-1","Status":3}}"#,
                token: token)
            let answer = try TCECJSON.decode(
                NotificationResult.self, from: try status.open(with: TCECCipher(caller.secrets)))
            #expect(answer.status == 0)
            let after = try #require(try await fixture.store.charging.station(id: "S100"))
            #expect(after.connectors.first { $0.id == "S100-E1-1" }?.status.rawValue == 3)

            // Another operator may neither push this operator's stations nor change their connectors.
            let other = try await Self.admit(client, fixture, "MA01H3BQ2")
            let otherToken = try await other.token(client)
            let foreign = try await other.call(
                client, "notification_stationInfo",
                #"{"StationInfo":\#(Self.station("S100", operatorID: "MA005DBW1"))}"#,
                token: otherToken)
            #expect(foreign.ret == 4004 && foreign.msg.contains("OperatorID"))
            let hijack = try await other.call(
                client, "notification_stationStatus",
                #"{"ConnectorStatusInfo":{"ConnectorID":"S100-E1-1","Status":255}}"#,
                token: otherToken)
            #expect(
                try TCECJSON.decode(NotificationResult.self, from: try hijack.open(with: TCECCipher(other.secrets)))
                    .status == 1)
            // A station the registry refuses is a 4004 naming the field, and nothing changes.
            let broken = try await caller.call(
                client, "notification_stationInfo",
                #"{"StationInfo":\#(Self.station("S101", operatorID: "MA005DBW1").replacingOccurrences(of: #""StationType":1"#, with: #""StationType":7"#))}"#,
                token: token)
            #expect(broken.ret == 4004 && broken.msg.contains("StationType"))
            #expect(try await fixture.store.charging.station(id: "S101") == nil)
        }
    }

    @Test("a pull imports the operator's catalogue page by page and the status of its connectors")
    func pull() async throws {
        let issued = try TCECSecrets(
            operatorSecret: "platform-secret", dataSecret: "0123456789ABCDEF", dataSecretIV: "FEDCBA9876543210",
            sigSecret: "operator-sig-key")
        let router = Router()
        router.post("/evcs/v20160701/{interface}") { request, context -> Response in
            let cipher = TCECCipher(issued)
            let body = try await request.body.collect(upTo: 1 << 20)
            let envelope = try TCECRequest(body: Data(body.readableBytesView))
            let payload = try envelope.open(with: cipher)
            let json: String
            switch context.parameters.get("interface") ?? "" {
            case "query_token":
                json =
                    #"{"OperatorID":"330000000","SuccStat":0,"AccessToken":"t","TokenAvailableTime":7200,"FailReason":0}"#
            case "query_stations_info":
                let page = (try JSONSerialization.jsonObject(with: payload) as? [String: Any])?["PageNo"] as? Int ?? 1
                let station = Self.station("P\(page)", operatorID: "MA005DBW1")
                json = #"{"PageNo":\#(page),"PageCount":2,"ItemSize":2,"StationInfos":[\#(station)]}"#
            default:
                json =
                    #"{"Total":2,"StationStatusInfos":[{"StationID":"P1","ConnectorStatusInfos":[{"ConnectorID":"P1-E1-2","Status":255},{"ConnectorID":"ghost","Status":1}]}]}"#
            }
            let answer = try TCECResponse(success: Data(json.utf8), cipher: cipher)
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: try answer.encoded())))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        let fixture = try await APIFixture.make()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await fixture.test { client in
                _ = try await Self.admit(client, fixture, "MA005DBW1")
                try await client.execute(
                    uri: "/api/v1/tcec/operators/MA005DBW1/pull", method: .post,
                    headers: auth(fixture.tokens["province"])
                ) { #expect($0.status == .conflict, "no pull settings yet") }
                try await client.execute(
                    uri: "/api/v1/tcec/operators/MA005DBW1", method: .patch, headers: auth(fixture.tokens["province"]),
                    body: jsonBody(
                        #"{"baseUrl":"http://127.0.0.1:\#(port)/evcs/v20160701","outbound":{"operatorSecret":"platform-secret","dataSecret":"0123456789ABCDEF","dataSecretIV":"FEDCBA9876543210","sigSecret":"operator-sig-key"}}"#
                    )
                ) { #expect($0.status == .ok) }
                struct Summary: Decodable { let stations, connectors, statuses, unknownConnectors: Int }
                let summary = try await client.execute(
                    uri: "/api/v1/tcec/operators/MA005DBW1/pull", method: .post,
                    headers: auth(fixture.tokens["province"])
                ) { try decode(Summary.self, $0) }
                #expect(summary.stations == 2 && summary.connectors == 4)
                #expect(summary.statuses == 1 && summary.unknownConnectors == 1)
                let p1 = try #require(try await fixture.store.charging.station(id: "P1"))
                #expect(p1.connectors.first { $0.id == "P1-E1-2" }?.status.rawValue == 255)
                #expect(
                    try await fixture.store.tcecAccounts.find(operatorID: "MA005DBW1")?.lastPullOutcome?.hasPrefix("ok")
                        == true)
            }
            group.cancelAll()
        }
    }
}
