public import AsyncHTTPClient
import Charging
import Foundation
import Identity
public import Logging
import Model
public import Store
import TCEC

/// The platform's side of T/CEC 102: the endpoint operators push to, and pulls from operators.
public final class TCECService: Sendable {
    let store: any PlatformStore
    /// Our own OperatorID, sent in pulls.
    let platformOperatorID: String
    let endpoint: TCECEndpoint

    public init(store: any PlatformStore, platformOperatorID: String) {
        self.store = store
        self.platformOperatorID = platformOperatorID
        endpoint = TCECEndpoint(backend: StoreTCECBackend(store: store))
    }

    /// The stored account in the exchange's terms; nil when its secrets are unusable.
    static func account(_ record: TCECAccountRecord) -> TCECAccount? {
        func secrets(_ set: TCECSecretSet) -> TCECSecrets? {
            try? TCECSecrets(
                operatorSecret: set.operatorSecret, dataSecret: set.dataSecret, dataSecretIV: set.dataSecretIV,
                sigSecret: set.sigSecret)
        }
        guard let inbound = secrets(record.inbound) else { return nil }
        return TCECAccount(
            operatorID: record.operatorID, inbound: inbound, outbound: record.outbound.flatMap(secrets),
            baseURL: record.baseURL, enabled: record.enabled)
    }
}

/// Operator accounts from the store; pushes go to the charging registry.
struct StoreTCECBackend: TCECBackend {
    let store: any PlatformStore

    func account(operatorID: String) async throws -> TCECAccount? {
        try await store.tcecAccounts.find(operatorID: operatorID).flatMap(TCECService.account)
    }

    /// Stored when the connector is in the registry and belongs to a station of this operator; otherwise ignored.
    func connectorStatusChanged(operatorID: String, _ status: ConnectorStatusInfo, receivedAt: Int64) async throws
        -> Bool
    {
        guard let code = ConnectorStatus(rawValue: status.status),
            let stationID = try await store.charging.stationID(ofConnector: status.connectorID),
            let station = try await store.charging.station(id: stationID), station.operatorID.rawValue == operatorID
        else { return false }
        return try await store.charging.updateConnectorStatuses([
            ConnectorStatusChange(connectorID: status.connectorID, status: code, at: receivedAt * 1_000_000)
        ]).isEmpty
    }

    /// Kept by its SHA-256, as the platform's own API tokens are: the store never holds a usable token.
    func keepToken(_ token: String, operatorID: String, expiresAt: Int64, now: Int64) async throws {
        try await store.tcecAccounts.keepToken(
            hash: TokenSecret.digest(token), operatorID: operatorID, expiresAt: expiresAt, now: now)
    }

    func tokenOperator(_ token: String, now: Int64) async throws -> String? {
        try await store.tcecAccounts.tokenOperator(hash: TokenSecret.digest(token), now: now)
    }

    /// `{"StationInfo": {...}}`: the station is imported (replacing its earlier entry); it must be this operator's.
    func stationInfoChanged(operatorID: String, payload: Data) async throws -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: payload) as? [String: Any],
            let info = object.first(where: { $0.key.lowercased() == "stationinfo" })?.value as? [String: Any]
        else { throw TCECError.businessParameter("StationInfo: required, an object") }
        let stations = try TCECService.stations(
            from: [try JSONSerialization.data(withJSONObject: [info])], operatorID: operatorID)
        try await TCECService.ensureOperator(operatorID, store: store)
        try await store.charging.importStations(stations)
        return true
    }
}

extension TCECService {
    /// What one pull stored.
    public struct PullSummary: Codable, Sendable {
        public let stations: Int
        public let connectors: Int
        public let statuses: Int
        /// Status reports for connectors the catalogue did not list.
        public let unknownConnectors: Int
    }

    /// Stations of T/CEC `StationInfos` pages, all of `operatorID`; any problem refuses them all (4004 naming it).
    static func stations(from pages: [Data], operatorID: String) throws(TCECError) -> [ChargingStation] {
        var stations: [ChargingStation] = []
        for (n, page) in pages.enumerated() {
            let file = TCECStationInfos(json: page)
            if let problem = file.problems.first {
                throw .businessParameter(
                    "\(pages.count > 1 ? "page \(n + 1) " : "")\(problem.path): \(problem.message)")
            }
            for (index, station) in file.stations.enumerated() where station.operatorID.rawValue != operatorID {
                throw .businessParameter(
                    "StationInfos[\(index)].OperatorID: \(station.operatorID) is not the calling operator \(operatorID)"
                )
            }
            stations += file.stations
        }
        return stations
    }

    /// The registry needs the operator before its stations; an admitted operator is added under its account name.
    static func ensureOperator(_ operatorID: String, store: any PlatformStore) async throws {
        guard let id = OperatorID(rawValue: operatorID) else {
            throw TCECError.businessParameter("OperatorID: \(operatorID) is not a 9-character organisation code")
        }
        let known = try await store.charging.operators(scope: ChargingScope()).contains { $0.id == id }
        guard !known else { return }
        let name = try await store.tcecAccounts.find(operatorID: operatorID)?.name ?? operatorID
        try await store.charging.upsertOperators([ChargingOperator(id: id, name: name)])
    }

    /// Pulls the operator's catalogue and the status of its stations into the registry, and notes the outcome.
    public func pull(operatorID: String, client: HTTPClient = .shared) async throws -> PullSummary {
        guard let record = try await store.tcecAccounts.find(operatorID: operatorID),
            let account = Self.account(record)
        else { throw TCECError.postParameter("OperatorID: \(operatorID) is not admitted") }
        do {
            let operatorClient = try TCECOperatorClient(
                account: account, platformOperatorID: platformOperatorID, client: client)
            let stations = try Self.stations(
                from: try await operatorClient.stationsInfo(), operatorID: operatorID)
            try await Self.ensureOperator(operatorID, store: store)
            try await store.charging.importStations(stations)
            let infos = try await operatorClient.stationStatus(stationIDs: stations.map(\.id))
            let now = Clock.nowMicros()
            let changes = infos.flatMap(\.connectorStatusInfos).compactMap { info in
                ConnectorStatus(rawValue: info.status).map {
                    ConnectorStatusChange(connectorID: info.connectorID, status: $0, at: now)
                }
            }
            let unknown = try await store.charging.updateConnectorStatuses(changes)
            let summary = PullSummary(
                stations: stations.count, connectors: stations.reduce(0) { $0 + $1.connectors.count },
                statuses: changes.count - unknown.count, unknownConnectors: unknown.count)
            try await store.tcecAccounts.notePull(
                operatorID: operatorID, at: now,
                outcome:
                    "ok: \(summary.stations) stations, \(summary.connectors) connectors, \(summary.statuses) statuses")
            return summary
        } catch {
            try? await store.tcecAccounts.notePull(
                operatorID: operatorID, at: Clock.nowMicros(), outcome: "failed: \(error)")
            throw error
        }
    }

    /// Pulls from every enabled operator with pull settings; failures are noted per operator and logged.
    public func pullAll(logger: Logger) async {
        guard let accounts = try? await store.tcecAccounts.list() else { return }
        for record in accounts where record.enabled && record.outbound != nil && record.baseURL != nil {
            do {
                let summary = try await pull(operatorID: record.operatorID)
                logger.info(
                    "T/CEC pull", metadata: ["operator": "\(record.operatorID)", "stations": "\(summary.stations)"])
            } catch {
                logger.warning(
                    "T/CEC pull failed", metadata: ["operator": "\(record.operatorID)", "error": "\(error)"])
            }
        }
    }
}
