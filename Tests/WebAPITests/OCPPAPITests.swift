import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import Identity
import Logging
import Model
import OCPP
import OCPPCentral
import SQLiteStore
import Store
import Synchronization
import Testing
import WSClient

@testable import WebAPI

/// The OCPP central system over HTTP: charge points and id tags managed by the province, the WebSocket handshake
/// (subprotocol, HTTP Basic per charge point), a session over a real socket, and remote operations answered.
@Suite("OCPP API")
struct OCPPAPITests {
    static let password = "sixteen-chars-pass"

    static func register(_ client: any TestClientProtocol, _ token: String, id: String = "CP-1") async throws {
        try await client.execute(
            uri: "/api/v1/ocpp/charge-points", method: .post, headers: auth(token),
            body: jsonBody(#"{"id":"\#(id)","password":"\#(password)","stationId":"ST-1"}"#)
        ) { response in
            #expect(response.status == .created)
        }
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    @Test func theProvinceManagesChargePointsAndIdTags() async throws {
        let fixture = try await APIFixture.make()
        let province = try #require(fixture.tokens["province"])
        try await fixture.test { client in
            try await Self.register(client, province)
            try await client.execute(
                uri: "/api/v1/ocpp/charge-points", method: .post, headers: auth(province),
                body: jsonBody(#"{"id":"CP-1","password":"\#(Self.password)"}"#)
            ) { response in
                #expect(response.status == .conflict)
            }
            for (body, field) in [
                (#"{"id":"CP 2","password":"\#(Self.password)"}"#, "id"),
                (#"{"id":"CP:2","password":"\#(Self.password)"}"#, "id"),
                (#"{"id":"CP-2","password":"short"}"#, "password"),
            ] {
                try await client.execute(
                    uri: "/api/v1/ocpp/charge-points", method: .post, headers: auth(province), body: jsonBody(body)
                ) { response in
                    #expect(response.status == .badRequest)
                    #expect(ErrorShape.from(response)?.field == field)
                }
            }
            try await client.execute(uri: "/api/v1/ocpp/charge-points/CP-1", method: .get, headers: auth(province)) {
                response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#""stationId":"ST-1""#) && text.contains(#""connected":false"#))
                #expect(!text.contains("$2"), "no password hash in the answer")
            }
            try await client.execute(
                uri: "/api/v1/ocpp/id-tags", method: .put, headers: auth(province),
                body: jsonBody(#"{"idTag":"RFID1","status":"Accepted","expiryDate":"2030-01-01T00:00:00+08:00"}"#)
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/api/v1/ocpp/id-tags", method: .put, headers: auth(province),
                body: jsonBody(#"{"idTag":"RFID2","status":"Lost"}"#)
            ) { response in
                #expect(ErrorShape.from(response)?.field == "status")
            }
            let tag = try #require(try await fixture.store.ocpp.idTag("RFID1"))
            #expect(tag.status == "Accepted" && tag.expiresAt == 1_893_427_200_000_000)
            try await client.execute(uri: "/api/v1/ocpp/id-tags/RFID1", method: .delete, headers: auth(province)) {
                response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/ocpp/id-tags/RFID1", method: .delete, headers: auth(province)) {
                response in
                #expect(response.status == .notFound)
            }
            // Remote operations: validated, and 409 while the charge point is not connected.
            try await client.execute(
                uri: "/api/v1/ocpp/charge-points/CP-1/Reset", method: .post, headers: auth(province),
                body: jsonBody(#"{"type":"Sideways"}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(ErrorShape.from(response)?.field == "type")
            }
            try await client.execute(
                uri: "/api/v1/ocpp/charge-points/CP-1/Reset", method: .post, headers: auth(province),
                body: jsonBody(#"{"type":"Soft"}"#)
            ) { response in
                #expect(response.status == .conflict)
                #expect(ErrorShape.from(response)?.code == "not_connected")
            }
            try await client.execute(
                uri: "/api/v1/ocpp/charge-points/CP-9/Reset", method: .post, headers: auth(province),
                body: jsonBody(#"{"type":"Soft"}"#)
            ) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func aChargePointConnectsWithItsPasswordAndTheSubprotocol() async throws {
        let fixture = try await APIFixture.make()
        defer { fixture.cleanUp() }
        let province = try #require(fixture.tokens["province"])
        try await fixture.store.ocpp.insertChargePoint(
            ChargePointRecord(
                id: "CP-1", passwordHash: fixture.services.identity.hasher.hash(Self.password), createdAt: 1))
        try await LiveFeedTests.application(fixture).test(.live) { client in
            guard let subprotocol = HTTPField.Name("Sec-WebSocket-Protocol") else { return }
            func configuration(_ password: String, _ offered: String = "ocpp1.6") -> WebSocketClientConfiguration {
                WebSocketClientConfiguration(
                    additionalHeaders: [.authorization: Self.basic("CP-1", password), subprotocol: offered])
            }
            // Refused handshakes: no upgrade.
            await #expect(throws: (any Error).self) {
                try await client.ws("/ocpp/CP-1", configuration: configuration("wrong-password-123")) { _, _, _ in }
            }
            await #expect(throws: (any Error).self) {
                try await client.ws("/ocpp/CP-1", configuration: configuration(Self.password, "ocpp2.0.1")) {
                    _, _, _ in
                }
            }
            try await client.execute(
                uri: "/ocpp/CP-1", method: .get, headers: [.authorization: Self.basic("CP-1", "wrong-password-123")]
            ) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(
                uri: "/ocpp/CP-1", method: .get, headers: [.authorization: Self.basic("CP-1", Self.password)]
            ) { response in
                #expect(response.status == .badRequest)
            }

            let answers = Mutex<[String]>([])
            let central = fixture.services.centralSystem
            try await client.ws("/ocpp/CP-1", configuration: configuration(Self.password)) { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                for text in [
                    #"[2,"1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]"#,
                    "not json",
                    #"[2,"2","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Faulted"}]"#,
                ] {
                    try await outbound.write(.text(text))
                    guard case .text(let answer) = try await messages.next() else { return }
                    answers.withLock { $0.append(answer) }
                }
                // A remote operation through the API, answered on this socket.
                async let remote: Void = client.execute(
                    uri: "/api/v1/ocpp/charge-points/CP-1/UnlockConnector", method: .post, headers: auth(province),
                    body: jsonBody(#"{"connectorId":1}"#)
                ) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains(#""status":"Unlocked""#))
                }
                guard case .text(let call) = try await messages.next(),
                    case .call(let id, "UnlockConnector", _) = try OCPPFrame.parse(call).get()
                else {
                    Issue.record("no UnlockConnector call")
                    return
                }
                try await outbound.write(.text(#"[3,"\#(id)",{"status":"Unlocked"}]"#))
                try await remote
                #expect(await central.isConnected("CP-1"))
            }
            let texts = answers.withLock { $0 }
            #expect(texts.count == 3)
            #expect(texts.first?.contains(#""status":"Accepted""#) == true)
            #expect(texts.dropFirst().first?.hasPrefix(#"[4,"-1","FormationViolation""#) == true)
            #expect(texts.last == #"[3,"2",{}]"#)
            try await client.execute(uri: "/api/v1/ocpp/charge-points/CP-1", method: .get, headers: auth(province)) {
                response in
                let text = String(buffer: response.body)
                #expect(text.contains(#""status":"Faulted""#) && text.contains(#""tcecStatus":255"#))
                #expect(text.contains(#""vendor":"V""#))
            }
        }
    }
}
