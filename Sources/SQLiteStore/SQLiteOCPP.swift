import Model
import Store

/// `OCPPRepository` on SQLite: writes on the writer connection, reads on the reader.
struct SQLiteOCPP: OCPPRepository {
    let store: SQLiteStore

    private static let chargePointColumns = """
        id, password_hash, station_id, equipment_id, vendor, model, serial_number, firmware_version, booted_at,
        last_seen_at, created_at
        """

    private static func chargePoint(_ row: SQLiteRow) -> ChargePointRecord {
        var boot: ChargePointBoot?
        if let vendor = row.textOrNil(4), let model = row.textOrNil(5), let bootedAt = row.int64OrNil(8) {
            boot = ChargePointBoot(
                vendor: vendor, model: model, serialNumber: row.textOrNil(6), firmwareVersion: row.textOrNil(7),
                bootedAt: bootedAt)
        }
        return ChargePointRecord(
            id: row.text(0), passwordHash: row.text(1), stationID: row.textOrNil(2), equipmentID: row.textOrNil(3),
            boot: boot, lastSeenAt: row.int64OrNil(9), createdAt: row.int64(10))
    }

    func insertChargePoint(_ cp: ChargePointRecord) async throws {
        try await store.writer.run { db in
            try db.statement(
                "INSERT INTO ocpp_charge_points (\(Self.chargePointColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ).run([
                .text(cp.id), .text(cp.passwordHash), .optional(cp.stationID), .optional(cp.equipmentID),
                .optional(cp.boot?.vendor), .optional(cp.boot?.model), .optional(cp.boot?.serialNumber),
                .optional(cp.boot?.firmwareVersion), .optional(cp.boot?.bootedAt), .optional(cp.lastSeenAt),
                .integer(cp.createdAt),
            ])
        }
    }

    func chargePoint(id: String) async throws -> ChargePointRecord? {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.chargePointColumns) FROM ocpp_charge_points WHERE id = ?")
                .query([.text(id)], Self.chargePoint).first
        }
    }

    func chargePoints() async throws -> [ChargePointRecord] {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.chargePointColumns) FROM ocpp_charge_points ORDER BY id")
                .query([], Self.chargePoint)
        }
    }

    func recordBoot(chargePointID: String, _ boot: ChargePointBoot, at: Int64) async throws -> Bool {
        try await store.writer.run { db in
            try db.statement(
                """
                UPDATE ocpp_charge_points SET vendor = ?, model = ?, serial_number = ?, firmware_version = ?,
                    booted_at = ?, last_seen_at = max(coalesce(last_seen_at, 0), ?)
                WHERE id = ? RETURNING 1
                """
            ).query([
                .text(boot.vendor), .text(boot.model), .optional(boot.serialNumber), .optional(boot.firmwareVersion),
                .integer(boot.bootedAt), .integer(at), .text(chargePointID),
            ]) { _ in true }.first ?? false
        }
    }

    func touch(chargePointID: String, at: Int64) async throws {
        try await store.writer.run { db in
            try db.statement(
                "UPDATE ocpp_charge_points SET last_seen_at = max(coalesce(last_seen_at, 0), ?) WHERE id = ?"
            ).run([.integer(at), .text(chargePointID)])
        }
    }

    private static func tag(_ row: SQLiteRow) -> IdTagRecord {
        IdTagRecord(
            id: row.text(0), status: row.text(1), expiresAt: row.int64OrNil(2), parentID: row.textOrNil(3),
            createdAt: row.int64(4))
    }

    func upsertIdTag(_ tag: IdTagRecord) async throws {
        try await store.writer.run { db in
            try db.statement(
                """
                INSERT INTO ocpp_id_tags (id, status, expires_at, parent_id, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET status = excluded.status, expires_at = excluded.expires_at,
                    parent_id = excluded.parent_id
                """
            ).run([
                .text(tag.id), .text(tag.status), .optional(tag.expiresAt), .optional(tag.parentID),
                .integer(tag.createdAt),
            ])
        }
    }

    func idTag(_ id: String) async throws -> IdTagRecord? {
        try await store.reader.run { db in
            try db.statement("SELECT id, status, expires_at, parent_id, created_at FROM ocpp_id_tags WHERE id = ?")
                .query([.text(id)], Self.tag).first
        }
    }

    func idTags() async throws -> [IdTagRecord] {
        try await store.reader.run { db in
            try db.statement("SELECT id, status, expires_at, parent_id, created_at FROM ocpp_id_tags ORDER BY id")
                .query([], Self.tag)
        }
    }

    func deleteIdTag(_ id: String) async throws -> Bool {
        try await store.writer.run { db in
            try db.statement("DELETE FROM ocpp_id_tags WHERE id = ? RETURNING 1").query([.text(id)]) { _ in true }
                .first ?? false
        }
    }

    private static let transactionColumns = """
        id, charge_point_id, connector_id, id_tag, authorization_status, meter_start, started_at, meter_stop,
        stopped_at, stop_reason, stop_id_tag
        """

    private static func transaction(_ row: SQLiteRow) -> OCPPTransactionRecord {
        OCPPTransactionRecord(
            id: row.int64(0), chargePointID: row.text(1), connectorID: Int(row.int64(2)), idTag: row.text(3),
            authorization: row.text(4), meterStart: row.int64(5), startedAt: row.int64(6),
            meterStop: row.int64OrNil(7), stoppedAt: row.int64OrNil(8), stopReason: row.textOrNil(9),
            stopIdTag: row.textOrNil(10))
    }

    func startTransaction(_ start: TransactionStart) async throws -> OCPPTransactionRecord {
        try await store.writer.run { db in
            let rows = try db.statement(
                """
                INSERT INTO ocpp_transactions (charge_point_id, connector_id, id_tag, authorization_status,
                    meter_start, started_at)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING \(Self.transactionColumns)
                """
            ).query(
                [
                    .text(start.chargePointID), .integer(Int64(start.connectorID)), .text(start.idTag),
                    .text(start.authorization), .integer(start.meterStart), .integer(start.startedAt),
                ], Self.transaction)
            guard let record = rows.first else { throw StoreError(.engine, "insert of a transaction returned nothing") }
            return record
        }
    }

    func stopTransaction(_ stop: TransactionStop) async throws -> OCPPTransactionRecord? {
        try await store.writer.transaction { db in
            try db.statement(
                """
                UPDATE ocpp_transactions SET meter_stop = ?, stopped_at = ?, stop_reason = ?, stop_id_tag = ?
                WHERE id = ? AND stopped_at IS NULL
                """
            ).run([
                .integer(stop.meterStop), .integer(stop.stoppedAt), .optional(stop.reason), .optional(stop.idTag),
                .integer(stop.transactionID),
            ])
            return try db.statement("SELECT \(Self.transactionColumns) FROM ocpp_transactions WHERE id = ?")
                .query([.integer(stop.transactionID)], Self.transaction).first
        }
    }

    func transaction(id: Int64) async throws -> OCPPTransactionRecord? {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.transactionColumns) FROM ocpp_transactions WHERE id = ?")
                .query([.integer(id)], Self.transaction).first
        }
    }

    func transactions(_ q: OCPPTransactionQuery) async throws -> [OCPPTransactionRecord] {
        var conditions = ["1 = 1"]
        var values: [SQLiteValue] = []
        if let cp = q.chargePointID {
            conditions.append("charge_point_id = ?")
            values.append(.text(cp))
        }
        if let tag = q.idTag {
            conditions.append("id_tag = ?")
            values.append(.text(tag))
        }
        if let active = q.active { conditions.append(active ? "stopped_at IS NULL" : "stopped_at IS NOT NULL") }
        let sql = """
            SELECT \(Self.transactionColumns) FROM ocpp_transactions WHERE \(conditions.joined(separator: " AND "))
            ORDER BY id DESC LIMIT ? OFFSET ?
            """
        let bound = values + [.integer(Int64(q.limit)), .integer(Int64(q.offset))]
        return try await store.reader.run { db in try db.statement(sql).query(bound, Self.transaction) }
    }

    func addMeterValues(_ values: [MeterValueRecord]) async throws {
        guard !values.isEmpty else { return }
        try await store.writer.transaction { db in
            let insert = try db.statement(
                """
                INSERT INTO ocpp_meter_values (charge_point_id, connector_id, transaction_id, sampled_at, value,
                    measurand, unit, context, phase, location)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for v in values {
                try insert.run([
                    .text(v.chargePointID), .integer(Int64(v.connectorID)), .optional(v.transactionID),
                    .integer(v.sampledAt), .text(v.value), .optional(v.measurand), .optional(v.unit),
                    .optional(v.context), .optional(v.phase), .optional(v.location),
                ])
            }
        }
    }

    func meterValues(chargePointID: String?, transactionID: Int64?, limit: Int) async throws -> [MeterValueRecord] {
        var conditions = ["1 = 1"]
        var values: [SQLiteValue] = []
        if let chargePointID {
            conditions.append("charge_point_id = ?")
            values.append(.text(chargePointID))
        }
        if let transactionID {
            conditions.append("transaction_id = ?")
            values.append(.integer(transactionID))
        }
        let sql = """
            SELECT charge_point_id, connector_id, transaction_id, sampled_at, value, measurand, unit, context, phase,
                location
            FROM ocpp_meter_values WHERE \(conditions.joined(separator: " AND ")) ORDER BY sampled_at, seq LIMIT ?
            """
        let bound = values + [.integer(Int64(limit))]
        return try await store.reader.run { db in
            try db.statement(sql).query(bound) { row in
                MeterValueRecord(
                    chargePointID: row.text(0), connectorID: Int(row.int64(1)), transactionID: row.int64OrNil(2),
                    sampledAt: row.int64(3), value: row.text(4), measurand: row.textOrNil(5), unit: row.textOrNil(6),
                    context: row.textOrNil(7), phase: row.textOrNil(8), location: row.textOrNil(9))
            }
        }
    }

    func recordStatus(_ s: ConnectorStatusRecord) async throws {
        try await recordActivity(lastSeen: [:], statuses: [s])
    }

    private static let latestStatusSQL = """
        INSERT INTO ocpp_connector_status (charge_point_id, connector_id, status, error_code, info, vendor_error_code,
            at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (charge_point_id, connector_id) DO UPDATE SET status = excluded.status,
            error_code = excluded.error_code, info = excluded.info, vendor_error_code = excluded.vendor_error_code,
            at = excluded.at
        WHERE excluded.at >= ocpp_connector_status.at
        """
    private static let statusHistorySQL = """
        INSERT INTO ocpp_status_history (charge_point_id, connector_id, status, error_code, info, vendor_error_code, at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """

    func recordActivity(lastSeen: [String: Int64], statuses: [ConnectorStatusRecord]) async throws {
        guard !lastSeen.isEmpty || !statuses.isEmpty else { return }
        try await store.writer.transaction { db in
            let touch = try db.statement(
                "UPDATE ocpp_charge_points SET last_seen_at = max(coalesce(last_seen_at, 0), ?) WHERE id = ?")
            for (id, at) in lastSeen.sorted(by: { $0.key < $1.key }) { try touch.run([.integer(at), .text(id)]) }
            let latest = try db.statement(Self.latestStatusSQL)
            let history = try db.statement(Self.statusHistorySQL)
            for s in statuses {
                let values: [SQLiteValue] = [
                    .text(s.chargePointID), .integer(Int64(s.connectorID)), .text(s.status), .text(s.errorCode),
                    .optional(s.info), .optional(s.vendorErrorCode), .integer(s.at),
                ]
                try latest.run(values)
                try history.run(values)
            }
        }
    }

    private static func status(_ row: SQLiteRow) -> ConnectorStatusRecord {
        ConnectorStatusRecord(
            chargePointID: row.text(0), connectorID: Int(row.int64(1)), status: row.text(2), errorCode: row.text(3),
            info: row.textOrNil(4), vendorErrorCode: row.textOrNil(5), at: row.int64(6))
    }

    private static let statusColumns = "charge_point_id, connector_id, status, error_code, info, vendor_error_code, at"

    func connectorStatuses(chargePointID: String?) async throws -> [ConnectorStatusRecord] {
        try await store.reader.run { db in
            if let chargePointID {
                return try db.statement(
                    """
                    SELECT \(Self.statusColumns) FROM ocpp_connector_status WHERE charge_point_id = ?
                    ORDER BY connector_id
                    """
                ).query([.text(chargePointID)], Self.status)
            }
            return try db.statement(
                "SELECT \(Self.statusColumns) FROM ocpp_connector_status ORDER BY charge_point_id, connector_id"
            ).query([], Self.status)
        }
    }

    func statusHistory(chargePointID: String, limit: Int) async throws -> [ConnectorStatusRecord] {
        try await store.reader.run { db in
            try db.statement(
                """
                SELECT \(Self.statusColumns) FROM ocpp_status_history WHERE charge_point_id = ?
                ORDER BY at DESC, seq DESC LIMIT ?
                """
            ).query([.text(chargePointID), .integer(Int64(limit))], Self.status)
        }
    }
}
