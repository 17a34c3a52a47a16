import Model
import PostgresNIO
import Store

/// `VehicleRepository` on PostgreSQL.
///
/// A batch goes in as `INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE`, each column bound
/// as one binary array, as `PostgresTelemetry` does.
struct PostgresVehicles: VehicleRepository {
    let store: PostgresStore
    /// Records per statement; a larger batch is several statements in one transaction.
    static let rowsPerStatement = 10_000
    private static let columns =
        "vin, enterprise_id, model, fuel_type, usage, city, plate, registered_at, created_at"

    func upsert(_ records: [VehicleRecord]) async throws {
        // PostgreSQL refuses to update one row twice in a statement; the contract says the last record
        // of a repeated VIN wins (as applying SQLite's rows in order gives), so keep only that one.
        var seen = Set<VIN>()
        let records = Array(records.reversed().filter { seen.insert($0.vin).inserted }.reversed())
        guard !records.isEmpty else { return }
        try await store.run("upsert \(records.count) vehicles") {
            if records.count <= Self.rowsPerStatement {
                // One statement is atomic already.
                try await store.client.query(Self.upsertQuery(records[...]), logger: store.logger)
                return
            }
            try await store.client.withTransaction(logger: store.logger) { connection in
                var start = records.startIndex
                while start < records.endIndex {
                    let end = min(start + Self.rowsPerStatement, records.endIndex)
                    try await connection.query(Self.upsertQuery(records[start..<end]), logger: store.logger)
                    start = end
                }
            }
        }
    }

    /// One statement upserting `records`; a replaced row keeps its created_at, as enterprises do.
    static func upsertQuery(_ records: ArraySlice<VehicleRecord>) -> PostgresQuery {
        let vin = records.map(\.vin.rawValue)
        let enterprise = records.map(\.enterprise.rawValue)
        let model = records.map(\.model)
        let fuelType = records.map(\.fuelType.rawValue)
        let usage = records.map(\.usage.rawValue)
        let city = records.map(\.city.code)
        let plate = NullableArrayParameter(records.map(\.plate))
        let registeredAt = NullableArrayParameter(records.map(\.registeredAt))
        let createdAt = records.map(\.createdAt)
        return """
            INSERT INTO vehicles (\(unescaped: columns))
            SELECT * FROM unnest(
                \(vin)::text[], \(enterprise)::text[], \(model)::text[], \(fuelType)::text[], \(usage)::text[],
                \(city)::text[], \(plate)::text[], \(registeredAt)::bigint[], \(createdAt)::bigint[])
            ON CONFLICT (vin) DO UPDATE SET enterprise_id = EXCLUDED.enterprise_id, model = EXCLUDED.model,
                fuel_type = EXCLUDED.fuel_type, usage = EXCLUDED.usage, city = EXCLUDED.city,
                plate = EXCLUDED.plate, registered_at = EXCLUDED.registered_at
            """
    }

    func find(vin: VIN) async throws -> VehicleRecord? {
        try await store.run("read vehicle \(vin)") {
            let rows = try await store.client.query(
                "SELECT \(unescaped: Self.columns) FROM vehicles WHERE vin = \(vin.rawValue)", logger: store.logger)
            var found: VehicleRecord?
            for try await row in rows { found = try Self.decode(row) }
            return found
        }
    }

    func list(_ query: VehicleQuery) async throws -> VehiclePage {
        var conditions: [String] = []
        var binds = PostgresBindings()
        func condition(_ column: String, _ value: String) {
            binds.append(value)
            conditions.append("\(column) = $\(binds.count)")
        }
        if let enterprise = query.enterprise { condition("enterprise_id", enterprise.rawValue) }
        if let city = query.city { condition("city", city.code) }
        if let usage = query.usage { condition("usage", usage.rawValue) }
        if let fuelType = query.fuelType { condition("fuel_type", fuelType.rawValue) }
        // Correlated EXISTS, as on SQLite: a primary-key probe per candidate vehicle.
        func state(_ wanted: Bool, _ condition: String) -> String {
            "\(wanted ? "" : "NOT ")EXISTS (SELECT 1 FROM vehicle_latest l WHERE l.vin = vehicles.vin AND \(condition))"
        }
        // Online alone from the small table that changes only with presence (migration 16).
        if let online = query.online {
            conditions.append(
                "\(online ? "" : "NOT ")EXISTS (SELECT 1 FROM vehicles_online o WHERE o.vin = vehicles.vin)")
        }
        if let charging = query.charging { conditions.append(state(charging, "l.online AND l.charge_state IN (1, 2)")) }
        if let level = query.minAlarmLevel {
            binds.append(Int64(level))
            conditions.append(state(true, "l.online AND l.max_alarm_level >= $\(binds.count)"))
        }
        let countSQL = "SELECT count(*) FROM vehicles" + Self.whereClause(conditions)
        let countBinds = binds
        if let after = query.after {
            binds.append(after.rawValue)
            conditions.append("vin > $\(binds.count)")
        }
        let limit = query.effectiveLimit
        // One row more than the page, to know whether another page follows.
        binds.append(Int64(limit + 1))
        binds.append(Int64(query.effectiveOffset))
        let pageSQL =
            "SELECT \(Self.columns) FROM vehicles" + Self.whereClause(conditions)
            + " ORDER BY vin LIMIT $\(binds.count - 1) OFFSET $\(binds.count)"
        return try await store.run("list vehicles") { [binds] in
            // One REPEATABLE READ transaction, so the page and the total come from the same snapshot.
            try await store.client.withConnection { connection in
                try await connection.withTransaction(logger: store.logger) { connection in
                    try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", logger: store.logger)
                    var records: [VehicleRecord] = []
                    for try await row in try await connection.query(
                        PostgresQuery(unsafeSQL: pageSQL, binds: binds), logger: store.logger)
                    {
                        records.append(try Self.decode(row))
                    }
                    var total = 0
                    for try await count in try await connection.query(
                        PostgresQuery(unsafeSQL: countSQL, binds: countBinds), logger: store.logger
                    ).decode(Int.self) {
                        total = count
                    }
                    var next: VIN?
                    if records.count > limit {
                        records.removeLast()
                        next = records.last?.vin
                    }
                    return VehiclePage(records: records, total: total, nextAfter: next)
                }
            }
        }
    }

    func count() async throws -> Int {
        try await store.run("count vehicles") {
            var count = 0
            for try await value in try await store.client.query("SELECT count(*) FROM vehicles", logger: store.logger)
                .decode(Int.self)
            {
                count = value
            }
            return count
        }
    }

    func owners(vins: [String]) async throws -> [String: EnterpriseID] {
        guard !vins.isEmpty else { return [:] }
        return try await store.run("look up owners of \(vins.count) VINs") {
            let rows = try await store.client.query(
                "SELECT vin, enterprise_id FROM vehicles WHERE vin = ANY(\(vins)::text[])", logger: store.logger)
            var owners: [String: EnterpriseID] = [:]
            for try await (vin, rawOwner) in rows.decode((String, String).self) {
                guard let owner = EnterpriseID(rawValue: rawOwner) else {
                    throw StoreError(.engine, "corrupt vehicle row \(vin)")
                }
                owners[vin] = owner
            }
            return owners
        }
    }

    func registrations(after vin: VIN?, limit: Int) async throws -> [VehicleOwnership] {
        try await store.run("read vehicle registrations") {
            // Every VIN sorts after the empty string.
            let rows = try await store.client.query(
                """
                SELECT vin, enterprise_id, city FROM vehicles WHERE vin > \(vin?.rawValue ?? "")
                ORDER BY vin LIMIT \(Int64(max(limit, 0)))
                """,
                logger: store.logger)
            var result: [VehicleOwnership] = []
            for try await (rawVIN, rawOwner, city) in rows.decode((String, String, String).self) {
                guard let vin = VIN(rawValue: rawVIN), let owner = EnterpriseID(rawValue: rawOwner) else {
                    throw StoreError(.engine, "corrupt vehicle row \(rawVIN)")
                }
                result.append(VehicleOwnership(vin: vin, enterprise: owner, city: City(rawValue: city)))
            }
            return result
        }
    }

    private static func whereClause(_ conditions: [String]) -> String {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    private static func decode(_ row: PostgresRow) throws -> VehicleRecord {
        let (rawVIN, rawEnterprise, model, rawFuel, rawUsage, rawCity, plate, registeredAt, createdAt) =
            try row.decode((String, String, String, String, String, String, String?, Int64?, Int64).self)
        guard let vin = VIN(rawValue: rawVIN), let enterprise = EnterpriseID(rawValue: rawEnterprise),
            let fuelType = FuelType(rawValue: rawFuel), let usage = VehicleUsage(rawValue: rawUsage),
            let city = City(rawValue: rawCity)
        else {
            throw StoreError(.engine, "corrupt vehicle row \(rawVIN)")
        }
        return VehicleRecord(
            vin: vin, enterprise: enterprise, model: model, fuelType: fuelType, usage: usage, city: city,
            plate: plate, registeredAt: registeredAt, createdAt: createdAt)
    }
}
