import Charging
import Logging
import OCPP
import Store
import Synchronization

/// Feeds what charge points report into the charging registry: connector status as T/CEC codes (what the finder
/// shows) and each finished transaction's energy (the statistics).
///
/// A charge point is linked to the registry by its `stationID` (and, when the station has several chargers, its
/// `equipmentID`): OCPP connector n is the n-th connector of that charger, in the registry's id order; connector 0
/// (the whole charge point) and a lost connection apply to all of them. Charge points without a link only live in
/// the OCPP tables. Links are looked up once per charge point and kept.
public final class RegistryChargingFeed: ChargingFeed {
    private let store: any PlatformStore
    private let logger: Logger
    private let links = Mutex<[String: [String]]>([:])

    public init(store: any PlatformStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// The registry connector ids of a charge point, in OCPP connector order (index 0 is connector 1).
    func connectors(of chargePointID: String) async -> [String] {
        if let known = links.withLock({ $0[chargePointID] }) { return known }
        var ids: [String] = []
        do {
            if let point = try await store.ocpp.chargePoint(id: chargePointID), let stationID = point.stationID,
                let station = try await store.charging.station(id: stationID)
            {
                let equipment = station.equipment.first { $0.id == point.equipmentID } ?? station.equipment.first
                ids = (equipment?.connectors.map(\.id) ?? []).sorted()
            }
        } catch {
            logger.warning(
                "charge point link not read", metadata: ["chargePoint": "\(chargePointID)", "error": "\(error)"])
            return []
        }
        links.withLock { $0[chargePointID] = ids }
        return ids
    }

    /// Forgets cached links (after a charge point or station changes).
    public func linksChanged() { links.withLock { $0.removeAll() } }

    public func connectorStatus(
        chargePointID: String, connectorID: Int, status: ChargePointStatus, errorCode: ChargePointErrorCode, at: Int64
    ) async {
        let ids = await connectors(of: chargePointID)
        let targets = connectorID == 0 ? ids : (connectorID <= ids.count ? [ids[connectorID - 1]] : [])
        let code = ConnectorStatus(rawValue: TCECConnectorStatus(status).rawValue) ?? .fault
        await update(targets.map { ConnectorStatusChange(connectorID: $0, status: code, at: at) })
    }

    public func chargePointDisconnected(chargePointID: String, at: Int64) async {
        let ids = await connectors(of: chargePointID)
        await update(ids.map { ConnectorStatusChange(connectorID: $0, status: .offline, at: at) })
    }

    public func sessionEnded(
        chargePointID: String, connectorID: Int, transactionID: Int, start: Int64, stop: Int64, energyWh: Int
    ) async {
        let ids = await connectors(of: chargePointID)
        guard connectorID >= 1, connectorID <= ids.count, energyWh >= 0 else { return }
        do {
            try await store.charging.recordSession(
                connectorID: ids[connectorID - 1], start: start, stop: stop, energyKWh: Double(energyWh) / 1000,
                source: "ocpp")
        } catch {
            logger.error(
                "session energy not recorded", metadata: ["transaction": "\(transactionID)", "error": "\(error)"])
        }
    }

    private func update(_ changes: [ConnectorStatusChange]) async {
        guard !changes.isEmpty else { return }
        do {
            _ = try await store.charging.updateConnectorStatuses(changes)
        } catch {
            logger.error("connector status not recorded", metadata: ["error": "\(error)"])
        }
    }
}
