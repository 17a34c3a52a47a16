import Foundation
import Logging
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

    func connectorStatusChanged(operatorID: String, _ status: ConnectorStatusInfo, receivedAt: Int64) async throws
        -> Bool
    {
        throw TCECError.busy
    }

    func stationInfoChanged(operatorID: String, payload: Data) async throws -> Bool {
        throw TCECError.busy
    }
}
