import Logging
import Model
import PostgresNIO
import Store

/// `OCPPRepository` on PostgreSQL: one statement per call, a transaction where two must agree.
struct PostgresOCPP: OCPPRepository {
    let store: PostgresStore

    private static let chargePointColumns = """
        id, password_hash, station_id, equipment_id, vendor, model, serial_number, firmware_version, booted_at,
        last_seen_at, created_at
        """
    private typealias ChargePointRow = (
        String, String, String?, String?, String?, String?, String?, String?, Int64?, Int64?, Int64
    )

    private static func chargePoint(_ r: ChargePointRow) -> ChargePointRecord {
        var boot: ChargePointBoot?
        if let vendor = r.4, let model = r.5, let bootedAt = r.8 {
            boot = ChargePointBoot(
                vendor: vendor, model: model, serialNumber: r.6, firmwareVersion: r.7, bootedAt: bootedAt)
        }
        return ChargePointRecord(
            id: r.0, passwordHash: r.1, stationID: r.2, equipmentID: r.3, boot: boot, lastSeenAt: r.9,
            createdAt: r.10)
    }

    func insertChargePoint(_ cp: ChargePointRecord) async throws {
        try await store.run("insert charge point \(cp.id)") {
            _ = try await store.client.query(
                """
                INSERT INTO ocpp_charge_points (\(unescaped: Self.chargePointColumns))
                VALUES (\(cp.id), \(cp.passwordHash), \(cp.stationID), \(cp.equipmentID), \(cp.boot?.vendor),
                    \(cp.boot?.model), \(cp.boot?.serialNumber), \(cp.boot?.firmwareVersion),
                    \(cp.boot?.bootedAt)::bigint, \(cp.lastSeenAt)::bigint, \(cp.createdAt))
                """, logger: store.logger)
        }
    }

    private func chargePoints(_ query: PostgresQuery) async throws -> [ChargePointRecord] {
        try await store.run("read charge points") {
            var result: [ChargePointRecord] = []
            let rows = try await store.client.query(query, logger: store.logger)
            for try await row in rows.decode(ChargePointRow.self) { result.append(Self.chargePoint(row)) }
            return result
        }
    }

    func chargePoint(id: String) async throws -> ChargePointRecord? {
        try await chargePoints(
            "SELECT \(unescaped: Self.chargePointColumns) FROM ocpp_charge_points WHERE id = \(id)"
        ).first
    }

    func chargePoints() async throws -> [ChargePointRecord] {
        try await chargePoints("SELECT \(unescaped: Self.chargePointColumns) FROM ocpp_charge_points ORDER BY id")
    }

    func recordBoot(chargePointID: String, _ boot: ChargePointBoot, at: Int64) async throws -> Bool {
        try await store.run("record boot of \(chargePointID)") {
            let rows = try await store.client.query(
                """
                UPDATE ocpp_charge_points SET vendor = \(boot.vendor), model = \(boot.model),
                    serial_number = \(boot.serialNumber), firmware_version = \(boot.firmwareVersion),
                    booted_at = \(boot.bootedAt), last_seen_at = GREATEST(coalesce(last_seen_at, 0), \(at))
                WHERE id = \(chargePointID) RETURNING 1
                """, logger: store.logger)
            var matched = false
            for try await _ in rows { matched = true }
            return matched
        }
    }

    func touch(chargePointID: String, at: Int64) async throws {
        try await store.run("touch charge point \(chargePointID)") {
            _ = try await store.client.query(
                """
                UPDATE ocpp_charge_points SET last_seen_at = GREATEST(coalesce(last_seen_at, 0), \(at))
                WHERE id = \(chargePointID)
                """, logger: store.logger)
        }
    }

    func upsertIdTag(_ tag: IdTagRecord) async throws {
        try await store.run("upsert id tag \(tag.id)") {
            _ = try await store.client.query(
                """
                INSERT INTO ocpp_id_tags (id, status, expires_at, parent_id, created_at)
                VALUES (\(tag.id), \(tag.status), \(tag.expiresAt)::bigint, \(tag.parentID), \(tag.createdAt))
                ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, expires_at = EXCLUDED.expires_at,
                    parent_id = EXCLUDED.parent_id
                """, logger: store.logger)
        }
    }

    private func tags(_ query: PostgresQuery) async throws -> [IdTagRecord] {
        try await store.run("read id tags") {
            var result: [IdTagRecord] = []
            let rows = try await store.client.query(query, logger: store.logger)
            for try await (id, status, expiresAt, parent, createdAt) in rows.decode(
                (String, String, Int64?, String?, Int64).self)
            {
                result.append(
                    IdTagRecord(id: id, status: status, expiresAt: expiresAt, parentID: parent, createdAt: createdAt))
            }
            return result
        }
    }

    func idTag(_ id: String) async throws -> IdTagRecord? {
        try await tags("SELECT id, status, expires_at, parent_id, created_at FROM ocpp_id_tags WHERE id = \(id)").first
    }

    func idTags() async throws -> [IdTagRecord] {
        try await tags("SELECT id, status, expires_at, parent_id, created_at FROM ocpp_id_tags ORDER BY id")
    }

    func deleteIdTag(_ id: String) async throws -> Bool {
        try await store.run("delete id tag \(id)") {
            let rows = try await store.client.query(
                "DELETE FROM ocpp_id_tags WHERE id = \(id) RETURNING 1", logger: store.logger)
            var matched = false
            for try await _ in rows { matched = true }
            return matched
        }
    }

    private static let transactionColumns = """
        id, charge_point_id, connector_id, id_tag, authorization_status, meter_start, started_at, meter_stop,
        stopped_at, stop_reason, stop_id_tag
        """
    private typealias TransactionRow = (
        Int64, String, Int64, String, String, Int64, Int64, Int64?, Int64?, String?, String?
    )

    private static func transaction(_ r: TransactionRow) -> OCPPTransactionRecord {
        OCPPTransactionRecord(
            id: r.0, chargePointID: r.1, connectorID: Int(r.2), idTag: r.3, authorization: r.4, meterStart: r.5,
            startedAt: r.6, meterStop: r.7, stoppedAt: r.8, stopReason: r.9, stopIdTag: r.10)
    }

    private func transactions(_ query: PostgresQuery, _ what: String) async throws -> [OCPPTransactionRecord] {
        try await store.run(what) {
            var result: [OCPPTransactionRecord] = []
            let rows = try await store.client.query(query, logger: store.logger)
            for try await row in rows.decode(TransactionRow.self) { result.append(Self.transaction(row)) }
            return result
        }
    }

    func startTransaction(_ start: TransactionStart) async throws -> OCPPTransactionRecord {
        let rows = try await transactions(
            """
            INSERT INTO ocpp_transactions (charge_point_id, connector_id, id_tag, authorization_status, meter_start,
                started_at)
            VALUES (\(start.chargePointID), \(Int64(start.connectorID)), \(start.idTag), \(start.authorization),
                \(start.meterStart), \(start.startedAt))
            RETURNING \(unescaped: Self.transactionColumns)
            """, "start transaction")
        guard let record = rows.first else { throw StoreError(.engine, "insert of a transaction returned nothing") }
        return record
    }

    func stopTransaction(_ stop: TransactionStop) async throws -> OCPPTransactionRecord? {
        _ = try await transactions(
            """
            UPDATE ocpp_transactions SET meter_stop = \(stop.meterStop), stopped_at = \(stop.stoppedAt),
                stop_reason = \(stop.reason), stop_id_tag = \(stop.idTag)
            WHERE id = \(stop.transactionID) AND stopped_at IS NULL
            RETURNING \(unescaped: Self.transactionColumns)
            """, "stop transaction")
        return try await transaction(id: stop.transactionID)
    }

    func transaction(id: Int64) async throws -> OCPPTransactionRecord? {
        try await transactions(
            "SELECT \(unescaped: Self.transactionColumns) FROM ocpp_transactions WHERE id = \(id)", "read transaction"
        ).first
    }

    func transactions(_ q: OCPPTransactionQuery) async throws -> [OCPPTransactionRecord] {
        var binds = PostgresBindings()
        var conditions: [String] = []
        if let cp = q.chargePointID {
            binds.append(cp)
            conditions.append("charge_point_id = $\(binds.count)")
        }
        if let tag = q.idTag {
            binds.append(tag)
            conditions.append("id_tag = $\(binds.count)")
        }
        if let active = q.active { conditions.append(active ? "stopped_at IS NULL" : "stopped_at IS NOT NULL") }
        binds.append(Int64(q.limit))
        binds.append(Int64(q.offset))
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try await transactions(
            PostgresQuery(
                unsafeSQL: """
                    SELECT \(Self.transactionColumns) FROM ocpp_transactions \(whereClause)
                    ORDER BY id DESC LIMIT $\(binds.count - 1) OFFSET $\(binds.count)
                    """, binds: binds), "list transactions")
    }

    func addMeterValues(_ values: [MeterValueRecord]) async throws {
        guard !values.isEmpty else { return }
        try await store.run("add meter values") {
            _ = try await store.client.query(
                """
                INSERT INTO ocpp_meter_values (charge_point_id, connector_id, transaction_id, sampled_at, value,
                    measurand, unit, context, phase, location)
                SELECT * FROM unnest(\(values.map(\.chargePointID))::text[],
                    \(values.map { Int64($0.connectorID) })::bigint[],
                    \(NullableArrayParameter(values.map(\.transactionID)))::bigint[],
                    \(values.map(\.sampledAt))::bigint[], \(values.map(\.value))::text[],
                    \(NullableArrayParameter(values.map(\.measurand)))::text[],
                    \(NullableArrayParameter(values.map(\.unit)))::text[],
                    \(NullableArrayParameter(values.map(\.context)))::text[],
                    \(NullableArrayParameter(values.map(\.phase)))::text[],
                    \(NullableArrayParameter(values.map(\.location)))::text[])
                """, logger: store.logger)
        }
    }

    func meterValues(chargePointID: String?, transactionID: Int64?, limit: Int) async throws -> [MeterValueRecord] {
        try await store.run("read meter values") {
            let rows = try await store.client.query(
                """
                SELECT charge_point_id, connector_id, transaction_id, sampled_at, value, measurand, unit, context,
                    phase, location
                FROM ocpp_meter_values
                WHERE (\(chargePointID)::text IS NULL OR charge_point_id = \(chargePointID)::text)
                    AND (\(transactionID)::bigint IS NULL OR transaction_id = \(transactionID)::bigint)
                ORDER BY sampled_at, seq LIMIT \(Int64(limit))
                """, logger: store.logger)
            var result: [MeterValueRecord] = []
            for try await r in rows.decode(
                (String, Int64, Int64?, Int64, String, String?, String?, String?, String?, String?).self)
            {
                result.append(
                    MeterValueRecord(
                        chargePointID: r.0, connectorID: Int(r.1), transactionID: r.2, sampledAt: r.3, value: r.4,
                        measurand: r.5, unit: r.6, context: r.7, phase: r.8, location: r.9))
            }
            return result
        }
    }

    func recordActivity(lastSeen: [String: Int64], statuses: [ConnectorStatusRecord]) async throws {
        guard !lastSeen.isEmpty || !statuses.isEmpty else { return }
        let logger = store.logger
        let seen = lastSeen.sorted { $0.key < $1.key }
        // One upsert may touch a connector once, so the latest status per connector (the last of the newest) goes to
        // `ocpp_connector_status`; every status goes to the history.
        var newest: [String: ConnectorStatusRecord] = [:]
        for s in statuses {
            let key = "\(s.chargePointID)\u{0}\(s.connectorID)"
            if let kept = newest[key], kept.at > s.at { continue }
            newest[key] = s
        }
        let latest = newest.values.sorted { ($0.chargePointID, $0.connectorID) < ($1.chargePointID, $1.connectorID) }
        try await store.run("record charge point activity") {
            try await store.client.withTransaction(logger: logger) { connection in
                if !seen.isEmpty {
                    try await connection.query(
                        """
                        UPDATE ocpp_charge_points p SET last_seen_at = GREATEST(coalesce(p.last_seen_at, 0), t.at)
                        FROM unnest(\(seen.map(\.key))::text[], \(seen.map(\.value))::bigint[]) AS t(id, at)
                        WHERE p.id = t.id
                        """, logger: logger)
                }
                guard !statuses.isEmpty else { return }
                try await connection.query(
                    """
                    INSERT INTO ocpp_connector_status (charge_point_id, connector_id, status, error_code, info,
                        vendor_error_code, at)
                    SELECT * FROM unnest(\(latest.map(\.chargePointID))::text[],
                        \(latest.map { Int64($0.connectorID) })::bigint[], \(latest.map(\.status))::text[],
                        \(latest.map(\.errorCode))::text[], \(NullableArrayParameter(latest.map(\.info)))::text[],
                        \(NullableArrayParameter(latest.map(\.vendorErrorCode)))::text[], \(latest.map(\.at))::bigint[])
                    ON CONFLICT (charge_point_id, connector_id) DO UPDATE SET status = EXCLUDED.status,
                        error_code = EXCLUDED.error_code, info = EXCLUDED.info,
                        vendor_error_code = EXCLUDED.vendor_error_code, at = EXCLUDED.at
                    WHERE EXCLUDED.at >= ocpp_connector_status.at
                    """, logger: logger)
                try await connection.query(
                    """
                    INSERT INTO ocpp_status_history (charge_point_id, connector_id, status, error_code, info,
                        vendor_error_code, at)
                    SELECT * FROM unnest(\(statuses.map(\.chargePointID))::text[],
                        \(statuses.map { Int64($0.connectorID) })::bigint[], \(statuses.map(\.status))::text[],
                        \(statuses.map(\.errorCode))::text[], \(NullableArrayParameter(statuses.map(\.info)))::text[],
                        \(NullableArrayParameter(statuses.map(\.vendorErrorCode)))::text[],
                        \(statuses.map(\.at))::bigint[])
                    """, logger: logger)
            }
        }
    }

    func recordStatus(_ s: ConnectorStatusRecord) async throws {
        try await recordActivity(lastSeen: [:], statuses: [s])
    }

    private func statuses(_ query: PostgresQuery) async throws -> [ConnectorStatusRecord] {
        try await store.run("read connector status") {
            var result: [ConnectorStatusRecord] = []
            let rows = try await store.client.query(query, logger: store.logger)
            for try await r in rows.decode((String, Int64, String, String, String?, String?, Int64).self) {
                result.append(
                    ConnectorStatusRecord(
                        chargePointID: r.0, connectorID: Int(r.1), status: r.2, errorCode: r.3, info: r.4,
                        vendorErrorCode: r.5, at: r.6))
            }
            return result
        }
    }

    private static let statusColumns = "charge_point_id, connector_id, status, error_code, info, vendor_error_code, at"

    func connectorStatuses(chargePointID: String?) async throws -> [ConnectorStatusRecord] {
        try await statuses(
            """
            SELECT \(unescaped: Self.statusColumns) FROM ocpp_connector_status
            WHERE \(chargePointID)::text IS NULL OR charge_point_id = \(chargePointID)::text
            ORDER BY charge_point_id, connector_id
            """)
    }

    func statusHistory(chargePointID: String, limit: Int) async throws -> [ConnectorStatusRecord] {
        try await statuses(
            """
            SELECT \(unescaped: Self.statusColumns) FROM ocpp_status_history WHERE charge_point_id = \(chargePointID)
            ORDER BY at DESC, seq DESC LIMIT \(Int64(limit))
            """)
    }
}
