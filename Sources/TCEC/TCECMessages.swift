import Foundation

// Business payloads (the decrypted `Data`) of the interfaces the platform serves or calls, T/CEC 102.2-102.4.
// Decoding is lenient (see `TCECJSON`); encoding uses the standard's spellings.

/// `query_token` request: the operator proves itself with its `OperatorSecret`.
public struct TokenRequest: Sendable, Equatable, Codable {
    public var operatorID: String
    public var operatorSecret: String

    public init(operatorID: String, operatorSecret: String) {
        self.operatorID = operatorID
        self.operatorSecret = operatorSecret
    }

    enum CodingKeys: String, CodingKey {
        case operatorID = "OperatorID"
        case operatorSecret = "OperatorSecret"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: TCECKey.self)
        operatorID = try c.required(String.self, "OperatorID", "OperatorId")
        operatorSecret = try c.required(String.self, "OperatorSecret")
    }
}

/// `query_token` result.
public struct TokenResult: Sendable, Equatable, Codable {
    public var operatorID: String
    /// 0 success, 1 failure.
    public var succStat: Int
    public var accessToken: String
    /// Seconds the token stays valid.
    public var tokenAvailableTime: Int
    /// 0 none, 1 no such operator, 2 wrong secret.
    public var failReason: Int

    public init(operatorID: String, succStat: Int, accessToken: String, tokenAvailableTime: Int, failReason: Int) {
        self.operatorID = operatorID
        self.succStat = succStat
        self.accessToken = accessToken
        self.tokenAvailableTime = tokenAvailableTime
        self.failReason = failReason
    }

    enum CodingKeys: String, CodingKey {
        case operatorID = "OperatorID"
        case succStat = "SuccStat"
        case accessToken = "AccessToken"
        case tokenAvailableTime = "TokenAvailableTime"
        case failReason = "FailReason"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: TCECKey.self)
        operatorID = try c.identifier("OperatorID", "OperatorId") ?? ""
        succStat = try c.required(Int.self, "SuccStat")
        accessToken = try c.lenient(String.self, "AccessToken") ?? ""
        tokenAvailableTime = try c.lenient(Int.self, "TokenAvailableTime") ?? 0
        failReason = try c.lenient(Int.self, "FailReason") ?? 0
    }
}

/// One connector's live state (ConnectorStatusInfo, 102.2).
public struct ConnectorStatusInfo: Sendable, Equatable, Codable {
    public var connectorID: String
    /// 0 offline, 1 idle, 2 occupied (not charging), 3 charging, 4 reserved, 255 fault.
    public var status: Int
    /// 0 unknown, 10 free, 50 occupied.
    public var parkStatus: Int?
    /// Parking lock: 0 unknown, 10 unlocked, 50 locked.
    public var lockStatus: Int?

    /// The status codes the standard defines.
    public static let statuses: Set<Int> = [0, 1, 2, 3, 4, 255]

    public init(connectorID: String, status: Int, parkStatus: Int? = nil, lockStatus: Int? = nil) {
        self.connectorID = connectorID
        self.status = status
        self.parkStatus = parkStatus
        self.lockStatus = lockStatus
    }

    enum CodingKeys: String, CodingKey {
        case connectorID = "ConnectorID"
        case status = "Status"
        case parkStatus = "ParkStatus"
        case lockStatus = "LockStatus"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: TCECKey.self)
        guard let id = try c.identifier("ConnectorID", "ConnectorId"), !id.isEmpty else {
            throw DecodingError.keyNotFound(
                TCECKey("ConnectorID"), .init(codingPath: c.codingPath, debugDescription: "ConnectorID is required"))
        }
        connectorID = id
        status = try c.required(Int.self, "Status")
        guard Self.statuses.contains(status) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: c.codingPath + [TCECKey("Status")],
                    debugDescription: "\(status) is not a T/CEC connector status (0, 1, 2, 3, 4, 255)"))
        }
        parkStatus = try c.lenient(Int.self, "ParkStatus")
        lockStatus = try c.lenient(Int.self, "LockStatus")
    }
}

/// `notification_stationStatus` request: one connector changed.
public struct StationStatusNotification: Sendable, Equatable, Codable {
    public var connectorStatusInfo: ConnectorStatusInfo

    public init(connectorStatusInfo: ConnectorStatusInfo) { self.connectorStatusInfo = connectorStatusInfo }

    enum CodingKeys: String, CodingKey { case connectorStatusInfo = "ConnectorStatusInfo" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: TCECKey.self)
        connectorStatusInfo = try c.required(ConnectorStatusInfo.self, "ConnectorStatusInfo")
    }
}

/// Result of a notification: 0 accepted, 1 ignored (the operator must not resend).
public struct NotificationResult: Sendable, Equatable, Codable {
    public var status: Int

    public init(status: Int) { self.status = status }

    enum CodingKeys: String, CodingKey { case status = "Status" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: TCECKey.self)
        status = try c.required(Int.self, "Status")
    }
}

/// `query_stations_info` request (paged catalogue).
public struct StationsInfoRequest: Sendable, Equatable, Codable {
    /// `yyyy-MM-dd HH:mm:ss`: only stations changed since; nil for all.
    public var lastQueryTime: String?
    public var pageNo: Int
    public var pageSize: Int

    public init(lastQueryTime: String?, pageNo: Int, pageSize: Int) {
        self.lastQueryTime = lastQueryTime
        self.pageNo = pageNo
        self.pageSize = pageSize
    }

    enum CodingKeys: String, CodingKey {
        case lastQueryTime = "LastQueryTime"
        case pageNo = "PageNo"
        case pageSize = "PageSize"
    }
}

/// The paging fields of a `query_stations_info` result (the stations themselves go to the registry's decoder).
public struct StationsInfoPage: Sendable, Equatable, Decodable {
    public var pageNo: Int
    public var pageCount: Int
    public var itemSize: Int

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: TCECKey.self)
        pageNo = try c.lenient(Int.self, "PageNo") ?? 1
        pageCount = try c.lenient(Int.self, "PageCount") ?? 1
        itemSize = try c.lenient(Int.self, "ItemSize") ?? 0
    }
}

/// `query_station_status` request: at most 50 stations.
public struct StationStatusRequest: Sendable, Equatable, Codable {
    public var stationIDs: [String]

    public init(stationIDs: [String]) { self.stationIDs = stationIDs }

    enum CodingKeys: String, CodingKey { case stationIDs = "StationIDs" }
}

/// One station's connectors in a `query_station_status` result.
public struct StationStatusInfo: Sendable, Equatable, Codable {
    public var stationID: String
    public var connectorStatusInfos: [ConnectorStatusInfo]

    public init(stationID: String, connectorStatusInfos: [ConnectorStatusInfo]) {
        self.stationID = stationID
        self.connectorStatusInfos = connectorStatusInfos
    }

    enum CodingKeys: String, CodingKey {
        case stationID = "StationID"
        case connectorStatusInfos = "ConnectorStatusInfos"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: TCECKey.self)
        stationID = try c.identifier("StationID", "StationId") ?? ""
        connectorStatusInfos =
            try c.list(ConnectorStatusInfo.self, "ConnectorStatusInfos", "ConnectorStatusInfo") ?? []
    }
}

/// `query_station_status` result.
public struct StationStatusResult: Sendable, Equatable, Codable {
    public var total: Int
    public var stationStatusInfos: [StationStatusInfo]

    public init(total: Int, stationStatusInfos: [StationStatusInfo]) {
        self.total = total
        self.stationStatusInfos = stationStatusInfos
    }

    enum CodingKeys: String, CodingKey {
        case total = "Total"
        case stationStatusInfos = "StationStatusInfos"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: TCECKey.self)
        // The standard's own example sends one `stationStatusInfo` object instead of the list.
        stationStatusInfos = try c.list(StationStatusInfo.self, "StationStatusInfos", "StationStatusInfo") ?? []
        total = try c.lenient(Int.self, "Total") ?? stationStatusInfos.count
    }
}
