import Charging
import Foundation
import Logging
import Model
import OCPP
import OCPPCentral
import SQLiteStore
import Store
import Testing

/// What charge points report reaches the charging registry through the link of their record.
@Suite("OCPP into the charging registry")
struct RegistryChargingFeedTests {
    static let stationJSON = #"""
        [{"StationID":"S1","OperatorID":"MA005DBW1","StationName":"站","AreaCode":"330106","Address":"杭州",
          "StationType":1,"StationStatus":50,"StationLng":120.21,"StationLat":30.25,
          "EquipmentInfos":[
            {"EquipmentID":"S1-AC","EquipmentType":2,"Power":7,"ConnectorInfos":[{"ConnectorID":"S1-AC-1","ConnectorType":3,"Power":7}]},
            {"EquipmentID":"S1-DC","EquipmentType":1,"Power":120,"ConnectorInfos":[
              {"ConnectorID":"S1-DC-B","ConnectorType":4,"Power":60},{"ConnectorID":"S1-DC-A","ConnectorType":4,"Power":60}]}]}]
        """#

    @Test("status by connector number, connector 0 and disconnection for all, session energy; unlinked points ignored")
    func feed() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nevbrain-feed-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("f.sqlite").path)
        try await store.migrate()
        try await store.charging.upsertOperators([ChargingOperator(id: "MA005DBW1", name: "op")])
        let file = TCECStationInfos(json: Data(Self.stationJSON.utf8))
        #expect(file.problems.isEmpty)
        try await store.charging.importStations(file.stations)
        try await store.ocpp.insertChargePoint(
            ChargePointRecord(id: "CP1", passwordHash: "x", stationID: "S1", equipmentID: "S1-DC", createdAt: 1))
        try await store.ocpp.insertChargePoint(ChargePointRecord(id: "LOOSE", passwordHash: "x", createdAt: 1))
        let feed = RegistryChargingFeed(store: store, logger: Logger(label: "test"))
        func statuses() async throws -> [String: Int] {
            let station = try #require(try await store.charging.station(id: "S1"))
            return Dictionary(uniqueKeysWithValues: station.connectors.map { ($0.id, $0.status.rawValue) })
        }
        let t: Int64 = 1_800_000_000_000_000
        // Connector 1 is the first of the DC charger's connectors in id order: S1-DC-A.
        await feed.connectorStatus(chargePointID: "CP1", connectorID: 1, status: .charging, errorCode: .noError, at: t)
        await feed.connectorStatus(chargePointID: "CP1", connectorID: 2, status: .preparing, errorCode: .noError, at: t)
        #expect(try await statuses() == ["S1-AC-1": 0, "S1-DC-A": 3, "S1-DC-B": 2])
        // Connector 0 is the whole charge point; the AC charger is another charge point and stays as it was.
        await feed.connectorStatus(
            chargePointID: "CP1", connectorID: 0, status: .faulted, errorCode: .groundFailure, at: t + 1)
        #expect(try await statuses() == ["S1-AC-1": 0, "S1-DC-A": 255, "S1-DC-B": 255])
        await feed.connectorStatus(
            chargePointID: "CP1", connectorID: 1, status: .available, errorCode: .noError, at: t + 2)
        await feed.chargePointDisconnected(chargePointID: "CP1", at: t + 3)
        #expect(try await statuses() == ["S1-AC-1": 0, "S1-DC-A": 0, "S1-DC-B": 0])
        // Unlinked charge points and connectors beyond the charger change nothing.
        await feed.connectorStatus(
            chargePointID: "LOOSE", connectorID: 1, status: .charging, errorCode: .noError, at: t + 4)
        await feed.connectorStatus(
            chargePointID: "CP1", connectorID: 3, status: .charging, errorCode: .noError, at: t + 4)
        #expect(try await statuses() == ["S1-AC-1": 0, "S1-DC-A": 0, "S1-DC-B": 0])

        await feed.sessionEnded(
            chargePointID: "CP1", connectorID: 2, transactionID: 7, start: t, stop: t + 1_800_000_000, energyWh: 25_500)
        let stats = try await store.charging.statistics(scope: ChargingScope(), from: t - 1, to: t + 3_600_000_000)
        #expect(stats.sessions == 1 && stats.energyKWh == 25.5)
        try await store.close()
    }
}
