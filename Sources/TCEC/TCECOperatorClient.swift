public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The platform pulling from one operator platform: `query_token`, then `query_stations_info` page by page and
/// `query_station_status` fifty stations at a time (102.3's limit). A 4002 answer gets one fresh token and a retry.
public actor TCECOperatorClient {
    private let account: TCECAccount
    private let secrets: TCECSecrets
    private let baseURL: String
    private let platformOperatorID: String
    private let client: HTTPClient
    private let stamp = TCECStamp()
    private let timeout: TimeAmount
    private var token: String?

    /// Fails with `businessParameter` when the account has no outbound secrets or base URL.
    public init(
        account: TCECAccount, platformOperatorID: String, client: HTTPClient = .shared,
        timeout: TimeAmount = .seconds(30)
    ) throws(TCECError) {
        guard let secrets = account.outbound else {
            throw .businessParameter("outbound: operator \(account.operatorID) has no secrets for pulling")
        }
        guard let baseURL = account.baseURL, baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else {
            throw .businessParameter("baseURL: operator \(account.operatorID) has no http(s) interface root")
        }
        self.account = account
        self.secrets = secrets
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.platformOperatorID = platformOperatorID
        self.client = client
        self.timeout = timeout
    }

    /// Every page of the station catalogue, as decrypted JSON payloads (`{PageNo, PageCount, ItemSize,
    /// StationInfos}`) for the registry's importer. `lastQueryTime` (`yyyy-MM-dd HH:mm:ss`) asks for changes only.
    public func stationsInfo(lastQueryTime: String? = nil, pageSize: Int = 100) async throws -> [Data] {
        var pages: [Data] = []
        var pageNo = 1
        while true {
            let payload = try await call(
                "query_stations_info",
                try TCECJSON.encode(
                    StationsInfoRequest(lastQueryTime: lastQueryTime, pageNo: pageNo, pageSize: pageSize))
            )
            pages.append(payload)
            let page = try TCECJSON.decode(StationsInfoPage.self, from: payload)
            // A page count that never ends would loop forever; 10,000 pages of 100 is far beyond a province.
            guard pageNo < page.pageCount, pageNo < 10_000 else { return pages }
            pageNo += 1
        }
    }

    /// Live status of the given stations.
    public func stationStatus(stationIDs: [String]) async throws -> [StationStatusInfo] {
        var infos: [StationStatusInfo] = []
        var start = 0
        while start < stationIDs.count {
            let batch = Array(stationIDs[start..<min(start + 50, stationIDs.count)])
            let payload = try await call(
                "query_station_status", try TCECJSON.encode(StationStatusRequest(stationIDs: batch)))
            infos += try TCECJSON.decode(StationStatusResult.self, from: payload).stationStatusInfos
            start += 50
        }
        return infos
    }

    /// One authenticated call; fetches a token first when there is none, and once more on a 4002.
    public func call(_ interface: String, _ payload: Data) async throws -> Data {
        if token == nil { token = try await fetchToken() }
        do {
            return try await post(interface, payload, token: token)
        } catch TCECError.token {
            token = try await fetchToken()
            return try await post(interface, payload, token: token)
        }
    }

    /// `query_token` with our operator ID and the secret the operator issued to us.
    public func fetchToken() async throws -> String {
        let request = TokenRequest(operatorID: platformOperatorID, operatorSecret: secrets.operatorSecret)
        let payload = try await post("query_token", try TCECJSON.encode(request), token: nil)
        let result = try TCECJSON.decode(TokenResult.self, from: payload)
        guard result.succStat == 0, !result.accessToken.isEmpty else {
            let reason =
                result.failReason == 1 ? "no such operator" : result.failReason == 2 ? "wrong secret" : "refused"
            throw TCECError.system("operator \(account.operatorID) refused our token request: \(reason)")
        }
        return result.accessToken
    }

    private func post(_ interface: String, _ payload: Data, token: String?) async throws -> Data {
        let cipher = TCECCipher(secrets)
        let envelope = try TCECRequest(
            sealing: payload, operatorID: platformOperatorID, cipher: cipher,
            timeStamp: TCECStamp.timeStamp(unixSeconds: Int64(Date().timeIntervalSince1970)), seq: stamp.nextSeq())
        var request = HTTPClientRequest(url: "\(baseURL)/\(interface)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(bytes: try envelope.encoded()))
        let response = try await client.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
        guard response.status == .ok else {
            throw TCECError.system("operator \(account.operatorID) \(interface): HTTP \(response.status.code)")
        }
        return try TCECResponse(body: Data(body.readableBytesView)).open(with: cipher)
    }
}
