import Charging
import Model
import Store

/// `ChargingRepository` on SQLite. Stations are indexed in an R*Tree of WGS-84 points; the nearest search asks it
/// for a box around a growing circle until the circle holds enough matching stations.
struct SQLiteCharging: ChargingRepository {
    let store: SQLiteStore

    // MARK: Operators

    func upsertOperators(_ operators: [ChargingOperator]) async throws {
        try await store.writer.transaction { db in
            let upsert = try db.statement(
                """
                INSERT INTO charging_operators(id, name, enterprise_id) VALUES (?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, enterprise_id = excluded.enterprise_id
                """)
            for o in operators {
                try upsert.run([.text(o.id.rawValue), .text(o.name), .optional(o.enterpriseID?.rawValue)])
            }
        }
    }

    func operators(scope: ChargingScope) async throws -> [ChargingOperator] {
        try await store.reader.run { db in
            try db.statement(
                """
                SELECT o.id, o.name, o.enterprise_id FROM charging_operators o
                WHERE (?1 IS NULL OR o.enterprise_id = ?1) AND (?2 IS NULL OR o.id = ?2)
                    AND (?3 IS NULL OR EXISTS (SELECT 1 FROM charging_stations s WHERE s.operator_id = o.id
                        AND s.city = ?3))
                ORDER BY o.id
                """
            ).query([
                .optional(scope.enterprise?.rawValue), .optional(scope.operatorID?.rawValue),
                .optional(scope.city?.rawValue),
            ]) { row in
                guard let id = OperatorID(rawValue: row.text(0)) else {
                    throw StoreError(.engine, "bad operator id \(row.text(0)) in store")
                }
                return ChargingOperator(
                    id: id, name: row.text(1), enterpriseID: row.textOrNil(2).flatMap(EnterpriseID.init(rawValue:)))
            }
        }
    }

    // MARK: Stations

    func importStations(_ stations: [ChargingStation]) async throws {
        guard !stations.isEmpty else { return }
        let now = Clock.nowMicros()
        try await store.writer.transaction { db in
            let knownOperator = try db.statement("SELECT 1 FROM charging_operators WHERE id = ?")
            let upsertStation = try db.statement(
                """
                INSERT INTO charging_stations(id, operator_id, name, address, area_code, city, lng, lat, gcj_lng,
                    gcj_lat, station_type, status, opening_hours, parking_fee, free_parking, prices, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET operator_id = excluded.operator_id, name = excluded.name,
                    address = excluded.address, area_code = excluded.area_code, city = excluded.city,
                    lng = excluded.lng, lat = excluded.lat, gcj_lng = excluded.gcj_lng, gcj_lat = excluded.gcj_lat,
                    station_type = excluded.station_type, status = excluded.status,
                    opening_hours = excluded.opening_hours, parking_fee = excluded.parking_fee,
                    free_parking = excluded.free_parking, prices = excluded.prices, updated_at = excluded.updated_at
                RETURNING sid
                """)
            let place = try db.statement(
                "INSERT OR REPLACE INTO charging_station_rtree(sid, min_lng, max_lng, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)"
            )
            let ownerOfCharger = try db.statement("SELECT station_id FROM charging_equipment WHERE id = ?")
            let ownerOfConnector = try db.statement("SELECT station_id FROM charging_connectors WHERE id = ?")
            let upsertCharger = try db.statement(
                """
                INSERT INTO charging_equipment(id, station_id, position, name, equipment_type, power_kw)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET position = excluded.position, name = excluded.name,
                    equipment_type = excluded.equipment_type, power_kw = excluded.power_kw
                """)
            let upsertConnector = try db.statement(
                """
                INSERT INTO charging_connectors(id, equipment_id, station_id, position, name, connector_type,
                    national_standard, voltage_upper, voltage_lower, current_a, power_kw)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET equipment_id = excluded.equipment_id, position = excluded.position,
                    name = excluded.name, connector_type = excluded.connector_type,
                    national_standard = excluded.national_standard, voltage_upper = excluded.voltage_upper,
                    voltage_lower = excluded.voltage_lower, current_a = excluded.current_a,
                    power_kw = excluded.power_kw
                """)
            for station in stations {
                guard try knownOperator.query([.text(station.operatorID.rawValue)], { _ in true }).first == true else {
                    throw StoreError(
                        .conflict, "station \(station.id): no operator \(station.operatorID) in the registry")
                }
                let w = station.location.wgs84
                let g = station.location.gcj02
                let sid = try upsertStation.query([
                    .text(station.id), .text(station.operatorID.rawValue), .text(station.name), .text(station.address),
                    .text(station.areaCode), .text(station.city.rawValue), .real(w.longitude), .real(w.latitude),
                    .real(g.longitude), .real(g.latitude), .integer(Int64(station.type.rawValue)),
                    .integer(Int64(station.status.rawValue)), .text(station.openingHours), .text(station.parkingFee),
                    .integer(station.freeParking ? 1 : 0), .text(ChargingRows.pricesText(station.prices)),
                    .integer(now),
                ]) { $0.int64(0) }
                guard let sid = sid.first else { throw StoreError(.engine, "station \(station.id) not stored") }
                try place.run([
                    .integer(sid), .real(w.longitude), .real(w.longitude), .real(w.latitude), .real(w.latitude),
                ])
                // Chargers and connectors no longer listed go; the others are updated in place, keeping live status.
                let chargerIDs = station.equipment.map(\.id)
                let connectorIDs = station.connectors.map(\.id)
                try db.statement(
                    "DELETE FROM charging_connectors WHERE station_id = ? AND id NOT IN (SELECT value FROM json_each(?))"
                ).run([.text(station.id), .text(Self.jsonArray(connectorIDs))])
                try db.statement(
                    "DELETE FROM charging_equipment WHERE station_id = ? AND id NOT IN (SELECT value FROM json_each(?))"
                ).run([.text(station.id), .text(Self.jsonArray(chargerIDs))])
                for (e, charger) in station.equipment.enumerated() {
                    if let owner = try ownerOfCharger.query([.text(charger.id)], { $0.text(0) }).first,
                        owner != station.id
                    {
                        throw StoreError(.conflict, "charger \(charger.id) belongs to station \(owner)")
                    }
                    try upsertCharger.run([
                        .text(charger.id), .text(station.id), .integer(Int64(e)), .optional(charger.name),
                        .integer(Int64(charger.type.rawValue)), .real(charger.powerKW),
                    ])
                    for (c, connector) in charger.connectors.enumerated() {
                        if let owner = try ownerOfConnector.query([.text(connector.id)], { $0.text(0) }).first,
                            owner != station.id
                        {
                            throw StoreError(.conflict, "connector \(connector.id) belongs to station \(owner)")
                        }
                        try upsertConnector.run([
                            .text(connector.id), .text(charger.id), .text(station.id), .integer(Int64(c)),
                            .optional(connector.name), .integer(Int64(connector.type.rawValue)),
                            .optional(connector.nationalStandard?.rawValue), .optional(connector.voltageUpper),
                            .optional(connector.voltageLower), .optional(connector.current), .real(connector.powerKW),
                        ])
                    }
                }
            }
        }
    }

    /// A JSON array of strings, for `json_each` (an id list of any length in one parameter).
    static func jsonArray(_ values: [String]) -> String {
        var text = "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            text += "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case _ where scalar.value < 0x20:
                    text +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                default: text.unicodeScalars.append(scalar)
                }
            }
            text += "\""
        }
        return text + "]"
    }

    func station(id: String) async throws -> ChargingStation? {
        try await store.reader.readTransaction { db in
            try Self.stations(
                db, where: "s.id = ?1", [.text(id)], order: "s.id", limit: 1, offset: 0
            ).first
        }
    }

    /// `WHERE` conditions of a scope over station alias `s`, with values `?1`-`?3`.
    static let scopeSQL = """
        (?1 IS NULL OR s.city = ?1)
        AND (?2 IS NULL OR s.operator_id IN (SELECT id FROM charging_operators WHERE enterprise_id = ?2))
        AND (?3 IS NULL OR s.operator_id = ?3)
        """

    static func scopeValues(_ scope: ChargingScope) -> [SQLiteValue] {
        [.optional(scope.city?.rawValue), .optional(scope.enterprise?.rawValue), .optional(scope.operatorID?.rawValue)]
    }

    func stations(_ query: StationQuery) async throws -> StationPage {
        let conditions = """
            \(Self.scopeSQL) AND (?4 IS NULL OR s.station_type = ?4) AND (?5 IS NULL OR s.status = ?5)
            """
        let values =
            Self.scopeValues(query.scope) + [.optional(query.type?.rawValue), .optional(query.status?.rawValue)]
        return try await store.reader.readTransaction { db in
            let total =
                try db.statement("SELECT count(*) FROM charging_stations s WHERE \(conditions)")
                .query(values) { Int($0.int64(0)) }.first ?? 0
            let stations = try Self.stations(
                db, where: conditions, values, order: "s.id", limit: query.limit, offset: query.offset)
            return StationPage(stations: stations, total: total)
        }
    }

    static let stationColumns = """
        s.id, s.operator_id, s.name, s.address, s.area_code, s.city, s.lng, s.lat, s.gcj_lng, s.gcj_lat,
        s.station_type, s.status, s.opening_hours, s.parking_fee, s.free_parking, s.prices
        """

    /// Stations matching `conditions` with their chargers and connectors. Runs on the caller's connection so the
    /// three reads see one snapshot when the caller holds a read transaction.
    static func stations(
        _ db: SQLiteDatabase, where conditions: String, _ values: [SQLiteValue], order: String, limit: Int,
        offset: Int
    ) throws -> [ChargingStation] {
        let n = values.count
        let stations = try db.statement(
            """
            SELECT \(stationColumns) FROM charging_stations s WHERE \(conditions)
            ORDER BY \(order) LIMIT ?\(n + 1) OFFSET ?\(n + 2)
            """
        ).query(values + [.integer(Int64(limit)), .integer(Int64(offset))], station)
        return try withDetails(stations, db)
    }

    static func station(_ row: SQLiteRow) throws -> ChargingStation {
        guard let operatorID = OperatorID(rawValue: row.text(1)), let city = City(rawValue: row.text(5)) else {
            throw StoreError(.engine, "corrupt station row \(row.text(0))")
        }
        return ChargingStation(
            id: row.text(0), operatorID: operatorID, name: row.text(2), address: row.text(3), areaCode: row.text(4),
            city: city,
            location: GeoLocation(
                wgs84: GeoPoint(longitude: row.double(6), latitude: row.double(7)),
                gcj02: GeoPoint(longitude: row.double(8), latitude: row.double(9))),
            type: try ChargingRows.code(row.int64(10), StationType.self),
            status: try ChargingRows.code(row.int64(11), StationStatus.self), openingHours: row.text(12),
            parkingFee: row.text(13), freeParking: row.int64(14) != 0, prices: try ChargingRows.prices(row.text(15)))
    }

    /// Attaches chargers and connectors to `stations`.
    static func withDetails(_ stations: [ChargingStation], _ db: SQLiteDatabase) throws -> [ChargingStation] {
        guard !stations.isEmpty else { return [] }
        let ids = jsonArray(stations.map(\.id))
        let equipment = try db.statement(
            """
            SELECT station_id, id, name, equipment_type, power_kw FROM charging_equipment
            WHERE station_id IN (SELECT value FROM json_each(?)) ORDER BY station_id, position
            """
        ).query([.text(ids)]) { row in
            (
                stationID: row.text(0),
                equipment: ChargingEquipment(
                    id: row.text(1), name: row.textOrNil(2),
                    type: try ChargingRows.code(row.int64(3), EquipmentType.self), powerKW: row.double(4),
                    connectors: [])
            )
        }
        let connectors = try db.statement(
            """
            SELECT equipment_id, id, name, connector_type, national_standard, voltage_upper, voltage_lower, current_a,
                power_kw, status, status_at
            FROM charging_connectors WHERE station_id IN (SELECT value FROM json_each(?))
            ORDER BY equipment_id, position
            """
        ).query([.text(ids)]) { row in
            (
                equipmentID: row.text(0),
                connector: ChargingConnector(
                    id: row.text(1), name: row.textOrNil(2),
                    type: try ChargingRows.code(row.int64(3), ConnectorType.self),
                    nationalStandard: try row.int64OrNil(4).map { try ChargingRows.code($0, NationalStandard.self) },
                    voltageUpper: row.intOrNil(5), voltageLower: row.intOrNil(6), current: row.intOrNil(7),
                    powerKW: row.double(8), status: try ChargingRows.code(row.int64(9), ConnectorStatus.self),
                    statusAt: row.int64OrNil(10))
            )
        }
        return ChargingRows.assemble(stations, equipment: equipment, connectors: connectors)
    }

    // MARK: Swap and hydrogen stations

    func upsertSwapStations(_ stations: [SwapStation]) async throws {
        try await store.writer.transaction { db in
            let upsert = try db.statement(
                """
                INSERT OR REPLACE INTO swap_stations(id, operator_id, name, address, city, lng, lat, gcj_lng, gcj_lat,
                    status, bays, batteries)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for s in stations {
                try upsert.run(
                    [
                        .text(s.id), .optional(s.operatorID?.rawValue), .text(s.name), .text(s.address),
                        .text(s.city.rawValue),
                    ]
                        + Self.location(s.location)
                        + [.integer(Int64(s.status.rawValue)), .integer(Int64(s.bays)), .integer(Int64(s.batteries))])
            }
        }
    }

    func swapStations(_ query: StationQuery) async throws -> [SwapStation] {
        try await store.reader.run { db in
            try db.statement(
                """
                SELECT s.id, s.operator_id, s.name, s.address, s.city, s.lng, s.lat, s.gcj_lng, s.gcj_lat, s.status,
                    s.bays, s.batteries
                FROM swap_stations s WHERE \(Self.scopeSQL) AND (?4 IS NULL OR s.status = ?4)
                ORDER BY s.id LIMIT ?5 OFFSET ?6
                """
            ).query(
                Self.scopeValues(query.scope) + [
                    .optional(query.status?.rawValue), .integer(Int64(query.limit)), .integer(Int64(query.offset)),
                ]
            ) { row in
                let (operatorID, city, location) = try Self.place(row)
                return SwapStation(
                    id: row.text(0), operatorID: operatorID, name: row.text(2), address: row.text(3), city: city,
                    location: location, status: try ChargingRows.code(row.int64(9), StationStatus.self),
                    bays: Int(row.int64(10)), batteries: Int(row.int64(11)))
            }
        }
    }

    func upsertHydrogenStations(_ stations: [HydrogenStation]) async throws {
        try await store.writer.transaction { db in
            let upsert = try db.statement(
                """
                INSERT OR REPLACE INTO hydrogen_stations(id, operator_id, name, address, city, lng, lat, gcj_lng,
                    gcj_lat, status, pressures, daily_capacity_kg)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for s in stations {
                try upsert.run(
                    [
                        .text(s.id), .optional(s.operatorID?.rawValue), .text(s.name), .text(s.address),
                        .text(s.city.rawValue),
                    ]
                        + Self.location(s.location)
                        + [
                            .integer(Int64(s.status.rawValue)),
                            .text(s.pressuresMPa.sorted().map(String.init).joined(separator: ",")),
                            .real(s.dailyCapacityKg),
                        ])
            }
        }
    }

    func hydrogenStations(_ query: StationQuery) async throws -> [HydrogenStation] {
        try await store.reader.run { db in
            try db.statement(
                """
                SELECT s.id, s.operator_id, s.name, s.address, s.city, s.lng, s.lat, s.gcj_lng, s.gcj_lat, s.status,
                    s.pressures, s.daily_capacity_kg
                FROM hydrogen_stations s WHERE \(Self.scopeSQL) AND (?4 IS NULL OR s.status = ?4)
                ORDER BY s.id LIMIT ?5 OFFSET ?6
                """
            ).query(
                Self.scopeValues(query.scope) + [
                    .optional(query.status?.rawValue), .integer(Int64(query.limit)), .integer(Int64(query.offset)),
                ]
            ) { row in
                let (operatorID, city, location) = try Self.place(row)
                return HydrogenStation(
                    id: row.text(0), operatorID: operatorID, name: row.text(2), address: row.text(3), city: city,
                    location: location, status: try ChargingRows.code(row.int64(9), StationStatus.self),
                    pressuresMPa: row.text(10).split(separator: ",").compactMap { Int($0) },
                    dailyCapacityKg: row.double(11))
            }
        }
    }

    static func location(_ l: GeoLocation) -> [SQLiteValue] {
        [.real(l.wgs84.longitude), .real(l.wgs84.latitude), .real(l.gcj02.longitude), .real(l.gcj02.latitude)]
    }

    /// Operator (column 1), city (4) and location (5-8) of a swap or hydrogen station row.
    static func place(_ row: SQLiteRow) throws -> (OperatorID?, City, GeoLocation) {
        guard let city = City(rawValue: row.text(4)) else { throw StoreError(.engine, "corrupt row \(row.text(0))") }
        return (
            row.textOrNil(1).flatMap(OperatorID.init(rawValue:)), city,
            GeoLocation(
                wgs84: GeoPoint(longitude: row.double(5), latitude: row.double(6)),
                gcj02: GeoPoint(longitude: row.double(7), latitude: row.double(8)))
        )
    }

    // MARK: Live status and sessions

    func stationID(ofConnector connectorID: String) async throws -> String? {
        try await store.reader.run { db in
            try db.statement("SELECT station_id FROM charging_connectors WHERE id = ?").query([.text(connectorID)]) {
                $0.text(0)
            }.first
        }
    }

    func updateConnectorStatuses(_ changes: [ConnectorStatusChange]) async throws -> [String] {
        guard !changes.isEmpty else { return [] }
        return try await store.writer.transaction { db in
            let update = try db.statement(
                """
                UPDATE charging_connectors SET status = ?2, status_at = ?3
                WHERE id = ?1 AND (status_at IS NULL OR status_at <= ?3)
                """)
            let known = try db.statement("SELECT 1 FROM charging_connectors WHERE id = ?")
            let log = try db.statement(
                """
                INSERT INTO charging_status_log(connector_id, at, status) VALUES (?, ?, ?)
                ON CONFLICT(connector_id, at) DO UPDATE SET status = excluded.status
                """)
            var unknown: [String] = []
            for change in changes {
                guard try known.query([.text(change.connectorID)], { _ in true }).first == true else {
                    unknown.append(change.connectorID)
                    continue
                }
                try update.run([
                    .text(change.connectorID), .integer(Int64(change.status.rawValue)), .integer(change.at),
                ])
                try log.run([.text(change.connectorID), .integer(change.at), .integer(Int64(change.status.rawValue))])
            }
            return unknown
        }
    }

    func recordSession(connectorID: String, start: Int64, stop: Int64, energyKWh: Double, source: String) async throws {
        try await store.writer.transaction { db in
            guard
                try db.statement("SELECT 1 FROM charging_connectors WHERE id = ?").query(
                    [.text(connectorID)], { _ in true }
                )
                .first == true
            else { throw StoreError(.conflict, "no connector \(connectorID) in the registry") }
            try db.statement(
                "INSERT INTO charging_sessions(connector_id, start_at, stop_at, energy_kwh, source) VALUES (?, ?, ?, ?, ?)"
            ).run([.text(connectorID), .integer(start), .integer(stop), .real(energyKWh), .text(source)])
        }
    }

    // MARK: Finder

    /// Station-level finder conditions over alias `s` and the connector conditions in `EXISTS`, values `?5`-`?10`.
    static let finderSQL = """
        s.station_type = 1 AND s.status = 50 AND (?5 IS NULL OR s.operator_id = ?5) AND (?6 = 0 OR s.free_parking = 1)
        AND EXISTS (SELECT 1 FROM charging_connectors c WHERE c.station_id = s.id AND (?7 = 0 OR c.status = 1)
            AND (?8 = 0 OR c.connector_type = 4) AND (?9 IS NULL OR c.power_kw >= ?9)
            AND (?10 IS NULL OR c.connector_type = ?10))
        """

    static func finderValues(_ f: ChargerFilter) -> [SQLiteValue] {
        [
            .optional(f.operatorID?.rawValue), .integer(f.freeParking ? 1 : 0), .integer(f.availableNow ? 1 : 0),
            .integer(f.dcOnly ? 1 : 0), .optional(f.minPowerKW), .optional(f.connectorType?.rawValue),
        ]
    }

    static func boxValues(_ southWest: GeoPoint, _ northEast: GeoPoint) -> [SQLiteValue] {
        [.real(southWest.longitude), .real(northEast.longitude), .real(southWest.latitude), .real(northEast.latitude)]
    }

    func nearest(_ query: NearestQuery) async throws -> [ChargerMatch] {
        let origin = query.wgs84
        guard query.limit > 0 else { return [] }
        return try await store.reader.readTransaction { db in
            let candidates = try db.statement(
                """
                SELECT s.id, s.lng, s.lat FROM charging_station_rtree r JOIN charging_stations s ON s.sid = r.sid
                WHERE r.max_lng >= ?1 AND r.min_lng <= ?2 AND r.max_lat >= ?3 AND r.min_lat <= ?4 AND \(Self.finderSQL)
                """)
            var radius = min(query.radiusMetres, ChargingRows.firstRadius)
            var found: [(distance: Double, id: String)] = []
            while true {
                let box = ChargerFinder.boundingBox(around: origin, radius: radius)
                found = try candidates.query(
                    Self.boxValues(box.southWest, box.northEast) + Self.finderValues(query.filter)
                ) { row in
                    (
                        distance: origin.distance(to: GeoPoint(longitude: row.double(1), latitude: row.double(2))),
                        id: row.text(0)
                    )
                }.filter { $0.distance <= radius }
                if found.count >= query.limit || radius >= query.radiusMetres { break }
                radius = min(query.radiusMetres, radius * ChargingRows.growth)
            }
            found.sort { ($0.distance, $0.id) < ($1.distance, $1.id) }
            let chosen = Array(found.prefix(query.limit))
            let stations = try Self.stations(
                db, where: "s.id IN (SELECT value FROM json_each(?1))", [.text(Self.jsonArray(chosen.map(\.id)))],
                order: "s.id", limit: chosen.count, offset: 0)
            let byID = Dictionary(uniqueKeysWithValues: stations.map { ($0.id, $0) })
            return chosen.compactMap { hit in
                byID[hit.id].map {
                    ChargerMatch(station: $0, distanceMetres: hit.distance, filter: query.filter, at: query.at)
                }
            }
        }
    }

    func box(_ query: BoxQuery) async throws -> [ChargerMatch] {
        let cover = query.wgs84Cover
        let (lng, lat) = query.datum == .wgs84 ? ("s.lng", "s.lat") : ("s.gcj_lng", "s.gcj_lat")
        return try await store.reader.readTransaction { db in
            let stations = try Self.stations(
                db,
                where: """
                    s.sid IN (SELECT sid FROM charging_station_rtree
                        WHERE max_lng >= ?1 AND min_lng <= ?2 AND max_lat >= ?3 AND min_lat <= ?4)
                    AND \(lng) BETWEEN ?11 AND ?12 AND \(lat) BETWEEN ?13 AND ?14 AND \(Self.finderSQL)
                    """,
                Self.boxValues(cover.southWest, cover.northEast) + Self.finderValues(query.filter)
                    + Self.boxValues(query.southWest, query.northEast),
                order: "s.id", limit: query.limit, offset: 0)
            return stations.map { ChargerMatch(station: $0, distanceMetres: 0, filter: query.filter, at: query.at) }
        }
    }

    // MARK: Statistics

    func statistics(scope: ChargingScope, from: Int64, to: Int64) async throws -> ChargingStatistics {
        let values = Self.scopeValues(scope)
        return try await store.reader.readTransaction { db in
            var stats = ChargingStatistics()
            for (city, type, operatorText, count) in try db.statement(
                """
                SELECT s.city, s.station_type, s.operator_id, count(*) FROM charging_stations s WHERE \(Self.scopeSQL)
                GROUP BY 1, 2, 3
                """
            ).query(values, { ($0.text(0), $0.int64(1), $0.text(2), Int($0.int64(3))) }) {
                stats.stations += count
                if let city = City(rawValue: city) { stats.stationsByCity[city, default: 0] += count }
                if let type = StationType(rawValue: Int(type)) { stats.stationsByType[type, default: 0] += count }
                if let id = OperatorID(rawValue: operatorText) { stats.stationsByOperator[id, default: 0] += count }
            }
            for (type, count) in try db.statement(
                """
                SELECT s.station_type, count(*) FROM charging_equipment e JOIN charging_stations s ON s.id = e.station_id
                WHERE \(Self.scopeSQL) GROUP BY 1
                """
            ).query(values, { ($0.int64(0), Int($0.int64(1))) }) {
                stats.chargers += count
                if type == Int64(StationType.public.rawValue) { stats.publicChargers += count }
            }
            for (city, status, count) in try db.statement(
                """
                SELECT s.city, c.status, count(*) FROM charging_connectors c JOIN charging_stations s ON s.id = c.station_id
                WHERE \(Self.scopeSQL) GROUP BY 1, 2
                """
            ).query(values, { ($0.text(0), $0.int64(1), Int($0.int64(2))) }) {
                stats.connectors += count
                if let city = City(rawValue: city) { stats.connectorsByCity[city, default: 0] += count }
                if let status = ConnectorStatus(rawValue: Int(status)) {
                    stats.connectorsByStatus[status, default: 0] += count
                }
            }
            stats.swapStations =
                try db.statement("SELECT count(*) FROM swap_stations s WHERE \(Self.scopeSQL)")
                .query(values) { Int($0.int64(0)) }.first ?? 0
            stats.hydrogenStations =
                try db.statement("SELECT count(*) FROM hydrogen_stations s WHERE \(Self.scopeSQL)")
                .query(values) { Int($0.int64(0)) }.first ?? 0
            // Each connector's last status before the period, then its changes within it, in time order.
            var before: [String: ConnectorStatus] = [:]
            try db.statement(
                """
                SELECT l.connector_id, l.status, max(l.at) FROM charging_status_log l
                JOIN charging_connectors c ON c.id = l.connector_id JOIN charging_stations s ON s.id = c.station_id
                WHERE l.at < ?4 AND \(Self.scopeSQL) GROUP BY l.connector_id
                """
            ).forEach(values + [.integer(from)]) { row in
                before[row.text(0)] = ConnectorStatus(rawValue: Int(row.int64(1)))
                return true
            }
            var changes: [String: [(at: Int64, status: ConnectorStatus)]] = [:]
            try db.statement(
                """
                SELECT l.connector_id, l.at, l.status FROM charging_status_log l
                JOIN charging_connectors c ON c.id = l.connector_id JOIN charging_stations s ON s.id = c.station_id
                WHERE l.at >= ?4 AND l.at < ?5 AND \(Self.scopeSQL) ORDER BY l.connector_id, l.at
                """
            ).forEach(values + [.integer(from), .integer(to)]) { row in
                if let status = ConnectorStatus(rawValue: Int(row.int64(2))) {
                    changes[row.text(0), default: []].append((row.int64(1), status))
                }
                return true
            }
            for id in Set(before.keys).union(changes.keys) {
                stats.usage.add(before: before[id], changes: changes[id] ?? [], from: from, to: to)
            }
            for (energy, count) in try db.statement(
                """
                SELECT coalesce(sum(x.energy_kwh), 0), count(*) FROM charging_sessions x
                JOIN charging_connectors c ON c.id = x.connector_id JOIN charging_stations s ON s.id = c.station_id
                WHERE x.stop_at >= ?4 AND x.stop_at < ?5 AND \(Self.scopeSQL)
                """
            ).query(values + [.integer(from), .integer(to)], { ($0.double(0), Int($0.int64(1))) }) {
                stats.energyKWh = energy
                stats.sessions = count
            }
            return stats
        }
    }
}
