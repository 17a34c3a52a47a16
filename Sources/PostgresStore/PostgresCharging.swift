import Charging
import Foundation
import Logging
import Model
import PostgresNIO
import Store

/// `ChargingRepository` on PostgreSQL. An import is a handful of `unnest` statements in one transaction; the
/// nearest search walks the GiST index of unit-sphere points (`cube`) in distance order, inside a cube around the
/// search circle, so it stops after `limit` matching stations.
struct PostgresCharging: ChargingRepository {
    let store: PostgresStore

    // MARK: Operators

    func upsertOperators(_ operators: [ChargingOperator]) async throws {
        guard !operators.isEmpty else { return }
        let ids = operators.map(\.id.rawValue)
        let names = operators.map(\.name)
        let enterprises = NullableArrayParameter(operators.map { $0.enterpriseID?.rawValue })
        try await store.run("upsert charging operators") {
            _ = try await store.client.query(
                """
                INSERT INTO charging_operators (id, name, enterprise_id)
                SELECT * FROM unnest(\(ids)::text[], \(names)::text[], \(enterprises)::text[])
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, enterprise_id = EXCLUDED.enterprise_id
                """, logger: store.logger)
        }
    }

    func operators(scope: ChargingScope) async throws -> [ChargingOperator] {
        var q = SQLText()
        let enterprise = q.bind(scope.enterprise?.rawValue)
        let operatorID = q.bind(scope.operatorID?.rawValue)
        let city = q.bind(scope.city?.rawValue)
        q.sql = """
            SELECT o.id, o.name, o.enterprise_id FROM charging_operators o
            WHERE (\(enterprise)::text IS NULL OR o.enterprise_id = \(enterprise)::text)
                AND (\(operatorID)::text IS NULL OR o.id = \(operatorID)::text)
                AND (\(city)::text IS NULL OR EXISTS (SELECT 1 FROM charging_stations s
                    WHERE s.operator_id = o.id AND s.city = \(city)::text))
            ORDER BY o.id
            """
        return try await store.run("read charging operators") {
            var result: [ChargingOperator] = []
            for try await (id, name, enterprise) in try await store.client.query(q.query, logger: store.logger)
                .decode((String, String, String?).self)
            {
                guard let operatorID = OperatorID(rawValue: id) else {
                    throw StoreError(.engine, "bad operator id \(id) in store")
                }
                result.append(
                    ChargingOperator(
                        id: operatorID, name: name, enterpriseID: enterprise.flatMap(EnterpriseID.init(rawValue:))))
            }
            return result
        }
    }

    // MARK: Stations

    func importStations(_ stations: [ChargingStation]) async throws {
        guard !stations.isEmpty else { return }
        let now = Clock.nowMicros()
        let logger = store.logger
        let stationIDs = stations.map(\.id)
        var chargerOwner: [String: String] = [:]
        var connectorOwner: [String: String] = [:]
        for station in stations {
            for charger in station.equipment {
                chargerOwner[charger.id] = station.id
                for connector in charger.connectors { connectorOwner[connector.id] = station.id }
            }
        }
        try await store.run("import charging stations") {
            try await store.client.withTransaction(logger: logger) { connection in
                let operatorIDs = Array(Set(stations.map(\.operatorID.rawValue)))
                var known = Set<String>()
                for try await id in try await connection.query(
                    "SELECT id FROM charging_operators WHERE id = ANY(\(operatorIDs)::text[])", logger: logger
                ).decode(String.self) { known.insert(id) }
                if let missing = stations.first(where: { !known.contains($0.operatorID.rawValue) }) {
                    throw StoreError(
                        .conflict, "station \(missing.id): no operator \(missing.operatorID) in the registry")
                }
                let chargerIDs = Array(chargerOwner.keys)
                for try await (id, owner) in try await connection.query(
                    "SELECT id, station_id FROM charging_equipment WHERE id = ANY(\(chargerIDs)::text[])",
                    logger: logger
                ).decode((String, String).self) where chargerOwner[id] != owner {
                    throw StoreError(.conflict, "charger \(id) belongs to station \(owner)")
                }
                let connectorIDs = Array(connectorOwner.keys)
                for try await (id, owner) in try await connection.query(
                    "SELECT id, station_id FROM charging_connectors WHERE id = ANY(\(connectorIDs)::text[])",
                    logger: logger
                ).decode((String, String).self) where connectorOwner[id] != owner {
                    throw StoreError(.conflict, "connector \(id) belongs to station \(owner)")
                }
                try await Self.upsertStations(stations, at: now, connection, logger)
                // Chargers and connectors no longer listed go; the others are updated in place, keeping live status.
                try await connection.query(
                    """
                    DELETE FROM charging_connectors
                    WHERE station_id = ANY(\(stationIDs)::text[]) AND NOT (id = ANY(\(connectorIDs)::text[]))
                    """, logger: logger)
                try await connection.query(
                    """
                    DELETE FROM charging_equipment
                    WHERE station_id = ANY(\(stationIDs)::text[]) AND NOT (id = ANY(\(chargerIDs)::text[]))
                    """, logger: logger)
                try await Self.upsertDetails(stations, connection, logger)
            }
        }
    }

    private static func upsertStations(
        _ stations: [ChargingStation], at now: Int64, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let s = stations
        let types = s.map { Int64($0.type.rawValue) }
        let statuses = s.map { Int64($0.status.rawValue) }
        let prices = s.map { ChargingRows.pricesText($0.prices) }
        try await connection.query(
            """
            INSERT INTO charging_stations (id, operator_id, name, address, area_code, city, lng, lat, gcj_lng, gcj_lat,
                station_type, status, opening_hours, parking_fee, free_parking, prices, updated_at)
            SELECT u.*, \(now)::bigint FROM unnest(\(s.map(\.id))::text[], \(s.map(\.operatorID.rawValue))::text[],
                \(s.map(\.name))::text[], \(s.map(\.address))::text[], \(s.map(\.areaCode))::text[],
                \(s.map(\.city.rawValue))::text[], \(s.map(\.location.wgs84.longitude))::float8[],
                \(s.map(\.location.wgs84.latitude))::float8[], \(s.map(\.location.gcj02.longitude))::float8[],
                \(s.map(\.location.gcj02.latitude))::float8[], \(types)::bigint[], \(statuses)::bigint[],
                \(s.map(\.openingHours))::text[], \(s.map(\.parkingFee))::text[], \(s.map(\.freeParking))::bool[],
                \(prices)::text[]) AS u
            ON CONFLICT (id) DO UPDATE SET operator_id = EXCLUDED.operator_id, name = EXCLUDED.name,
                address = EXCLUDED.address, area_code = EXCLUDED.area_code, city = EXCLUDED.city, lng = EXCLUDED.lng,
                lat = EXCLUDED.lat, gcj_lng = EXCLUDED.gcj_lng, gcj_lat = EXCLUDED.gcj_lat,
                station_type = EXCLUDED.station_type, status = EXCLUDED.status,
                opening_hours = EXCLUDED.opening_hours, parking_fee = EXCLUDED.parking_fee,
                free_parking = EXCLUDED.free_parking, prices = EXCLUDED.prices, updated_at = EXCLUDED.updated_at
            """, logger: logger)
    }

    private static func upsertDetails(
        _ stations: [ChargingStation], _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        var chargers: [(station: String, position: Int64, charger: ChargingEquipment)] = []
        var connectors: [(station: String, charger: String, position: Int64, connector: ChargingConnector)] = []
        for station in stations {
            for (e, charger) in station.equipment.enumerated() {
                chargers.append((station.id, Int64(e), charger))
                for (c, connector) in charger.connectors.enumerated() {
                    connectors.append((station.id, charger.id, Int64(c), connector))
                }
            }
        }
        let chargerNames = NullableArrayParameter(chargers.map(\.charger.name))
        try await connection.query(
            """
            INSERT INTO charging_equipment (id, station_id, position, name, equipment_type, power_kw)
            SELECT * FROM unnest(\(chargers.map(\.charger.id))::text[], \(chargers.map(\.station))::text[],
                \(chargers.map(\.position))::bigint[], \(chargerNames)::text[],
                \(chargers.map { Int64($0.charger.type.rawValue) })::bigint[],
                \(chargers.map(\.charger.powerKW))::float8[])
            ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position, name = EXCLUDED.name,
                equipment_type = EXCLUDED.equipment_type, power_kw = EXCLUDED.power_kw
            """, logger: logger)
        let c = connectors.map(\.connector)
        let names = NullableArrayParameter(c.map(\.name))
        let standards = NullableArrayParameter(c.map { $0.nationalStandard.map { Int64($0.rawValue) } })
        let upper = NullableArrayParameter(c.map { $0.voltageUpper.map(Int64.init) })
        let lower = NullableArrayParameter(c.map { $0.voltageLower.map(Int64.init) })
        let current = NullableArrayParameter(c.map { $0.current.map(Int64.init) })
        try await connection.query(
            """
            INSERT INTO charging_connectors (id, equipment_id, station_id, position, name, connector_type,
                national_standard, voltage_upper, voltage_lower, current_a, power_kw)
            SELECT * FROM unnest(\(c.map(\.id))::text[], \(connectors.map(\.charger))::text[],
                \(connectors.map(\.station))::text[], \(connectors.map(\.position))::bigint[], \(names)::text[],
                \(c.map { Int64($0.type.rawValue) })::bigint[], \(standards)::bigint[], \(upper)::bigint[],
                \(lower)::bigint[], \(current)::bigint[], \(c.map(\.powerKW))::float8[])
            ON CONFLICT (id) DO UPDATE SET equipment_id = EXCLUDED.equipment_id, position = EXCLUDED.position,
                name = EXCLUDED.name, connector_type = EXCLUDED.connector_type,
                national_standard = EXCLUDED.national_standard, voltage_upper = EXCLUDED.voltage_upper,
                voltage_lower = EXCLUDED.voltage_lower, current_a = EXCLUDED.current_a, power_kw = EXCLUDED.power_kw
            """, logger: logger)
    }

    func station(id: String) async throws -> ChargingStation? {
        var q = SQLText()
        let condition = "s.id = \(q.bind(id))"
        return try await stations(q, where: condition, order: "s.id", limit: 1, offset: 0).first
    }

    /// Appends the scope's conditions over station alias `s`.
    static func scope(_ scope: ChargingScope, _ q: inout SQLText) -> String {
        let city = q.bind(scope.city?.rawValue)
        let enterprise = q.bind(scope.enterprise?.rawValue)
        let operatorID = q.bind(scope.operatorID?.rawValue)
        return """
            (\(city)::text IS NULL OR s.city = \(city)::text)
            AND (\(enterprise)::text IS NULL
                OR s.operator_id IN (SELECT id FROM charging_operators WHERE enterprise_id = \(enterprise)::text))
            AND (\(operatorID)::text IS NULL OR s.operator_id = \(operatorID)::text)
            """
    }

    func stations(_ query: StationQuery) async throws -> StationPage {
        var q = SQLText()
        let type = q.bind(query.type.map { Int64($0.rawValue) })
        let status = q.bind(query.status.map { Int64($0.rawValue) })
        let conditions = """
            \(Self.scope(query.scope, &q)) AND (\(type)::bigint IS NULL OR s.station_type = \(type)::bigint)
            AND (\(status)::bigint IS NULL OR s.status = \(status)::bigint)
            """
        var count = q
        count.sql = "SELECT count(*) FROM charging_stations s WHERE \(conditions)"
        let total = try await store.run("count charging stations") {
            var total = 0
            for try await n in try await store.client.query(count.query, logger: store.logger).decode(Int64.self) {
                total = Int(n)
            }
            return total
        }
        let page = try await stations(q, where: conditions, order: "s.id", limit: query.limit, offset: query.offset)
        return StationPage(stations: page, total: total)
    }

    /// Stations matching `conditions` (bound in `q`), with their chargers and connectors.
    func stations(_ q: SQLText, where conditions: String, order: String, limit: Int, offset: Int) async throws
        -> [ChargingStation]
    {
        var q = q
        let limitPlaceholder = q.bind(Int64(limit))
        let offsetPlaceholder = q.bind(Int64(offset))
        let page = """
            SELECT s.id, row_number() OVER (ORDER BY \(order)) AS n FROM charging_stations s WHERE \(conditions)
            ORDER BY \(order) LIMIT \(limitPlaceholder) OFFSET \(offsetPlaceholder)
            """
        let rows = try await stationsWithDetails(q, page: page, on: store.client)
        return rows.sorted { $0.n < $1.n }.map(\.station)
    }

    /// The stations `page` names (SQL over alias `s` yielding `id` and an ordinal `n`, its parameters bound in `q`)
    /// with their chargers and connectors, in one round trip: one row per connector (or charger without one, or
    /// station without chargers), folded here. The finder's p99 was dominated by the three round trips this
    /// replaced.
    func stationsWithDetails(_ q: SQLText, page: String, on client: PostgresClient) async throws
        -> [(n: Int64, station: ChargingStation)]
    {
        var q = q
        q.sql = Self.withDetails(page: page)
        let logger = store.logger
        return try await store.run("read charging stations") {
            try await Self.fold(try await client.query(q.query, logger: logger))
        }
    }

    /// SQL selecting the stations of `page` (yielding `id` and `n`) with their chargers and connectors, as `fold`
    /// reads them.
    static func withDetails(page: String) -> String {
        """
        WITH page AS MATERIALIZED (\(page))
        SELECT page.n, s.id, s.operator_id, s.name, s.address, s.area_code, s.city, s.lng, s.lat, s.gcj_lng,
            s.gcj_lat, s.station_type, s.status, s.opening_hours, s.parking_fee, s.free_parking, s.prices,
            e.id, e.name, e.equipment_type, e.power_kw, e.position,
            c.id, c.name, c.connector_type, c.national_standard, c.voltage_upper, c.voltage_lower, c.current_a,
            c.power_kw, c.status, c.status_at, c.position
        FROM page JOIN charging_stations s ON s.id = page.id
        LEFT JOIN charging_equipment e ON e.station_id = s.id
        LEFT JOIN charging_connectors c ON c.station_id = s.id AND c.equipment_id = e.id
        """
    }

    /// Folds the rows of `withDetails` into stations, in the order they first appear.
    static func fold<Rows: AsyncSequence>(_ rows: Rows) async throws -> [(n: Int64, station: ChargingStation)]
    where Rows.Element == PostgresRow {
        var order: [String] = []
        var stations: [String: (n: Int64, station: ChargingStation)] = [:]
        var chargers: [String: [(position: Int32, id: String)]] = [:]
        var equipment: [String: ChargingEquipment] = [:]
        var connectors: [String: [(position: Int32, connector: ChargingConnector)]] = [:]
        for try await row in rows {
            let r = row.makeRandomAccess()
            let stationID = try r[1].decode(String.self)
            if stations[stationID] == nil {
                let operatorText = try r[2].decode(String.self)
                let cityText = try r[6].decode(String.self)
                guard let operatorID = OperatorID(rawValue: operatorText), let city = City(rawValue: cityText)
                else { throw StoreError(.engine, "corrupt station row") }
                order.append(stationID)
                stations[stationID] = (
                    try r[0].decode(Int64.self),
                    ChargingStation(
                        id: stationID, operatorID: operatorID, name: try r[3].decode(String.self),
                        address: try r[4].decode(String.self), areaCode: try r[5].decode(String.self), city: city,
                        location: GeoLocation(
                            wgs84: GeoPoint(
                                longitude: try r[7].decode(Double.self), latitude: try r[8].decode(Double.self)),
                            gcj02: GeoPoint(
                                longitude: try r[9].decode(Double.self), latitude: try r[10].decode(Double.self))),
                        type: try ChargingRows.code(Int64(try r[11].decode(Int32.self)), StationType.self),
                        status: try ChargingRows.code(Int64(try r[12].decode(Int32.self)), StationStatus.self),
                        openingHours: try r[13].decode(String.self), parkingFee: try r[14].decode(String.self),
                        freeParking: try r[15].decode(Bool.self),
                        prices: try ChargingRows.prices(try r[16].decode(String.self)))
                )
            }
            guard let chargerID = try r[17].decode(String?.self) else { continue }
            if equipment[chargerID] == nil {
                chargers[stationID, default: []].append((try r[21].decode(Int32.self), chargerID))
                equipment[chargerID] = ChargingEquipment(
                    id: chargerID, name: try r[18].decode(String?.self),
                    type: try ChargingRows.code(Int64(try r[19].decode(Int32.self)), EquipmentType.self),
                    powerKW: try r[20].decode(Double.self), connectors: [])
            }
            guard let connectorID = try r[22].decode(String?.self) else { continue }
            let standard = try r[25].decode(Int32?.self)
            connectors[chargerID, default: []].append(
                (
                    try r[32].decode(Int32.self),
                    ChargingConnector(
                        id: connectorID, name: try r[23].decode(String?.self),
                        type: try ChargingRows.code(Int64(try r[24].decode(Int32.self)), ConnectorType.self),
                        nationalStandard: try standard.map { try ChargingRows.code(Int64($0), NationalStandard.self) },
                        voltageUpper: try r[26].decode(Int32?.self).map(Int.init),
                        voltageLower: try r[27].decode(Int32?.self).map(Int.init),
                        current: try r[28].decode(Int32?.self).map(Int.init), powerKW: try r[29].decode(Double.self),
                        status: try ChargingRows.code(Int64(try r[30].decode(Int32.self)), ConnectorStatus.self),
                        statusAt: try r[31].decode(Int64?.self))
                ))
        }
        return order.compactMap { id -> (n: Int64, station: ChargingStation)? in
            guard var entry = stations[id] else { return nil }
            entry.station.equipment = (chargers[id] ?? []).sorted { $0.position < $1.position }.compactMap {
                guard var charger = equipment[$0.id] else { return nil }
                charger.connectors = (connectors[$0.id] ?? []).sorted { $0.position < $1.position }.map(\.connector)
                return charger
            }
            return entry
        }
    }

    // MARK: Swap and hydrogen stations

    func upsertSwapStations(_ stations: [SwapStation]) async throws {
        guard !stations.isEmpty else { return }
        let s = stations
        let operators = NullableArrayParameter(s.map { $0.operatorID?.rawValue })
        try await store.run("upsert swap stations") {
            _ = try await store.client.query(
                """
                INSERT INTO swap_stations (id, operator_id, name, address, city, lng, lat, gcj_lng, gcj_lat, status,
                    bays, batteries)
                SELECT * FROM unnest(\(s.map(\.id))::text[], \(operators)::text[], \(s.map(\.name))::text[],
                    \(s.map(\.address))::text[], \(s.map(\.city.rawValue))::text[],
                    \(s.map(\.location.wgs84.longitude))::float8[], \(s.map(\.location.wgs84.latitude))::float8[],
                    \(s.map(\.location.gcj02.longitude))::float8[], \(s.map(\.location.gcj02.latitude))::float8[],
                    \(s.map { Int64($0.status.rawValue) })::bigint[], \(s.map { Int64($0.bays) })::bigint[],
                    \(s.map { Int64($0.batteries) })::bigint[])
                ON CONFLICT (id) DO UPDATE SET operator_id = EXCLUDED.operator_id, name = EXCLUDED.name,
                    address = EXCLUDED.address, city = EXCLUDED.city, lng = EXCLUDED.lng, lat = EXCLUDED.lat,
                    gcj_lng = EXCLUDED.gcj_lng, gcj_lat = EXCLUDED.gcj_lat, status = EXCLUDED.status,
                    bays = EXCLUDED.bays, batteries = EXCLUDED.batteries
                """, logger: store.logger)
        }
    }

    func swapStations(_ query: StationQuery) async throws -> [SwapStation] {
        try await places("swap_stations", "s.bays, s.batteries", query) { r, id, operatorID, city, location, status in
            SwapStation(
                id: id, operatorID: operatorID, name: try r[2].decode(String.self),
                address: try r[3].decode(String.self), city: city, location: location, status: status,
                bays: Int(try r[10].decode(Int32.self)), batteries: Int(try r[11].decode(Int32.self)))
        }
    }

    func upsertHydrogenStations(_ stations: [HydrogenStation]) async throws {
        guard !stations.isEmpty else { return }
        let s = stations
        let operators = NullableArrayParameter(s.map { $0.operatorID?.rawValue })
        let pressures = s.map { $0.pressuresMPa.sorted().map(String.init).joined(separator: ",") }
        try await store.run("upsert hydrogen stations") {
            _ = try await store.client.query(
                """
                INSERT INTO hydrogen_stations (id, operator_id, name, address, city, lng, lat, gcj_lng, gcj_lat, status,
                    pressures, daily_capacity_kg)
                SELECT * FROM unnest(\(s.map(\.id))::text[], \(operators)::text[], \(s.map(\.name))::text[],
                    \(s.map(\.address))::text[], \(s.map(\.city.rawValue))::text[],
                    \(s.map(\.location.wgs84.longitude))::float8[], \(s.map(\.location.wgs84.latitude))::float8[],
                    \(s.map(\.location.gcj02.longitude))::float8[], \(s.map(\.location.gcj02.latitude))::float8[],
                    \(s.map { Int64($0.status.rawValue) })::bigint[], \(pressures)::text[],
                    \(s.map(\.dailyCapacityKg))::float8[])
                ON CONFLICT (id) DO UPDATE SET operator_id = EXCLUDED.operator_id, name = EXCLUDED.name,
                    address = EXCLUDED.address, city = EXCLUDED.city, lng = EXCLUDED.lng, lat = EXCLUDED.lat,
                    gcj_lng = EXCLUDED.gcj_lng, gcj_lat = EXCLUDED.gcj_lat, status = EXCLUDED.status,
                    pressures = EXCLUDED.pressures, daily_capacity_kg = EXCLUDED.daily_capacity_kg
                """, logger: store.logger)
        }
    }

    func hydrogenStations(_ query: StationQuery) async throws -> [HydrogenStation] {
        try await places("hydrogen_stations", "s.pressures, s.daily_capacity_kg", query) {
            r, id, operatorID, city, location, status in
            HydrogenStation(
                id: id, operatorID: operatorID, name: try r[2].decode(String.self),
                address: try r[3].decode(String.self), city: city, location: location, status: status,
                pressuresMPa: try r[10].decode(String.self).split(separator: ",").compactMap { Int($0) },
                dailyCapacityKg: try r[11].decode(Double.self))
        }
    }

    /// Reads swap or hydrogen stations: columns 0-9 are common, `extra` are 10 and 11.
    private func places<T: Sendable>(
        _ table: String, _ extra: String, _ query: StationQuery,
        _ make: @Sendable (PostgresRandomAccessRow, String, OperatorID?, City, GeoLocation, StationStatus) throws -> T
    ) async throws -> [T] {
        var q = SQLText()
        let status = q.bind(query.status.map { Int64($0.rawValue) })
        let conditions =
            "\(Self.scope(query.scope, &q)) AND (\(status)::bigint IS NULL OR s.status = \(status)::bigint)"
        let limit = q.bind(Int64(query.limit))
        let offset = q.bind(Int64(query.offset))
        q.sql = """
            SELECT s.id, s.operator_id, s.name, s.address, s.city, s.lng, s.lat, s.gcj_lng, s.gcj_lat, s.status, \(extra)
            FROM \(table) s WHERE \(conditions)
            ORDER BY s.id LIMIT \(limit) OFFSET \(offset)
            """
        return try await store.run("read \(table)") {
            var result: [T] = []
            for try await row in try await store.client.query(q.query, logger: store.logger) {
                let r = row.makeRandomAccess()
                let id = try r[0].decode(String.self)
                guard let city = City(rawValue: try r[4].decode(String.self)) else {
                    throw StoreError(.engine, "corrupt row \(id) of \(table)")
                }
                let location = GeoLocation(
                    wgs84: GeoPoint(longitude: try r[5].decode(Double.self), latitude: try r[6].decode(Double.self)),
                    gcj02: GeoPoint(longitude: try r[7].decode(Double.self), latitude: try r[8].decode(Double.self)))
                result.append(
                    try make(
                        r, id, try r[1].decode(String?.self).flatMap(OperatorID.init(rawValue:)), city, location,
                        try ChargingRows.code(Int64(try r[9].decode(Int32.self)), StationStatus.self)))
            }
            return result
        }
    }

    // MARK: Live status and sessions

    func stationID(ofConnector connectorID: String) async throws -> String? {
        try await store.run("find connector's station") {
            var id: String?
            for try await row in try await store.client.query(
                "SELECT station_id FROM charging_connectors WHERE id = \(connectorID)", logger: store.logger
            ).decode(String.self) {
                id = row
            }
            return id
        }
    }

    func updateConnectorStatuses(_ changes: [ConnectorStatusChange]) async throws -> [String] {
        guard !changes.isEmpty else { return [] }
        let logger = store.logger
        let ids = changes.map(\.connectorID)
        let statuses = changes.map { Int64($0.status.rawValue) }
        let times = changes.map(\.at)
        return try await store.run("update connector statuses") {
            try await store.client.withTransaction(logger: logger) { connection in
                var known = Set<String>()
                for try await id in try await connection.query(
                    "SELECT id FROM charging_connectors WHERE id = ANY(\(Array(Set(ids)))::text[])", logger: logger
                ).decode(String.self) { known.insert(id) }
                // The newest report per connector moves the live status, unless an even newer one is stored.
                try await connection.query(
                    """
                    UPDATE charging_connectors c SET status = u.status, status_at = u.at
                    FROM (SELECT DISTINCT ON (id) id, status, at
                        FROM unnest(\(ids)::text[], \(statuses)::bigint[], \(times)::bigint[]) AS x(id, status, at)
                        ORDER BY id, at DESC) AS u
                    WHERE c.id = u.id AND (c.status_at IS NULL OR c.status_at <= u.at)
                    """, logger: logger)
                try await connection.query(
                    """
                    INSERT INTO charging_status_log (connector_id, at, status)
                    SELECT DISTINCT ON (x.id, x.at) x.id, x.at, x.status
                    FROM unnest(\(ids)::text[], \(statuses)::bigint[], \(times)::bigint[]) WITH ORDINALITY
                        AS x(id, status, at, n)
                    JOIN charging_connectors c ON c.id = x.id
                    ORDER BY x.id, x.at, x.n DESC
                    ON CONFLICT (connector_id, at) DO UPDATE SET status = EXCLUDED.status
                    """, logger: logger)
                return ids.filter { !known.contains($0) }
            }
        }
    }

    func recordSession(connectorID: String, start: Int64, stop: Int64, energyKWh: Double, source: String) async throws {
        let inserted = try await store.run("record charging session") {
            var count = 0
            for try await _ in try await store.client.query(
                """
                INSERT INTO charging_sessions (connector_id, start_at, stop_at, energy_kwh, source)
                SELECT id, \(start), \(stop), \(energyKWh), \(source) FROM charging_connectors WHERE id = \(connectorID)
                RETURNING id
                """, logger: store.logger
            ) { count += 1 }
            return count
        }
        guard inserted == 1 else { throw StoreError(.conflict, "no connector \(connectorID) in the registry") }
    }

    // MARK: Finder

    /// The finder's conditions over station alias `s`. Every filter is a parameter, even the flags, so that the
    /// text is the same for every query and the nearest search can be one prepared statement.
    static func finder(_ f: ChargerFilter, _ q: inout SQLText) -> String {
        let operatorID = q.bind(f.operatorID?.rawValue)
        let freeParking = q.bind(f.freeParking)
        let available = q.bind(f.availableNow)
        let dc = q.bind(f.dcOnly)
        let minPower = q.bind(f.minPowerKW)
        let type = q.bind(f.connectorType.map { Int64($0.rawValue) })
        return """
            s.station_type = 1 AND s.status = 50 AND (\(operatorID)::text IS NULL OR s.operator_id = \(operatorID)::text)
            AND (NOT \(freeParking)::bool OR s.free_parking)
            AND EXISTS (SELECT 1 FROM charging_connectors c WHERE c.station_id = s.id
                AND (NOT \(available)::bool OR c.status = 1) AND (NOT \(dc)::bool OR c.connector_type = 4)
                AND (\(minPower)::float8 IS NULL OR c.power_kw >= \(minPower)::float8)
                AND (\(type)::bigint IS NULL OR c.connector_type = \(type)::bigint))
            """
    }

    /// The nearest search with its matches' details, as a statement prepared once per connection: the server then
    /// plans it once instead of on every query (planning took about as long as running it).
    struct NearestStatement: PostgresPreparedStatement {
        typealias Row = PostgresRow
        static let sql = text(origin: GeoPoint(longitude: 0, latitude: 0), chord: 0, filter: ChargerFilter(), limit: 1)
            .sql
        let query: SQLText

        init(_ query: NearestQuery, chord: Double) {
            self.query = Self.text(origin: query.wgs84, chord: chord, filter: query.filter, limit: query.limit)
        }

        func makeBindings() throws -> PostgresBindings { query.binds }
        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }

        /// The ordered GiST scan for the `limit` stations nearest `origin` inside the cube around it of half-side
        /// `chord`, then their details.
        static func text(origin: GeoPoint, chord: Double, filter: ChargerFilter, limit: Int) -> SQLText {
            let p = ChargingRows.unitVector(longitude: origin.longitude, latitude: origin.latitude)
            var q = SQLText()
            let x = q.bind(p.x)
            let y = q.bind(p.y)
            let z = q.bind(p.z)
            let c = q.bind(chord)
            let conditions = PostgresCharging.finder(filter, &q)
            let limit = q.bind(Int64(limit))
            q.sql = PostgresCharging.withDetails(
                page: """
                    SELECT s.id, 0::bigint AS n FROM charging_stations s
                    WHERE s.xyz <@ cube(ARRAY[\(x)::float8 - \(c)::float8, \(y)::float8 - \(c)::float8, \(z)::float8 - \(c)::float8],
                        ARRAY[\(x)::float8 + \(c)::float8, \(y)::float8 + \(c)::float8, \(z)::float8 + \(c)::float8])
                        AND \(conditions)
                    ORDER BY s.xyz <-> cube(ARRAY[\(x)::float8, \(y)::float8, \(z)::float8])
                    LIMIT \(limit)
                    """)
            return q
        }
    }

    func nearest(_ query: NearestQuery) async throws -> [ChargerMatch] {
        guard query.limit > 0 else { return [] }
        let origin = query.wgs84
        // The chord of the radius, widened a little so rounding never drops a station on the circle.
        let chord = 2 * sin(min(.pi, query.radiusMetres / 6_371_008.8) / 2) * 1.000_001 + 1e-9
        let statement = NearestStatement(query, chord: chord)
        let logger = store.logger
        // On the finder's own connections (bitmap scans and sorts off, see `PostgresStore.finderClient`): the ordered
        // GiST scan and the matches' details, one round trip.
        let client = store.finderClient
        let found = try await withTaskExecutorPreference(store.finderExecutor) {
            try await store.run("find nearest chargers") {
                try await Self.fold(try await client.execute(statement, logger: logger))
            }
        }
        var matches: [ChargerMatch] = []
        for (_, station) in found {
            let d = origin.distance(to: station.location.wgs84)
            if d <= query.radiusMetres {
                matches.append(ChargerMatch(station: station, distanceMetres: d, filter: query.filter, at: query.at))
            }
        }
        return matches.sorted { ($0.distanceMetres, $0.station.id) < ($1.distanceMetres, $1.station.id) }
    }

    func box(_ query: BoxQuery) async throws -> [ChargerMatch] {
        let cover = query.wgs84Cover
        let (lng, lat) = query.datum == .wgs84 ? ("s.lng", "s.lat") : ("s.gcj_lng", "s.gcj_lat")
        var q = SQLText()
        let conditions = """
            point(s.lng, s.lat) <@ box(point(\(q.bind(cover.southWest.longitude))::float8, \(q.bind(cover.southWest.latitude))::float8),
                point(\(q.bind(cover.northEast.longitude))::float8, \(q.bind(cover.northEast.latitude))::float8))
            AND \(lng) BETWEEN \(q.bind(query.southWest.longitude))::float8 AND \(q.bind(query.northEast.longitude))::float8
            AND \(lat) BETWEEN \(q.bind(query.southWest.latitude))::float8 AND \(q.bind(query.northEast.latitude))::float8
            AND \(Self.finder(query.filter, &q))
            """
        return try await stations(q, where: conditions, order: "s.id", limit: query.limit, offset: 0).map {
            ChargerMatch(station: $0, distanceMetres: 0, filter: query.filter, at: query.at)
        }
    }

    // MARK: Statistics

    func statistics(scope: ChargingScope, from: Int64, to: Int64) async throws -> ChargingStatistics {
        var stats = ChargingStatistics()
        var q = SQLText()
        let conditions = Self.scope(scope, &q)
        func rows<T: Sendable>(_ sql: String, _ extra: [Int64] = [], _ decode: @escaping (PostgresRow) throws -> T)
            async throws -> [T]
        {
            var query = q
            var sql = sql
            for (index, value) in extra.enumerated() {
                sql = sql.replacingOccurrences(of: "{\(index)}", with: "\(query.bind(value))::bigint")
            }
            query.sql = sql
            return try await store.run("charging statistics") {
                var result: [T] = []
                for try await row in try await store.client.query(query.query, logger: store.logger) {
                    result.append(try decode(row))
                }
                return result
            }
        }
        for (city, type, operatorText, count) in try await rows(
            """
            SELECT s.city, s.station_type, s.operator_id, count(*) FROM charging_stations s WHERE \(conditions)
            GROUP BY 1, 2, 3
            """, [], { try $0.decode((String, Int32, String, Int64).self) })
        {
            stats.stations += Int(count)
            if let city = City(rawValue: city) { stats.stationsByCity[city, default: 0] += Int(count) }
            if let type = StationType(rawValue: Int(type)) { stats.stationsByType[type, default: 0] += Int(count) }
            if let id = OperatorID(rawValue: operatorText) { stats.stationsByOperator[id, default: 0] += Int(count) }
        }
        for (type, count) in try await rows(
            """
            SELECT s.station_type, count(*) FROM charging_equipment e JOIN charging_stations s ON s.id = e.station_id
            WHERE \(conditions) GROUP BY 1
            """, [], { try $0.decode((Int32, Int64).self) })
        {
            stats.chargers += Int(count)
            if type == Int32(StationType.public.rawValue) { stats.publicChargers += Int(count) }
        }
        for (city, status, count) in try await rows(
            """
            SELECT s.city, c.status, count(*) FROM charging_connectors c JOIN charging_stations s ON s.id = c.station_id
            WHERE \(conditions) GROUP BY 1, 2
            """, [], { try $0.decode((String, Int32, Int64).self) })
        {
            stats.connectors += Int(count)
            if let city = City(rawValue: city) { stats.connectorsByCity[city, default: 0] += Int(count) }
            if let status = ConnectorStatus(rawValue: Int(status)) {
                stats.connectorsByStatus[status, default: 0] += Int(count)
            }
        }
        stats.swapStations = Int(
            try await rows(
                "SELECT count(*) FROM swap_stations s WHERE \(conditions)", [], { try $0.decode(Int64.self) }
            )
            .first ?? 0)
        stats.hydrogenStations = Int(
            try await rows(
                "SELECT count(*) FROM hydrogen_stations s WHERE \(conditions)", [], { try $0.decode(Int64.self) }
            ).first ?? 0)
        var before: [String: ConnectorStatus] = [:]
        for (id, status) in try await rows(
            """
            SELECT DISTINCT ON (l.connector_id) l.connector_id, l.status FROM charging_status_log l
            JOIN charging_connectors c ON c.id = l.connector_id JOIN charging_stations s ON s.id = c.station_id
            WHERE l.at < {0} AND \(conditions) ORDER BY l.connector_id, l.at DESC
            """, [from], { try $0.decode((String, Int32).self) })
        {
            before[id] = ConnectorStatus(rawValue: Int(status))
        }
        var changes: [String: [(at: Int64, status: ConnectorStatus)]] = [:]
        for (id, at, status) in try await rows(
            """
            SELECT l.connector_id, l.at, l.status FROM charging_status_log l
            JOIN charging_connectors c ON c.id = l.connector_id JOIN charging_stations s ON s.id = c.station_id
            WHERE l.at >= {0} AND l.at < {1} AND \(conditions) ORDER BY l.connector_id, l.at
            """, [from, to], { try $0.decode((String, Int64, Int32).self) })
        {
            if let status = ConnectorStatus(rawValue: Int(status)) { changes[id, default: []].append((at, status)) }
        }
        for id in Set(before.keys).union(changes.keys) {
            stats.usage.add(before: before[id], changes: changes[id] ?? [], from: from, to: to)
        }
        for (energy, count) in try await rows(
            """
            SELECT coalesce(sum(x.energy_kwh), 0)::float8, count(*) FROM charging_sessions x
            JOIN charging_connectors c ON c.id = x.connector_id JOIN charging_stations s ON s.id = c.station_id
            WHERE x.stop_at >= {0} AND x.stop_at < {1} AND \(conditions)
            """, [from, to], { try $0.decode((Double, Int64).self) })
        {
            stats.energyKWh = energy
            stats.sessions = Int(count)
        }
        return stats
    }
}

/// SQL text and its parameters built together, for queries whose conditions depend on the filters given.
struct SQLText: Sendable {
    var sql = ""
    var binds = PostgresBindings()

    /// Binds `value` (NULL when nil) and returns its placeholder, `$n`.
    mutating func bind<Value: PostgresThrowingDynamicTypeEncodable>(_ value: Value?) -> String {
        if let value {
            do {
                try binds.append(value)
            } catch {
                // Strings, numbers and arrays of them always encode; a NULL keeps the placeholders in step regardless.
                binds.appendNull()
            }
        } else {
            binds.appendNull()
        }
        return "$\(binds.count)"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
