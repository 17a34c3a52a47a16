import Model
import Store

/// `VehicleRepository` on SQLite: a batch upsert is one transaction on the writer with one reused
/// prepared statement, like `SQLiteTelemetry`.
struct SQLiteVehicles: VehicleRepository {
    let store: SQLiteStore
    private static let columns =
        "vin, enterprise_id, model, fuel_type, usage, city, plate, registered_at, created_at"

    func upsert(_ records: [VehicleRecord]) async throws {
        guard !records.isEmpty else { return }
        try await store.writer.transaction { db in
            // A replaced row keeps its created_at, as enterprises do; a VIN repeated in the batch ends
            // with its last record because the rows are applied in order.
            let statement = try db.statement(
                """
                INSERT INTO vehicles(\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(vin) DO UPDATE SET enterprise_id = excluded.enterprise_id, model = excluded.model,
                    fuel_type = excluded.fuel_type, usage = excluded.usage, city = excluded.city,
                    plate = excluded.plate, registered_at = excluded.registered_at
                """)
            for record in records {
                try statement.run([
                    .text(record.vin.rawValue), .text(record.enterprise.rawValue), .text(record.model),
                    .text(record.fuelType.rawValue), .text(record.usage.rawValue), .text(record.city.code),
                    .optional(record.plate), .optional(record.registeredAt), .integer(record.createdAt),
                ])
            }
        }
    }

    func find(vin: VIN) async throws -> VehicleRecord? {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.columns) FROM vehicles WHERE vin = ?").query(
                [.text(vin.rawValue)], Self.decode
            ).first
        }
    }

    func list(_ query: VehicleQuery) async throws -> VehiclePage {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if let enterprise = query.enterprise {
            conditions.append("enterprise_id = ?")
            values.append(.text(enterprise.rawValue))
        }
        if let city = query.city {
            conditions.append("city = ?")
            values.append(.text(city.code))
        }
        if let usage = query.usage {
            conditions.append("usage = ?")
            values.append(.text(usage.rawValue))
        }
        if let fuelType = query.fuelType {
            conditions.append("fuel_type = ?")
            values.append(.text(fuelType.rawValue))
        }
        // Correlated EXISTS: one primary-key probe per candidate vehicle, which the other filters' index and the
        // page's LIMIT keep few (an IN over all online vehicles was 50x slower with 100,000 of them).
        func state(_ wanted: Bool, _ condition: String) -> String {
            "\(wanted ? "" : "NOT ")EXISTS (SELECT 1 FROM vehicle_latest l WHERE l.vin = vehicles.vin AND \(condition))"
        }
        if let online = query.online { conditions.append(state(online, "l.online = 1")) }
        if let charging = query.charging {
            conditions.append(state(charging, "l.online = 1 AND l.charge_state IN (1, 2)"))
        }
        if let level = query.minAlarmLevel {
            conditions.append(state(true, "l.online = 1 AND l.max_alarm_level >= ?"))
            values.append(.integer(Int64(level)))
        }
        let filters = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        var pageConditions = conditions
        var pageValues = values
        if let after = query.after {
            pageConditions.append("vin > ?")
            pageValues.append(.text(after.rawValue))
        }
        let limit = query.effectiveLimit
        // One row more than the page, to know whether another page follows.
        pageValues += [.integer(Int64(limit + 1)), .integer(Int64(query.effectiveOffset))]
        let pageFilters = pageConditions.isEmpty ? "" : "WHERE " + pageConditions.joined(separator: " AND ")
        let pageSQL = "SELECT \(Self.columns) FROM vehicles \(pageFilters) ORDER BY vin LIMIT ? OFFSET ?"
        let countSQL = "SELECT count(*) FROM vehicles \(filters)"
        // One read transaction, so the page and the total come from the same snapshot.
        return try await store.reader.readTransaction { [values, pageValues] db in
            var records = try db.statement(pageSQL).query(pageValues, Self.decode)
            let total = try db.statement(countSQL).query(values) { Int($0.int64(0)) }.first ?? 0
            var next: VIN?
            if records.count > limit {
                records.removeLast()
                next = records.last?.vin
            }
            return VehiclePage(records: records, total: total, nextAfter: next)
        }
    }

    func count() async throws -> Int {
        try await store.reader.run { db in
            Int(try db.statement("SELECT count(*) FROM vehicles").query { $0.int64(0) }.first ?? 0)
        }
    }

    func owners(vins: [String]) async throws -> [String: EnterpriseID] {
        guard !vins.isEmpty else { return [:] }
        return try await store.reader.readTransaction { db in
            let statement = try db.statement("SELECT enterprise_id FROM vehicles WHERE vin = ?")
            var owners: [String: EnterpriseID] = [:]
            for vin in vins {
                for owner in try statement.query([.text(vin)], { try SQLiteDecode.enterprise($0.text(0)) }) {
                    owners[vin] = owner
                }
            }
            return owners
        }
    }

    func registrations(after vin: VIN?, limit: Int) async throws -> [VehicleOwnership] {
        try await store.reader.run { db in
            // Every VIN sorts after the empty string.
            try db.statement("SELECT vin, enterprise_id, city FROM vehicles WHERE vin > ? ORDER BY vin LIMIT ?").query(
                [.text(vin?.rawValue ?? ""), .integer(Int64(max(limit, 0)))]
            ) { row in
                guard let vin = VIN(rawValue: row.text(0)), let owner = EnterpriseID(rawValue: row.text(1)) else {
                    throw StoreError(.engine, "corrupt vehicle row \(row.text(0))")
                }
                return VehicleOwnership(vin: vin, enterprise: owner, city: City(rawValue: row.text(2)))
            }
        }
    }

    private static func decode(_ row: SQLiteRow) throws -> VehicleRecord {
        guard let vin = VIN(rawValue: row.text(0)), let enterprise = EnterpriseID(rawValue: row.text(1)),
            let fuelType = FuelType(rawValue: row.text(3)), let usage = VehicleUsage(rawValue: row.text(4)),
            let city = City(rawValue: row.text(5))
        else {
            throw StoreError(.engine, "corrupt vehicle row \(row.text(0))")
        }
        return VehicleRecord(
            vin: vin, enterprise: enterprise, model: row.text(2), fuelType: fuelType, usage: usage, city: city,
            plate: row.textOrNil(6), registeredAt: row.int64OrNil(7), createdAt: row.int64(8))
    }
}
