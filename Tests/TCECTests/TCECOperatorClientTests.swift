import AsyncHTTPClient
import Foundation
import Hummingbird
import Synchronization
import TCEC
import Testing

/// The platform pulling from an operator platform over HTTP on loopback.
@Suite("T/CEC 102 pulls from an operator")
struct TCECOperatorClientTests {
    /// Secrets the operator issued to the platform.
    static let issued = try! TCECSecrets(
        operatorSecret: "platform-secret", dataSecret: "0123456789ABCDEF", dataSecretIV: "FEDCBA9876543210",
        sigSecret: "operator-sig-key")

    /// A fake operator platform: three pages of stations, status for any station asked, and a first token that it
    /// forgets after one use (so the client must fetch another).
    final class Operator: Sendable {
        let calls = Mutex<[String]>([])
        let statusBatches = Mutex<[Int]>([])
        let tokensIssued = Mutex(0)

        func answer(_ interface: String, _ authorization: String?, _ body: Data) -> TCECResponse {
            let cipher = TCECCipher(TCECOperatorClientTests.issued)
            calls.withLock { $0.append(interface) }
            do {
                let request = try TCECRequest(body: body)
                guard request.operatorID == "330000001" else { throw TCECError.postParameter("OperatorID") }
                let payload = try request.open(with: cipher)
                if interface == "query_token" {
                    let ask = try TCECJSON.decode(TokenRequest.self, from: payload)
                    guard ask.operatorSecret == TCECOperatorClientTests.issued.operatorSecret else {
                        throw TCECError.businessParameter("OperatorSecret")
                    }
                    let n = tokensIssued.withLock {
                        $0 += 1
                        return $0
                    }
                    let result = TokenResult(
                        operatorID: "330000001", succStat: 0, accessToken: "tok-\(n)", tokenAvailableTime: 7200,
                        failReason: 0)
                    return try TCECResponse(success: try JSONEncoder().encode(result), cipher: cipher)
                }
                // tok-1 is "expired" by the time of the second call.
                let used = calls.withLock { $0.count }
                guard let authorization, authorization.hasPrefix("Bearer tok-"),
                    !(authorization == "Bearer tok-1" && used > 2)
                else { throw TCECError.token }
                switch interface {
                case "query_stations_info":
                    let ask = try JSONSerialization.jsonObject(with: payload) as! [String: Any]
                    let page = ask["PageNo"] as! Int
                    let json =
                        #"{"PageNo":\#(page),"PageCount":3,"ItemSize":5,"StationInfos":[{"StationID":"S\#(page)"}]}"#
                    return try TCECResponse(success: Data(json.utf8), cipher: cipher)
                case "query_station_status":
                    let ask = try JSONSerialization.jsonObject(with: payload) as! [String: Any]
                    let ids = ask["StationIDs"] as! [String]
                    statusBatches.withLock { $0.append(ids.count) }
                    let infos = ids.map { id in
                        StationStatusInfo(
                            stationID: id,
                            connectorStatusInfos: [ConnectorStatusInfo(connectorID: id + "-1", status: 1)])
                    }
                    let result = StationStatusResult(total: infos.count, stationStatusInfos: infos)
                    return try TCECResponse(success: try JSONEncoder().encode(result), cipher: cipher)
                default:
                    throw TCECError.postParameter("interface")
                }
            } catch let error as TCECError {
                return TCECResponse(failure: error, cipher: cipher)
            } catch {
                return TCECResponse(failure: .system("\(error)"), cipher: cipher)
            }
        }
    }

    static func withOperator(_ fake: Operator, _ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/evcs/v20160701/{interface}") { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let interface = context.parameters.get("interface") ?? ""
            let answer = fake.answer(interface, request.headers[.authorization], Data(buffer.readableBytesView))
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: try answer.encoded())))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body("http://127.0.0.1:\(port)/evcs/v20160701")
            group.cancelAll()
        }
    }

    @Test("pages through the catalogue, batches status by 50, and renews a refused token once")
    func pulls() async throws {
        let fake = Operator()
        try await Self.withOperator(fake) { url in
            let account = TCECAccount(
                operatorID: "MA0000001", inbound: .random(), outbound: TCECOperatorClientTests.issued, baseURL: url)
            let client = try TCECOperatorClient(account: account, platformOperatorID: "330000001")
            let pages = try await client.stationsInfo(pageSize: 2)
            #expect(pages.count == 3)
            #expect(String(data: pages[2], encoding: .utf8)?.contains(#""StationID":"S3""#) == true)
            let ids = (1...120).map { "S\($0)" }
            let infos = try await client.stationStatus(stationIDs: ids)
            #expect(infos.map(\.stationID) == ids)
            #expect(fake.statusBatches.withLock { $0 } == [50, 50, 20])
        }
        // query_token, page 1 (tok-1), page 2 refused, query_token, page 2 again, page 3, three status calls.
        #expect(fake.tokensIssued.withLock { $0 } == 2)
        #expect(
            fake.calls.withLock { $0 } == [
                "query_token", "query_stations_info", "query_stations_info", "query_token", "query_stations_info",
                "query_stations_info", "query_station_status", "query_station_status", "query_station_status",
            ])
    }

    @Test("an account without outbound secrets cannot pull")
    func noSecrets() {
        let account = TCECAccount(operatorID: "MA0000001", inbound: .random())
        #expect(throws: TCECError.self) { try TCECOperatorClient(account: account, platformOperatorID: "330000001") }
    }
}
