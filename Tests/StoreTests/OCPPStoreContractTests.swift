import Model
import Store
import Testing

/// What the OCPP central system relies on, on both engines: charge points unique with their boot info, id tags
/// upserted and removed, transaction ids assigned by the store and never reused, stops applied once, meter values
/// and statuses kept in order, a late status never overwriting a newer latest one.
@Suite("OCPP store contract")
struct OCPPStoreContractTests {
    static let t: Int64 = 1_795_570_200_000_000
    static let s: Int64 = 1_000_000

    static func addChargePoints(_ store: any PlatformStore) async throws {
        try await store.ocpp.insertChargePoint(
            ChargePointRecord(
                id: "CP-B", passwordHash: "$2b$04$hash", stationID: "ST-1", equipmentID: "EQ-1", createdAt: t))
        try await store.ocpp.insertChargePoint(
            ChargePointRecord(id: "CP-A", passwordHash: "$2b$04$other", createdAt: t))
    }

    @Test(arguments: TestStores.engines)
    func chargePointsAreUniqueAndRememberTheirBoot(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await Self.addChargePoints(store)
            await #expect(throws: StoreError.self) {
                try await store.ocpp.insertChargePoint(
                    ChargePointRecord(id: "CP-A", passwordHash: "x", createdAt: Self.t))
            }
            #expect(try await store.ocpp.chargePoints().map(\.id) == ["CP-A", "CP-B"])
            let boot = ChargePointBoot(
                vendor: "AnchorSim", model: "DC-120kW", serialNumber: "SN1", firmwareVersion: nil,
                bootedAt: Self.t + Self.s)
            #expect(try await store.ocpp.recordBoot(chargePointID: "CP-B", boot, at: Self.t + Self.s))
            #expect(!(try await store.ocpp.recordBoot(chargePointID: "CP-Z", boot, at: Self.t)))
            try await store.ocpp.touch(chargePointID: "CP-B", at: Self.t + 5 * Self.s)
            try await store.ocpp.touch(chargePointID: "CP-B", at: Self.t + 2 * Self.s)  // never back
            let record = try #require(try await store.ocpp.chargePoint(id: "CP-B"))
            #expect(record.boot == boot && record.lastSeenAt == Self.t + 5 * Self.s)
            #expect(record.stationID == "ST-1" && record.equipmentID == "EQ-1" && record.passwordHash == "$2b$04$hash")
            #expect(try await store.ocpp.chargePoint(id: "cp-b") == nil)
        }
    }

    @Test(arguments: TestStores.engines)
    func idTagsUpsertAndDelete(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await store.ocpp.upsertIdTag(IdTagRecord(id: "B", status: "Accepted", createdAt: Self.t))
            try await store.ocpp.upsertIdTag(
                IdTagRecord(
                    id: "A", status: "Accepted", expiresAt: Self.t + Self.s, parentID: "FLEET", createdAt: Self.t))
            try await store.ocpp.upsertIdTag(IdTagRecord(id: "B", status: "Blocked", createdAt: Self.t))
            #expect(try await store.ocpp.idTags().map(\.id) == ["A", "B"])
            #expect(try await store.ocpp.idTag("B")?.status == "Blocked")
            #expect(try await store.ocpp.idTag("A")?.parentID == "FLEET")
            await #expect(throws: StoreError.self) {
                try await store.ocpp.upsertIdTag(IdTagRecord(id: "C", status: "Maybe", createdAt: Self.t))
            }
            #expect(try await store.ocpp.deleteIdTag("B"))
            #expect(!(try await store.ocpp.deleteIdTag("B")))
            #expect(try await store.ocpp.idTag("B") == nil)
        }
    }

    @Test(arguments: TestStores.engines)
    func transactionsGetStoreIdsAndStopOnce(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await Self.addChargePoints(store)
            let first = try await store.ocpp.startTransaction(
                TransactionStart(
                    chargePointID: "CP-A", connectorID: 1, idTag: "T1", authorization: "Accepted", meterStart: 1000,
                    startedAt: Self.t))
            let second = try await store.ocpp.startTransaction(
                TransactionStart(
                    chargePointID: "CP-B", connectorID: 2, idTag: "T2", authorization: "Invalid", meterStart: 50,
                    startedAt: Self.t + Self.s))
            #expect(second.id > first.id && first.stoppedAt == nil)
            await #expect(throws: StoreError.self) {
                _ = try await store.ocpp.startTransaction(
                    TransactionStart(
                        chargePointID: "CP-NONE", connectorID: 1, idTag: "T", authorization: "Accepted", meterStart: 0,
                        startedAt: Self.t))
            }
            let stop = TransactionStop(
                transactionID: first.id, meterStop: 6000, stoppedAt: Self.t + 60 * Self.s, reason: "Local", idTag: "T1")
            let stopped = try #require(try await store.ocpp.stopTransaction(stop))
            #expect(stopped.energyWh == 5000 && stopped.stopReason == "Local" && stopped.stopIdTag == "T1")
            // A repeated stop changes nothing.
            var again = stop
            again.meterStop = 9999
            #expect(try await store.ocpp.stopTransaction(again)?.meterStop == 6000)
            #expect(
                try await store.ocpp.stopTransaction(
                    TransactionStop(
                        transactionID: 424_242, meterStop: 1, stoppedAt: Self.t, reason: nil, idTag: nil)) == nil)

            #expect(try await store.ocpp.transactions(OCPPTransactionQuery()).map(\.id) == [second.id, first.id])
            #expect(try await store.ocpp.transactions(OCPPTransactionQuery(active: true)).map(\.id) == [second.id])
            #expect(try await store.ocpp.transactions(OCPPTransactionQuery(active: false)).map(\.id) == [first.id])
            #expect(
                try await store.ocpp.transactions(OCPPTransactionQuery(chargePointID: "CP-B")).map(\.id) == [second.id])
            #expect(try await store.ocpp.transactions(OCPPTransactionQuery(idTag: "T1")).map(\.id) == [first.id])
            #expect(
                try await store.ocpp.transactions(OCPPTransactionQuery(limit: 1, offset: 1)).map(\.id) == [first.id])
            #expect(try await store.ocpp.transaction(id: second.id)?.authorization == "Invalid")
        }
    }

    @Test(arguments: TestStores.engines)
    func meterValuesAndStatusesKeepTheirOrder(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await Self.addChargePoints(store)
            try await store.ocpp.addMeterValues([
                MeterValueRecord(
                    chargePointID: "CP-A", connectorID: 1, transactionID: 7, sampledAt: Self.t + 2 * Self.s,
                    value: "1002", measurand: "Energy.Active.Import.Register", unit: "Wh"),
                MeterValueRecord(
                    chargePointID: "CP-A", connectorID: 1, transactionID: 7, sampledAt: Self.t + Self.s, value: "1001"),
                MeterValueRecord(
                    chargePointID: "CP-A", connectorID: 1, transactionID: nil, sampledAt: Self.t, value: "230",
                    measurand: "Voltage", unit: "V", phase: "L1", location: "Outlet"),
            ])
            #expect(
                try await store.ocpp.meterValues(chargePointID: nil, transactionID: 7, limit: 10).map(\.value) == [
                    "1001", "1002",
                ])
            let all = try await store.ocpp.meterValues(chargePointID: "CP-A", transactionID: nil, limit: 10)
            #expect(all.map(\.value) == ["230", "1001", "1002"])
            #expect(all[0].phase == "L1" && all[0].location == "Outlet" && all[0].transactionID == nil)
            #expect(all[2].unit == "Wh" && all[1].measurand == nil)
            #expect(try await store.ocpp.meterValues(chargePointID: "CP-B", transactionID: nil, limit: 10).isEmpty)

            func status(_ cp: String, _ connector: Int, _ value: String, _ at: Int64) -> ConnectorStatusRecord {
                ConnectorStatusRecord(
                    chargePointID: cp, connectorID: connector, status: value, errorCode: "NoError",
                    at: Self.t + at * Self.s)
            }
            try await store.ocpp.recordStatus(status("CP-A", 1, "Available", 0))
            try await store.ocpp.recordStatus(status("CP-A", 1, "Charging", 10))
            try await store.ocpp.recordStatus(status("CP-A", 1, "Preparing", 5))  // late: history only
            try await store.ocpp.recordStatus(
                ConnectorStatusRecord(
                    chargePointID: "CP-A", connectorID: 0, status: "Faulted", errorCode: "GroundFailure", info: "RCD",
                    vendorErrorCode: "E17", at: Self.t))
            try await store.ocpp.recordStatus(status("CP-B", 1, "Available", 1))
            let latest = try await store.ocpp.connectorStatuses(chargePointID: "CP-A")
            #expect(latest.map(\.connectorID) == [0, 1] && latest.map(\.status) == ["Faulted", "Charging"])
            #expect(
                latest[0].info == "RCD" && latest[0].vendorErrorCode == "E17" && latest[0].errorCode == "GroundFailure")
            #expect(
                try await store.ocpp.connectorStatuses(chargePointID: nil).map(\.chargePointID) == [
                    "CP-A", "CP-A", "CP-B",
                ])
            let history = try await store.ocpp.statusHistory(chargePointID: "CP-A", limit: 10)
            #expect(history.map(\.status) == ["Charging", "Preparing", "Faulted", "Available"])
            #expect(try await store.ocpp.statusHistory(chargePointID: "CP-A", limit: 1).count == 1)
        }
    }

    @Test(arguments: TestStores.engines)
    func activityGoesInAsOneBatchLikeSingleCalls(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await Self.addChargePoints(store)
            try await store.ocpp.touch(chargePointID: "CP-A", at: Self.t + 9 * Self.s)
            func status(_ cp: String, _ connector: Int, _ value: String, _ at: Int64, info: String? = nil)
                -> ConnectorStatusRecord
            {
                ConnectorStatusRecord(
                    chargePointID: cp, connectorID: connector, status: value, errorCode: "NoError", info: info,
                    at: Self.t + at * Self.s)
            }
            // The same connector three times in one batch (a late one, and two at the same time: the later wins),
            // and a last-seen that must not move CP-A back.
            try await store.ocpp.recordActivity(
                lastSeen: ["CP-A": Self.t + 3 * Self.s, "CP-B": Self.t + 4 * Self.s],
                statuses: [
                    status("CP-B", 1, "Charging", 10), status("CP-B", 1, "Preparing", 5),
                    status("CP-B", 2, "Available", 7), status("CP-B", 2, "Faulted", 7, info: "overheat"),
                ])
            #expect(try await store.ocpp.chargePoint(id: "CP-A")?.lastSeenAt == Self.t + 9 * Self.s)
            #expect(try await store.ocpp.chargePoint(id: "CP-B")?.lastSeenAt == Self.t + 4 * Self.s)
            let latest = try await store.ocpp.connectorStatuses(chargePointID: "CP-B")
            #expect(latest.map(\.status) == ["Charging", "Faulted"])
            #expect(latest[1].info == "overheat")
            #expect(try await store.ocpp.statusHistory(chargePointID: "CP-B", limit: 10).count == 4)
            // Nothing to do is no error; a later batch still never overwrites a newer latest status.
            try await store.ocpp.recordActivity(lastSeen: [:], statuses: [])
            try await store.ocpp.recordActivity(lastSeen: [:], statuses: [status("CP-B", 1, "Available", 6)])
            #expect(try await store.ocpp.connectorStatuses(chargePointID: "CP-B").first?.status == "Charging")
        }
    }
}
