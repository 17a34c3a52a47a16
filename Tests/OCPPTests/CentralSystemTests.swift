import Foundation
import Logging
import Model
import OCPP
import OCPPCentral
import SQLiteStore
import Store
import Synchronization
import Testing

/// The central system without sockets: frames in, answers out, what it stores and reports, and its own calls to
/// charge points matched with their answers.
@Suite("Central system")
struct CentralSystemTests {
    static let now: Int64 = 1_795_579_331_000_000

    /// Records what the central system reports.
    final class RecordingFeed: ChargingFeed {
        let events = Mutex<[String]>([])
        func connectorStatus(
            chargePointID: String, connectorID: Int, status: ChargePointStatus, errorCode: ChargePointErrorCode,
            at: Int64
        ) async {
            events.withLock { $0.append("status \(chargePointID)/\(connectorID) \(status.rawValue)") }
        }
        func chargePointDisconnected(chargePointID: String, at: Int64) async {
            events.withLock { $0.append("offline \(chargePointID)") }
        }
        func sessionEnded(
            chargePointID: String, connectorID: Int, transactionID: Int, start: Int64, stop: Int64, energyWh: Int
        ) async {
            events.withLock { $0.append("ended \(chargePointID)/\(connectorID) tx \(transactionID) \(energyWh) Wh") }
        }
    }

    struct Harness {
        let store: SQLiteStore
        let system: CentralSystem
        let feed: RecordingFeed
        let directory: URL

        /// Sends one frame and returns the central system's answer (the next frame it queues).
        func send(_ text: String, on connection: ChargePointConnection) async -> String? {
            await connection.receive(text)
            var iterator = connection.outgoing.makeAsyncIterator()
            return await iterator.next()
        }
    }

    static func withHarness(
        callTimeout: Duration = .seconds(5), _ body: (Harness) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ocpp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("t.sqlite").path)
        try await store.migrate()
        try await store.ocpp.insertChargePoint(
            ChargePointRecord(id: "CP-1", passwordHash: "x", createdAt: now))
        let feed = RecordingFeed()
        var logger = Logger(label: "test.ocpp")
        logger.logLevel = .critical
        let system = CentralSystem(
            store: store.ocpp, feed: feed, heartbeatInterval: 60, callTimeout: callTimeout, logger: logger,
            now: { now })
        try await body(Harness(store: store, system: system, feed: feed, directory: directory))
        try await store.close()
    }

    static func payload(_ answer: String?) throws -> [String: JSON] {
        guard case .callResult(_, let payload) = try OCPPFrame.parse(try #require(answer)).get() else {
            Issue.record("not a CALLRESULT: \(answer ?? "nil")")
            return [:]
        }
        return payload.objectValue ?? [:]
    }

    static func errorCode(_ answer: String?) throws -> String? {
        guard case .callError(_, let code, _, _) = try OCPPFrame.parse(try #require(answer)).get() else { return nil }
        return code
    }

    @Test func answersBootHeartbeatAndStatusAndStoresThem() async throws {
        try await Self.withHarness { h in
            let cp = await h.system.connect(chargePointID: "CP-1")
            let boot = try Self.payload(
                await h.send(
                    #"[2,"1","BootNotification",{"chargePointVendor":"AnchorSim","chargePointModel":"DC-120kW","firmwareVersion":"1.0.0"}]"#,
                    on: cp))
            #expect(boot["status"] == .string("Accepted") && boot["interval"] == .integer(60))
            #expect(boot["currentTime"] == .string("2026-11-25T04:02:11.000Z"))
            let heartbeat = try Self.payload(await h.send(#"[2,"2","Heartbeat",{}]"#, on: cp))
            #expect(heartbeat["currentTime"] != nil)
            let status = try Self.payload(
                await h.send(
                    #"[2,"3","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Charging","timestamp":"2026-11-25T04:00:00Z"}]"#,
                    on: cp))
            #expect(status.isEmpty)
            let record = try #require(try await h.store.ocpp.chargePoint(id: "CP-1"))
            #expect(record.boot?.vendor == "AnchorSim" && record.boot?.firmwareVersion == "1.0.0")
            #expect(record.lastSeenAt == Self.now)
            let statuses = try await h.store.ocpp.connectorStatuses(chargePointID: "CP-1")
            #expect(statuses.map(\.status) == ["Charging"])
            #expect(h.feed.events.withLock { $0 } == ["status CP-1/1 Charging"])
            await cp.close()
            #expect(h.feed.events.withLock { $0 }.last == "offline CP-1")
        }
    }

    @Test func badFramesGetCallErrorsAndTheSessionGoesOn() async throws {
        try await Self.withHarness { h in
            let cp = await h.system.connect(chargePointID: "CP-1")
            let cases = [
                ("hello", "FormationViolation"), (#"[2,"a","Teleport",{}]"#, "NotImplemented"),
                (#"[2,"b","Reset",{"type":"Hard"}]"#, "NotSupported"),
                (#"[2,"c","UpdateFirmware",{}]"#, "NotSupported"),
                (#"[2,"d","Authorize",{}]"#, "ProtocolError"),
                (#"[2,"e","Authorize",{"idTag":7}]"#, "TypeConstraintViolation"),
            ]
            for (frame, expected) in cases {
                let answer = await h.send(frame, on: cp)
                let code = try Self.errorCode(answer)
                #expect(code == expected, "\(frame)")
            }
            // Still answering.
            let heartbeat = await h.send(#"[2,"f","Heartbeat",{}]"#, on: cp)
            #expect(try Self.payload(heartbeat)["currentTime"] != nil)
        }
    }

    @Test func authorisesTagsByTheirStatusAndExpiry() async throws {
        try await Self.withHarness { h in
            try await h.store.ocpp.upsertIdTag(IdTagRecord(id: "GOOD", status: "Accepted", createdAt: Self.now))
            try await h.store.ocpp.upsertIdTag(IdTagRecord(id: "STOLEN", status: "Blocked", createdAt: Self.now))
            try await h.store.ocpp.upsertIdTag(
                IdTagRecord(id: "OLD", status: "Accepted", expiresAt: Self.now - 1, createdAt: Self.now))
            let cp = await h.system.connect(chargePointID: "CP-1")
            for (tag, expected) in [
                ("GOOD", "Accepted"), ("STOLEN", "Blocked"), ("OLD", "Expired"), ("NOPE", "Invalid"),
            ] {
                let answer = try Self.payload(await h.send(#"[2,"a","Authorize",{"idTag":"\#(tag)"}]"#, on: cp))
                #expect(answer["idTagInfo"]?.objectValue?["status"] == .string(expected), "\(tag)")
            }
        }
    }

    @Test func aWholeTransactionIsStoredAndReported() async throws {
        try await Self.withHarness { h in
            try await h.store.ocpp.upsertIdTag(IdTagRecord(id: "RFID0001", status: "Accepted", createdAt: Self.now))
            let cp = await h.system.connect(chargePointID: "CP-1")
            let start = try Self.payload(
                await h.send(
                    #"[2,"s","StartTransaction",{"connectorId":1,"idTag":"RFID0001","meterStart":1000000,"timestamp":"2026-11-25T04:02:11Z"}]"#,
                    on: cp))
            guard case .integer(let tx) = start["transactionId"] else {
                Issue.record("no transaction id")
                return
            }
            #expect(start["idTagInfo"]?.objectValue?["status"] == .string("Accepted"))
            _ = try Self.payload(
                await h.send(
                    #"[2,"m","MeterValues",{"connectorId":1,"transactionId":\#(tx),"meterValue":[{"timestamp":"2026-11-25T04:07:11Z","sampledValue":[{"value":"1002500","measurand":"Energy.Active.Import.Register","unit":"Wh"},{"value":"45","measurand":"SoC","unit":"Percent"}]}]}]"#,
                    on: cp))
            let stop = try Self.payload(
                await h.send(
                    #"[2,"t","StopTransaction",{"meterStop":1005000,"timestamp":"2026-11-25T04:12:11Z","transactionId":\#(tx),"reason":"Local","idTag":"RFID0001","transactionData":[{"timestamp":"2026-11-25T04:12:11Z","sampledValue":[{"value":"1005000","context":"Transaction.End"}]}]}]"#,
                    on: cp))
            #expect(stop["idTagInfo"]?.objectValue?["status"] == .string("Accepted"))
            let record = try #require(try await h.store.ocpp.transaction(id: tx))
            #expect(record.energyWh == 5000 && record.stopReason == "Local" && record.connectorID == 1)
            let values = try await h.store.ocpp.meterValues(chargePointID: nil, transactionID: tx, limit: 100)
            #expect(values.map(\.value) == ["1002500", "45", "1005000"])
            #expect(h.feed.events.withLock { $0 } == ["ended CP-1/1 tx \(tx) 5000 Wh"])
            // A rejected tag still gets a transaction id, recorded with what was answered.
            let refused = try Self.payload(
                await h.send(
                    #"[2,"r","StartTransaction",{"connectorId":2,"idTag":"BADTAG","meterStart":5,"timestamp":"2026-11-25T05:00:00Z"}]"#,
                    on: cp))
            #expect(refused["idTagInfo"]?.objectValue?["status"] == .string("Invalid"))
            #expect(
                try await h.store.ocpp.transactions(OCPPTransactionQuery(idTag: "BADTAG")).first?.authorization
                    == "Invalid")
        }
    }

    @Test func remoteCallsAreMatchedWithTheirAnswers() async throws {
        try await Self.withHarness(callTimeout: .milliseconds(300)) { h in
            await #expect(throws: RemoteCallError.notConnected) {
                try await h.system.call(.reset, payload: .object(["type": .string("Soft")]), to: "CP-1")
            }
            let cp = await h.system.connect(chargePointID: "CP-1")
            await #expect(throws: RemoteCallError.self) {
                try await h.system.call(.reset, payload: .object(["type": .string("Sideways")]), to: "CP-1")
            }
            var outgoing = cp.outgoing.makeAsyncIterator()
            let system = h.system
            let answer = Task { try await system.call(.reset, payload: .object(["type": .string("Soft")]), to: "CP-1") }
            let sent = try #require(await outgoing.next())
            guard case .call(let id, let action, let payload) = try OCPPFrame.parse(sent).get() else {
                Issue.record("not a CALL: \(sent)")
                return
            }
            #expect(action == "Reset" && payload == .object(["type": .string("Soft")]))
            await cp.receive(OCPPFrame.callResult(id: id, payload: .object(["status": .string("Accepted")])).text)
            #expect(try await answer.value == .object(["status": .string("Accepted")]))

            // A CALLERROR, an answer breaking the schema, and silence.
            let refused = Task {
                try await system.call(.unlockConnector, payload: .object(["connectorId": .integer(1)]), to: "CP-1")
            }
            let second = try OCPPFrame.parse(try #require(await outgoing.next())).get()
            await cp.receive(OCPPFrame.error(id: second.id, .notSupported, "no lock").text)
            await #expect(throws: RemoteCallError.callError(code: "NotSupported", description: "no lock")) {
                try await refused.value
            }
            let odd = Task {
                try await system.call(
                    .triggerMessage, payload: .object(["requestedMessage": .string("Heartbeat")]), to: "CP-1")
            }
            let third = try OCPPFrame.parse(try #require(await outgoing.next())).get()
            await cp.receive(OCPPFrame.callResult(id: third.id, payload: .object(["status": .string("Sure")])).text)
            await #expect(throws: RemoteCallError.self) { try await odd.value }
            await #expect(throws: RemoteCallError.timeout) {
                try await system.call(.getConfiguration, payload: .object([:]), to: "CP-1")
            }
        }
    }

    @Test func aNewConnectionReplacesTheOldOne() async throws {
        try await Self.withHarness { h in
            let first = await h.system.connect(chargePointID: "CP-1")
            let second = await h.system.connect(chargePointID: "CP-1")
            var old = first.outgoing.makeAsyncIterator()
            #expect(await old.next() == nil, "the old session's stream finished")
            await first.close()  // the old socket closing must not take the new session down
            #expect(await h.system.isConnected("CP-1"))
            #expect(!h.feed.events.withLock { $0 }.contains("offline CP-1"))
            await second.close()
            #expect(!(await h.system.isConnected("CP-1")))
        }
    }
}
