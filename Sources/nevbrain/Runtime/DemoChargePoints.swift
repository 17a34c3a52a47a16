import Charging
import Foundation
import HTTPTypes
import HummingbirdWSClient
import Identity
import Logging
import Model
import Store

/// The demo's simulated charge points: registered to sample stations of the charging registry, they connect to the
/// platform's own OCPP endpoint like real ones (HTTP Basic, subprotocol `ocpp1.6`), boot, report their connectors,
/// send heartbeats and now and then charge a car (authorise, start, meter values, stop), so the registry's live
/// status, the transactions and the energy statistics move while the demo runs.
enum DemoChargePoints {
    static let password = "demo-charge-point-secret"
    static let idTag = "DEMO-RFID-0001"

    /// Registers up to `count` charge points on the first public DC stations of the registry (idempotent) and
    /// returns their ids with their connector counts.
    static func register(_ count: Int, store: any PlatformStore, hasher: PasswordHasher) async throws -> [(String, Int)]
    {
        guard count > 0 else { return [] }
        let page = try await store.charging.stations(StationQuery(type: .public, status: .inService, limit: count * 3))
        var points: [(String, Int)] = []
        let hash = hasher.hash(password)
        for station in page.stations {
            guard points.count < count, let equipment = station.equipment.first(where: { $0.type == EquipmentType.dc })
            else {
                continue
            }
            let id = "DEMO-CP-\(points.count + 1)"
            if try await store.ocpp.chargePoint(id: id) == nil {
                try await store.ocpp.insertChargePoint(
                    ChargePointRecord(
                        id: id, passwordHash: hash, stationID: station.id, equipmentID: equipment.id,
                        createdAt: Clock.nowMicros()))
            }
            points.append((id, equipment.connectors.count))
        }
        if try await store.ocpp.idTag(idTag) == nil {
            try await store.ocpp.upsertIdTag(IdTagRecord(id: idTag, status: "Accepted", createdAt: Clock.nowMicros()))
        }
        return points
    }

    /// Runs the charge points against `port` until cancelled, reconnecting after a lost connection.
    static func run(_ points: [(String, Int)], port: Int) async {
        let logger = {
            var logger = Logger(label: "nevbrain.demo.ocpp")
            logger.logLevel = .critical
            return logger
        }()
        await withTaskGroup(of: Void.self) { group in
            for (index, point) in points.enumerated() {
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(200 * index))
                    while !Task.isCancelled {
                        try? await session(point.0, connectors: max(1, point.1), port: port, logger: logger)
                        try? await Task.sleep(for: .seconds(5))
                    }
                }
            }
        }
    }

    private static func session(_ id: String, connectors: Int, port: Int, logger: Logger) async throws {
        let credentials = Data("\(id):\(password)".utf8).base64EncodedString()
        guard let subprotocol = HTTPField.Name("Sec-WebSocket-Protocol") else { return }
        try await WebSocketClient.connect(
            url: "ws://127.0.0.1:\(port)/ocpp/\(id)",
            configuration: .init(additionalHeaders: [.authorization: "Basic \(credentials)", subprotocol: "ocpp1.6"]),
            logger: logger
        ) { inbound, outbound, _ in
            let (answers, delivered) = AsyncStream<String>.makeStream()
            let reading = Task {
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    if case .text(let text) = message { delivered.yield(text) }
                }
                delivered.finish()
            }
            defer { reading.cancel() }
            var replies = answers.makeAsyncIterator()
            var sequence = 0
            // One call at a time; the answer's payload is what follows the id.
            func call(_ action: String, _ payload: String) async throws -> String? {
                sequence += 1
                try await outbound.write(.text(#"[2,"\#(sequence)","\#(action)",\#(payload)]"#))
                while let reply = await replies.next() {
                    if reply.hasPrefix("[3,\"\(sequence)\"") || reply.hasPrefix("[4,\"\(sequence)\"") { return reply }
                }
                return nil
            }
            func status(_ connector: Int, _ value: String) async throws {
                _ = try await call(
                    "StatusNotification", #"{"connectorId":\#(connector),"errorCode":"NoError","status":"\#(value)"}"#)
            }
            func now() -> String { Clock.iso8601(micros: Clock.nowMicros()) }
            _ = try await call(
                "BootNotification", #"{"chargePointVendor":"nevbrain demo","chargePointModel":"DC-120kW-GBT"}"#)
            for connector in 1...connectors { try await status(connector, "Available") }
            var generator = SystemRandomNumberGenerator()
            var meter = Int.random(in: 1_000_000...9_000_000, using: &generator)
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(Int.random(in: 20...90, using: &generator)))
                _ = try await call("Heartbeat", "{}")
                guard Int.random(in: 0..<3, using: &generator) == 0 else { continue }
                // A charging session: authorise, start, three meter readings, stop.
                let connector = Int.random(in: 1...connectors, using: &generator)
                _ = try await call("Authorize", #"{"idTag":"\#(idTag)"}"#)
                try await status(connector, "Preparing")
                guard
                    let started = try await call(
                        "StartTransaction",
                        #"{"connectorId":\#(connector),"idTag":"\#(idTag)","meterStart":\#(meter),"timestamp":"\#(now())"}"#
                    ),
                    let range = started.range(of: #""transactionId":"#)
                else { continue }
                let transaction = Int(started[range.upperBound...].prefix { $0.isNumber }) ?? 0
                try await status(connector, "Charging")
                for _ in 0..<3 {
                    try await Task.sleep(for: .seconds(10))
                    meter += Int.random(in: 150...400, using: &generator)  // 60-140 kW for 10 s
                    _ = try await call(
                        "MeterValues",
                        #"{"connectorId":\#(connector),"transactionId":\#(transaction),"meterValue":[{"timestamp":"\#(now())","sampledValue":[{"value":"\#(meter)","measurand":"Energy.Active.Import.Register","unit":"Wh"}]}]}"#
                    )
                }
                _ = try await call(
                    "StopTransaction",
                    #"{"meterStop":\#(meter),"timestamp":"\#(now())","transactionId":\#(transaction),"reason":"Local"}"#
                )
                try await status(connector, "Finishing")
                try await status(connector, "Available")
            }
        }
    }
}
