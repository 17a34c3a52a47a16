import Foundation
import Synchronization
import TCEC
import Testing

/// The platform side: token, pushes, and each failure answered with the standard's Ret code.
@Suite("T/CEC 102 platform endpoint")
struct TCECEndpointTests {
    /// Records what reaches the platform; knows one operator and its connectors C1 and C2.
    final class Backend: TCECBackend {
        let known: TCECAccount
        let statuses = Mutex<[ConnectorStatusInfo]>([])
        let stations = Mutex<[Data]>([])

        init(_ account: TCECAccount) { known = account }

        func account(operatorID: String) async throws -> TCECAccount? {
            operatorID == known.operatorID ? known : nil
        }

        func connectorStatusChanged(operatorID: String, _ status: ConnectorStatusInfo, receivedAt: Int64) async throws
            -> Bool
        {
            guard ["C1", "C2"].contains(status.connectorID) else { return false }
            statuses.withLock { $0.append(status) }
            return true
        }

        func stationInfoChanged(operatorID: String, payload: Data) async throws -> Bool {
            stations.withLock { $0.append(payload) }
            return true
        }

        /// Kept tokens: operator and expiry.
        let tokens = Mutex<[String: (operatorID: String, expiresAt: Int64)]>([:])

        func keepToken(_ token: String, operatorID: String, expiresAt: Int64, now: Int64) async throws {
            tokens.withLock { $0[token] = (operatorID, expiresAt) }
        }

        func tokenOperator(_ token: String, now: Int64) async throws -> String? {
            tokens.withLock { $0[token].flatMap { $0.expiresAt > now ? $0.operatorID : nil } }
        }
    }

    static let secrets = try! TCECSecrets(
        operatorSecret: "op-secret-00001", dataSecret: "abcdefghijklmnop", dataSecretIV: "ponmlkjihgfedcba",
        sigSecret: "sig-secret-0001")
    static let account = TCECAccount(operatorID: "MA1234567", inbound: secrets)

    final class Clock: Sendable {
        let now = Mutex<Int64>(1_800_000_000)
    }

    struct Harness {
        let backend = Backend(TCECEndpointTests.account)
        let clock = Clock()
        let endpoint: TCECEndpoint
        let cipher = TCECCipher(TCECEndpointTests.secrets)
        let stamp = TCECStamp()

        init() {
            let clock = self.clock
            endpoint = TCECEndpoint(backend: backend, tokenLifetime: 600, now: { clock.now.withLock { $0 } })
        }

        func call(
            _ interface: String, _ json: String, token: String? = nil, operatorID: String = "MA1234567",
            cipher: TCECCipher? = nil
        ) async throws -> TCECResponse {
            let body = try TCECRequest(
                sealing: Data(json.utf8), operatorID: operatorID, cipher: cipher ?? self.cipher,
                timeStamp: "20270115080000", seq: stamp.nextSeq()
            ).encoded()
            return await endpoint.handle(interface: interface, authorization: token.map { "Bearer \($0)" }, body: body)
        }

        func token() async throws -> String {
            let response = try await call(
                "query_token", #"{"OperatorID":"MA1234567","OperatorSecret":"op-secret-00001"}"#)
            let result = try TCECJSON.decode(TokenResult.self, from: try response.open(with: cipher))
            #expect(result.succStat == 0 && result.tokenAvailableTime == 600)
            return result.accessToken
        }
    }

    @Test("query_token issues a token; a wrong secret gets SuccStat 1 with FailReason 2")
    func token() async throws {
        let harness = Harness()
        let token = try await harness.token()
        #expect(token.count >= 40)
        let wrong = try await harness.call("query_token", #"{"OperatorID":"MA1234567","OperatorSecret":"guess"}"#)
        let result = try TCECJSON.decode(TokenResult.self, from: try wrong.open(with: harness.cipher))
        #expect(result.succStat == 1 && result.failReason == 2 && result.accessToken.isEmpty)
    }

    @Test("a status push with a token reaches the registry; without one it is a 4002")
    func statusPush() async throws {
        let harness = Harness()
        let push = #"{"ConnectorStatusInfo":{"ConnectorID":"C1","Status":3,"ParkStatus":50,"LockStatus":0}}"#
        let refused = try await harness.call("notification_stationStatus", push)
        #expect(refused.ret == 4002)
        #expect(harness.cipher.verify(refused.sig, of: refused.signedText))
        let token = try await harness.token()
        // Interface names are matched ignoring case.
        let accepted = try await harness.call("notification_stationstatus", push, token: token)
        #expect(accepted.ret == 0)
        let answer = try TCECJSON.decode(NotificationResult.self, from: try accepted.open(with: harness.cipher))
        #expect(answer.status == 0)
        #expect(
            harness.backend.statuses.withLock { $0 }
                == [ConnectorStatusInfo(connectorID: "C1", status: 3, parkStatus: 50, lockStatus: 0)])
        // A connector the platform does not know is "ignored, do not resend".
        let unknown = try await harness.call(
            "notification_stationStatus", #"{"ConnectorStatusInfo":{"ConnectorID":"C9","Status":1}}"#, token: token)
        #expect(try TCECJSON.decode(NotificationResult.self, from: try unknown.open(with: harness.cipher)).status == 1)
    }

    @Test("a token is kept by the backend, where any process finds it: another endpoint on the same backend accepts it")
    func tokensOutliveTheProcess() async throws {
        let harness = Harness()
        let token = try await harness.token()
        let kept = harness.backend.tokens.withLock { $0 }
        #expect(kept.count == 1)
        #expect(kept.keys.first == token)
        #expect(kept.values.first?.operatorID == "MA1234567")
        // Another platform process (a restart, or a second `serve` behind the load balancer).
        let clock = harness.clock
        let other = TCECEndpoint(backend: harness.backend, tokenLifetime: 600, now: { clock.now.withLock { $0 } })
        let body = try TCECRequest(
            sealing: Data(#"{"ConnectorStatusInfo":{"ConnectorID":"C2","Status":2}}"#.utf8), operatorID: "MA1234567",
            cipher: harness.cipher, timeStamp: "20270115080000", seq: harness.stamp.nextSeq()
        ).encoded()
        let accepted = await other.handle(
            interface: "notification_stationStatus", authorization: "Bearer \(token)", body: body)
        #expect(accepted.ret == 0)
        #expect(harness.backend.statuses.withLock { $0.map(\.connectorID) } == ["C2"])
    }

    @Test("tokens expire")
    func expiry() async throws {
        let harness = Harness()
        let token = try await harness.token()
        harness.clock.now.withLock { $0 += 601 }
        let late = try await harness.call(
            "notification_stationStatus", #"{"ConnectorStatusInfo":{"ConnectorID":"C1","Status":1}}"#, token: token)
        #expect(late.ret == 4002)
    }

    @Test("each failure answers with its Ret code and names the field")
    func failures() async throws {
        let harness = Harness()
        let token = try await harness.token()
        // Signed with another SigSecret: 4001.
        let forger = try TCECSecrets(
            operatorSecret: "x", dataSecret: "abcdefghijklmnop", dataSecretIV: "ponmlkjihgfedcba", sigSecret: "guess")
        let forged = try await harness.call(
            "notification_stationStatus", #"{"ConnectorStatusInfo":{"ConnectorID":"C1","Status":1}}"#, token: token,
            cipher: TCECCipher(forger))
        #expect(forged.ret == 4001)
        // A status code the standard does not define: 4004 naming the field; nothing reaches the registry.
        let bad = try await harness.call(
            "notification_stationStatus", #"{"ConnectorStatusInfo":{"ConnectorID":"C1","Status":7}}"#, token: token)
        #expect(bad.ret == 4004)
        #expect(bad.msg.contains("ConnectorStatusInfo.Status"))
        #expect(harness.backend.statuses.withLock { $0.isEmpty })
        // Unknown operator: 4003, unsigned because we hold no secret to sign with.
        let stranger = try await harness.call("query_token", "{}", operatorID: "XX0000000")
        #expect(stranger.ret == 4003 && stranger.sig.isEmpty && stranger.msg.contains("OperatorID"))
        // Missing envelope field.
        let empty = await harness.endpoint.handle(interface: "query_token", authorization: nil, body: Data("{}".utf8))
        #expect(empty.ret == 4003 && empty.msg.contains("OperatorID"))
        // Interface not served.
        let other = try await harness.call("query_start_charge", "{}", token: token)
        #expect(other.ret == 4003 && other.msg.contains("query_start_charge"))
    }

    @Test("a station push hands the decrypted payload to the registry")
    func stationPush() async throws {
        let harness = Harness()
        let token = try await harness.token()
        let json = #"{"StationInfo":{"StationID":"S1","OperatorID":"MA1234567"}}"#
        let response = try await harness.call("notification_stationInfo", json, token: token)
        #expect(response.ret == 0)
        #expect(harness.backend.stations.withLock { $0 } == [Data(json.utf8)])
    }
}
