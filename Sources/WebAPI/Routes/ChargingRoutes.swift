import Charging
import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Store

/// The charging-infrastructure registry, its statistics and the public finder (一键找桩).
///
/// Registry reads are scoped: the province sees every station, a city the stations in it, an enterprise the stations
/// of the operators linked to it. Writes (imports, operators, live status) are the province's. The finder is public
/// and anonymous: it shows public stations in service only, which operators publish anyway.
enum ChargingRoutes {
    static let maxList = 1000
    static let maxNearest = 50
    static let maxBox = 1000
    static let maxRadiusKm = 100.0
    /// The largest station import accepted (about 100,000 connectors of CSV, or an operator's whole T/CEC
    /// catalogue as one JSON file): larger than the other imports.
    static let maxImportBytes = 32 << 20

    static func endpoints(_ services: PlatformServices) -> [Endpoint] {
        let store = services.store
        let finderQuery = [
            QueryParameter("coord", Schema.enumeration(["wgs84", "gcj02"]), "Datum of the coordinates; default wgs84"),
            QueryParameter(
                "available", Schema.boolean, "Only stations with an idle connector (status 1) passing the filters"),
            QueryParameter("dc", Schema.boolean, "Only DC connectors (ConnectorType 4)"),
            QueryParameter("min_kw", ["type": "number", "minimum": 0], "Only connectors of at least this power"),
            QueryParameter("connector_type", ["type": "integer", "minimum": 1, "maximum": 6], "T/CEC ConnectorType"),
            QueryParameter("operator_id", Schema.string, "Only this operator (T/CEC OperatorID)"),
            QueryParameter("free_parking", Schema.boolean, "Only stations with free parking while charging"),
        ]
        let listQuery = [
            QueryParameter("city", APISchemas.city, "Only this city"),
            QueryParameter("enterprise", Schema.string, "Only operators linked to this enterprise"),
            QueryParameter("operator_id", Schema.string, "Only this operator"),
            QueryParameter(
                "limit", ["type": "integer", "minimum": 1, "maximum": .number(Double(maxList))], "Default 100"),
            QueryParameter("offset", ["type": "integer", "minimum": 0], "Default 0"),
        ]
        return [
            Endpoint(
                .get, "/api/v1/chargers/nearest", access: .public,
                doc: EndpointDoc(
                    summary: "Find the nearest chargers (一键找桩)", tag: "charging",
                    description:
                        "Public stations in service within `radius_km` of the point, nearest first, with live connector statuses and the tariff period in force. Give the point in WGS-84 (phones) or GCJ-02 (Chinese maps); stations are returned with both.",
                    query: [
                        QueryParameter("lat", ["type": "number"], "Latitude (required)"),
                        QueryParameter("lng", ["type": "number"], "Longitude (required)"),
                        QueryParameter(
                            "radius_km", ["type": "number", "exclusiveMinimum": 0, "maximum": .number(maxRadiusKm)],
                            "Default 5"),
                        QueryParameter(
                            "limit", ["type": "integer", "minimum": 1, "maximum": .number(Double(maxNearest))],
                            "Default 10"),
                    ] + finderQuery,
                    response: Schema.ref("ChargerMatchList"), errors: [400])
            ) { request, _ in
                let p = request.uri.queryParameters
                let datum = try coordinateSystem(p.get("coord"))
                let point = GeoPoint(
                    longitude: try number(p.get("lng"), field: "lng", in: -180...180, required: true) ?? 0,
                    latitude: try number(p.get("lat"), field: "lat", in: -90...90, required: true) ?? 0)
                let radius = try number(p.get("radius_km"), field: "radius_km", in: 0.001...maxRadiusKm) ?? 5
                let limit = try whole(p.get("limit"), field: "limit", in: 1...maxNearest) ?? 10
                let query = NearestQuery(
                    point: point, datum: datum, radiusMetres: radius * 1000, limit: limit, filter: try filter(p),
                    at: Clock.nowMicros())
                let found = try await store.charging.nearest(query)
                return try JSONBody.response(
                    ChargerMatchListView(
                        coord: datum.rawValue, chargers: found.map(ChargerMatchView.init), truncated: nil))
            },
            Endpoint(
                .get, "/api/v1/chargers/box", access: .public,
                doc: EndpointDoc(
                    summary: "Chargers inside a map rectangle", tag: "charging",
                    description:
                        "Public stations in service inside the rectangle (compared in the datum given), by station id, at most `limit`; `truncated` says more matched.",
                    query: [
                        QueryParameter("min_lng", ["type": "number"], "West edge (required)"),
                        QueryParameter("min_lat", ["type": "number"], "South edge (required)"),
                        QueryParameter("max_lng", ["type": "number"], "East edge (required)"),
                        QueryParameter("max_lat", ["type": "number"], "North edge (required)"),
                        QueryParameter(
                            "limit", ["type": "integer", "minimum": 1, "maximum": .number(Double(maxBox))],
                            "Default 200"),
                    ] + finderQuery,
                    response: Schema.ref("ChargerMatchList"), errors: [400])
            ) { request, _ in
                let p = request.uri.queryParameters
                let datum = try coordinateSystem(p.get("coord"))
                let southWest = GeoPoint(
                    longitude: try number(p.get("min_lng"), field: "min_lng", in: -180...180, required: true) ?? 0,
                    latitude: try number(p.get("min_lat"), field: "min_lat", in: -90...90, required: true) ?? 0)
                let northEast = GeoPoint(
                    longitude: try number(p.get("max_lng"), field: "max_lng", in: -180...180, required: true) ?? 0,
                    latitude: try number(p.get("max_lat"), field: "max_lat", in: -90...90, required: true) ?? 0)
                guard southWest.longitude <= northEast.longitude else {
                    throw APIError.badRequest("min_lng must not exceed max_lng", field: "min_lng")
                }
                guard southWest.latitude <= northEast.latitude else {
                    throw APIError.badRequest("min_lat must not exceed max_lat", field: "min_lat")
                }
                let limit = try whole(p.get("limit"), field: "limit", in: 1...maxBox) ?? 200
                let found = try await store.charging.box(
                    BoxQuery(
                        southWest: southWest, northEast: northEast, datum: datum, limit: limit + 1,
                        filter: try filter(p), at: Clock.nowMicros()))
                return try JSONBody.response(
                    ChargerMatchListView(
                        coord: datum.rawValue, chargers: found.prefix(limit).map(ChargerMatchView.init),
                        truncated: found.count > limit))
            },
            Endpoint(
                .get, "/api/v1/charging/stations", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Charging stations with chargers and live connectors", tag: "charging",
                    query: listQuery + [
                        QueryParameter("type", ["type": "integer"], "T/CEC StationType (1 public, 100-103 dedicated)"),
                        QueryParameter("status", ["type": "integer"], "T/CEC StationStatus (50 in service)"),
                    ],
                    response: Schema.ref("ChargingStationList"), errors: [400])
            ) { request, context in
                let p = request.uri.queryParameters
                let scope = try await scope(p, context, store: store, what: "charging.stations")
                let query = StationQuery(
                    scope: scope, type: try code(p.get("type"), StationType.self, field: "type"),
                    status: try code(p.get("status"), StationStatus.self, field: "status"),
                    limit: try whole(p.get("limit"), field: "limit", in: 1...maxList) ?? 100,
                    offset: try whole(p.get("offset"), field: "offset", in: 0...Int.max) ?? 0)
                let page = try await store.charging.stations(query)
                return try JSONBody.response(
                    StationListView(
                        stations: page.stations.map(StationView.init), total: page.total, limit: query.limit,
                        offset: query.offset))
            },
            Endpoint(
                .get, "/api/v1/charging/stations/{id}", access: .authenticated,
                doc: EndpointDoc(
                    summary: "One charging station", tag: "charging", response: Schema.ref("ChargingStation"),
                    errors: [404])
            ) { _, context in
                let id = try context.parameters.require("id")
                guard let station = try await store.charging.station(id: id),
                    try await visible(station, context, store: store)
                else { throw APIError.notFound("no station \(id)", field: "id") }
                return try JSONBody.response(StationView(station))
            },
            Endpoint(
                .post, "/api/v1/charging/stations/import/tcec", access: .province,
                doc: EndpointDoc(
                    summary: "Import stations from a T/CEC 102 query_stations_info result", tag: "charging",
                    description:
                        "The decrypted `Data` of query_stations_info: `{PageNo, PageCount, ItemSize, StationInfos}` or a bare StationInfos array; coordinates GCJ-02. The standard's misspellings (SevicePrice) are accepted. Any problem imports nothing and answers 400 with every problem by field path (`StationInfos[3].EquipmentInfos[0].Power`). Operators must be registered first.",
                    requestBody: ["type": "object"], response: Schema.ref("ChargingImport"),
                    errors: [400, 409, 413])
            ) { request, context in
                let body = try await VehicleRoutes.importFile(request, limit: maxImportBytes)
                let file = TCECStationInfos(json: Data(body.readableBytesView))
                return try await importStations(
                    file.stations, problems: file.problems, format: "tcec", context, store: store)
            },
            Endpoint(
                .post, "/api/v1/charging/stations/import/csv", access: .province,
                doc: EndpointDoc(
                    summary: "Import stations from CSV, one line per connector", tag: "charging",
                    description:
                        "Columns in docs/charging.md. Any problem imports nothing and answers 400 with every problem's line and column.",
                    requestBody: ["type": "string"], requestType: "text/csv", response: Schema.ref("ChargingImport"),
                    errors: [400, 409, 413])
            ) { request, context in
                let body = try await VehicleRoutes.importFile(request, limit: maxImportBytes)
                let file = ChargingCSV(parsing: Array(body.readableBytesView))
                return try await importStations(
                    file.stations, problems: file.problems, format: "csv", context, store: store)
            },
            Endpoint(
                .get, "/api/v1/charging/operators", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Charging operators in scope", tag: "charging", query: Array(listQuery.prefix(3)),
                    response: Schema.ref("ChargingOperatorList"), errors: [400])
            ) { request, context in
                let scope = try await scope(
                    request.uri.queryParameters, context, store: store, what: "charging.operators")
                return try JSONBody.response(
                    OperatorListView(operators: try await store.charging.operators(scope: scope).map(OperatorView.init))
                )
            },
            Endpoint(
                .put, "/api/v1/charging/operators/{id}", access: .province,
                doc: EndpointDoc(
                    summary: "Register or update an operator", tag: "charging",
                    description:
                        "`id` is the T/CEC OperatorID (9 characters); `enterprise` links it to an enterprise of the registry, whose users then see its stations.",
                    requestBody: Schema.ref("ChargingOperatorRequest"), response: Schema.ref("ChargingOperator"),
                    errors: [400])
            ) { request, context in
                let raw = try context.parameters.require("id")
                guard let id = OperatorID(rawValue: raw) else {
                    throw APIError.badRequest("id must be 9 digits or capital letters (组织机构代码)", field: "id")
                }
                let body = try await JSONBody.decode(OperatorRequest.self, from: request, context: context)
                guard !body.name.isEmpty, body.name.count <= ChargingStation.maxTextLength else {
                    throw APIError.badRequest("name must be 1-200 characters", field: "name")
                }
                let enterprise = try IdentityRoutes.enterprise(body.enterprise)
                if let enterprise, try await store.enterprises.find(id: enterprise) == nil {
                    throw APIError.badRequest("no enterprise \(enterprise) in the registry", field: "enterprise")
                }
                let record = ChargingOperator(id: id, name: body.name, enterpriseID: enterprise)
                try await store.charging.upsertOperators([record])
                try await audit(context, "charging.operator.put", resource: id.rawValue, store: store)
                return try JSONBody.response(OperatorView(record))
            },
            Endpoint(
                .post, "/api/v1/charging/status", access: .province,
                doc: EndpointDoc(
                    summary: "Report connectors' live status (T/CEC ConnectorStatusInfo.Status)", tag: "charging",
                    description:
                        "An array of `{connectorId, status, at}` (status 0 offline, 1 idle, 2 occupied, 3 charging, 4 reserved, 255 fault; `at` ISO 8601, default now). Every report is logged for utilisation and fault rates; unknown connectors are listed and skipped.",
                    requestBody: Schema.array(Schema.ref("ConnectorStatusUpdate")),
                    response: Schema.ref("ConnectorStatusResult"), errors: [400])
            ) { request, context in
                let body = try await JSONBody.decode([StatusUpdateBody].self, from: request, context: context)
                let now = Clock.nowMicros()
                var changes: [ConnectorStatusChange] = []
                for (index, update) in body.enumerated() {
                    guard let status = ConnectorStatus(rawValue: update.status) else {
                        throw APIError.badRequest(
                            "status must be 0, 1, 2, 3, 4 or 255", field: "[\(index)].status")
                    }
                    let at = try update.at.map { try QueryValues.instant($0, field: "[\(index)].at") } ?? now
                    changes.append(ConnectorStatusChange(connectorID: update.connectorId, status: status, at: at))
                }
                let unknown = try await store.charging.updateConnectorStatuses(changes)
                return try JSONBody.response(
                    StatusUpdateResultView(applied: changes.count - unknown.count, unknownConnectors: unknown))
            },
            Endpoint(
                .get, "/api/v1/charging/swap-stations", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Battery-swap stations in scope", tag: "charging", query: listQuery,
                    response: Schema.ref("SwapStationList"), errors: [400])
            ) { request, context in
                let p = request.uri.queryParameters
                let query = StationQuery(
                    scope: try await scope(p, context, store: store, what: "charging.swap-stations"),
                    limit: try whole(p.get("limit"), field: "limit", in: 1...maxList) ?? 100,
                    offset: try whole(p.get("offset"), field: "offset", in: 0...Int.max) ?? 0)
                return try JSONBody.response(
                    SwapStationListView(
                        stations: try await store.charging.swapStations(query).map(SwapStationView.init)))
            },
            Endpoint(
                .post, "/api/v1/charging/swap-stations", access: .province,
                doc: EndpointDoc(
                    summary: "Register or update battery-swap stations (all or none)", tag: "charging",
                    requestBody: Schema.array(Schema.ref("SwapStationRequest")),
                    response: Schema.ref("SwapStationList"), errors: [400])
            ) { request, context in
                let body = try await JSONBody.decode([SwapStationBody].self, from: request, context: context)
                let stations = try body.enumerated().map { index, s in
                    let (operatorID, city, location) = try place(
                        index, operatorID: s.operatorId, city: s.city, lng: s.lng, lat: s.lat, coord: s.coord)
                    guard s.bays >= 0, s.batteries >= 0 else {
                        throw APIError.badRequest("must not be negative", field: "[\(index)].bays")
                    }
                    return SwapStation(
                        id: try stationID(s.id, index), operatorID: operatorID, name: s.name, address: s.address ?? "",
                        city: city, location: location, status: try status(s.status, index), bays: s.bays,
                        batteries: s.batteries)
                }
                try await store.charging.upsertSwapStations(stations)
                try await audit(context, "charging.swap.import", resource: "swap-stations", store: store)
                return try JSONBody.response(SwapStationListView(stations: stations.map(SwapStationView.init)))
            },
            Endpoint(
                .get, "/api/v1/charging/hydrogen-stations", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Hydrogen refuelling stations in scope", tag: "charging", query: listQuery,
                    response: Schema.ref("HydrogenStationList"), errors: [400])
            ) { request, context in
                let p = request.uri.queryParameters
                let query = StationQuery(
                    scope: try await scope(p, context, store: store, what: "charging.hydrogen-stations"),
                    limit: try whole(p.get("limit"), field: "limit", in: 1...maxList) ?? 100,
                    offset: try whole(p.get("offset"), field: "offset", in: 0...Int.max) ?? 0)
                return try JSONBody.response(
                    HydrogenStationListView(
                        stations: try await store.charging.hydrogenStations(query).map(HydrogenStationView.init)))
            },
            Endpoint(
                .post, "/api/v1/charging/hydrogen-stations", access: .province,
                doc: EndpointDoc(
                    summary: "Register or update hydrogen refuelling stations (all or none)", tag: "charging",
                    requestBody: Schema.array(Schema.ref("HydrogenStationRequest")),
                    response: Schema.ref("HydrogenStationList"), errors: [400])
            ) { request, context in
                let body = try await JSONBody.decode([HydrogenStationBody].self, from: request, context: context)
                let stations = try body.enumerated().map { index, s in
                    let (operatorID, city, location) = try place(
                        index, operatorID: s.operatorId, city: s.city, lng: s.lng, lat: s.lat, coord: s.coord)
                    guard !s.pressuresMpa.isEmpty, Set(s.pressuresMpa).isSubset(of: HydrogenStation.pressures) else {
                        throw APIError.badRequest(
                            "pressures must be 35 and/or 70 MPa", field: "[\(index)].pressuresMpa")
                    }
                    guard s.dailyCapacityKg.isFinite, s.dailyCapacityKg >= 0 else {
                        throw APIError.badRequest("must be 0 or more", field: "[\(index)].dailyCapacityKg")
                    }
                    return HydrogenStation(
                        id: try stationID(s.id, index), operatorID: operatorID, name: s.name, address: s.address ?? "",
                        city: city, location: location, status: try status(s.status, index),
                        pressuresMPa: s.pressuresMpa, dailyCapacityKg: s.dailyCapacityKg)
                }
                try await store.charging.upsertHydrogenStations(stations)
                try await audit(context, "charging.hydrogen.import", resource: "hydrogen-stations", store: store)
                return try JSONBody.response(
                    HydrogenStationListView(stations: stations.map(HydrogenStationView.init)))
            },
            Endpoint(
                .get, "/api/v1/charging/stats", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Charging statistics in scope", tag: "charging",
                    description:
                        "Counts now (stations by city, type and operator; chargers, public chargers, connectors by city and live status; swap and hydrogen stations) and over `[from, to)` (default the last 24 h): utilisation = charging time / time not offline or faulted, fault rate = fault time / time with a known status, from the status log; energy of sessions that ended in the period.",
                    query: Array(listQuery.prefix(3)) + [
                        QueryParameter("from", Schema.dateTime, "Period start, ISO 8601"),
                        QueryParameter("to", Schema.dateTime, "Period end, ISO 8601"),
                    ],
                    response: Schema.ref("ChargingStats"), errors: [400])
            ) { request, context in
                let p = request.uri.queryParameters
                let scope = try await scope(p, context, store: store, what: "charging.stats")
                let now = Clock.nowMicros()
                let to = try p.get("to").map { try QueryValues.instant($0, field: "to") } ?? now
                let from = try p.get("from").map { try QueryValues.instant($0, field: "from") } ?? to - 86_400_000_000
                guard from < to else { throw APIError.badRequest("from must be before to", field: "from") }
                let stats = try await store.charging.statistics(scope: scope, from: from, to: to)
                return try JSONBody.response(ChargingStatsView(stats, from: from, to: to))
            },
        ]
    }

    // MARK: Helpers

    static func importStations(
        _ stations: [ChargingStation], problems: [ChargingProblem], format: String, _ context: APIRequestContext,
        store: any PlatformStore
    ) async throws -> Response {
        var problems = problems
        if problems.isEmpty {
            let known = Set(try await store.charging.operators(scope: ChargingScope()).map(\.id))
            for (index, station) in stations.enumerated() where !known.contains(station.operatorID) {
                problems.append(
                    ChargingProblem(
                        path: format == "csv" ? "operator_id" : "StationInfos[\(index)].OperatorID",
                        message: "no operator \(station.operatorID) in the registry; register it first"))
            }
        }
        guard problems.isEmpty else { throw invalid(problems) }
        try await store.charging.importStations(stations)
        try await audit(
            context, "charging.stations.import", resource: "charging-stations", store: store,
            detail: "format=\(format) stations=\(stations.count)")
        return try JSONBody.response(
            ImportResultView(
                imported: stations.count, connectors: stations.reduce(0) { $0 + $1.connectors.count },
                operatorsAdded: []))
    }

    /// The 400 of an import with problems: every problem (the first 100), nothing imported.
    static func invalid(_ problems: [ChargingProblem]) -> APIError {
        let first = problems[0]
        var error = APIError(
            .badRequest, code: "invalid",
            message:
                "\(problems.count) problem\(problems.count == 1 ? "" : "s"); nothing was imported. First: \(first)",
            field: first.path)
        error.rows = problems.prefix(100).map { problem in
            APIError.RowProblem(
                row: problem.row ?? stationNumber(problem.path), column: problem.path, message: problem.message)
        }
        return error
    }

    /// 1-based station number of a `StationInfos[i]...` path (1 for anything else).
    static func stationNumber(_ path: String) -> Int {
        guard path.hasPrefix("StationInfos["), let close = path.firstIndex(of: "]"),
            let index = Int(path[path.index(path.startIndex, offsetBy: 13)..<close])
        else { return 1 }
        return index + 1
    }

    /// The caller's scope: filters given (city, enterprise, operator_id) narrowed to what the caller may see.
    static func scope(_ p: Parameters, _ context: APIRequestContext, store: any PlatformStore, what: String)
        async throws -> ChargingScope
    {
        var city = try IdentityRoutes.city(p.get("city"))
        var enterprise = try IdentityRoutes.enterprise(p.get("enterprise"))
        try await Scope.narrow(city: &city, enterprise: &enterprise, of: what, context, store: store)
        return ChargingScope(city: city, enterprise: enterprise, operatorID: try operatorID(p.get("operator_id")))
    }

    static func visible(_ station: ChargingStation, _ context: APIRequestContext, store: any PlatformStore)
        async throws -> Bool
    {
        let principal = context.principal
        guard principal.role == .enterprise else { return principal.canSee(enterprise: nil, city: station.city) }
        let owner = try await store.charging.operators(scope: ChargingScope(operatorID: station.operatorID)).first
        return principal.canSee(enterprise: owner?.enterpriseID, city: station.city)
    }

    static func audit(
        _ context: APIRequestContext, _ action: String, resource: String, store: any PlatformStore,
        detail: String? = nil
    ) async throws {
        try await store.audit.append(
            AuditEntry(
                at: Clock.nowMicros(), actor: context.principal.actor, role: context.principal.role, action: action,
                resource: resource, outcome: "ok", detail: detail ?? ""))
    }

    static func filter(_ p: Parameters) throws(APIError) -> ChargerFilter {
        ChargerFilter(
            availableNow: try flag(p.get("available"), field: "available"), dcOnly: try flag(p.get("dc"), field: "dc"),
            minPowerKW: try number(p.get("min_kw"), field: "min_kw", in: 0...2000),
            connectorType: try code(p.get("connector_type"), ConnectorType.self, field: "connector_type"),
            operatorID: try operatorID(p.get("operator_id")),
            freeParking: try flag(p.get("free_parking"), field: "free_parking"))
    }

    static func coordinateSystem(_ text: String?) throws(APIError) -> CoordinateSystem {
        guard let text else { return .wgs84 }
        guard let datum = CoordinateSystem(rawValue: text.lowercased()) else {
            throw APIError.badRequest("coord must be wgs84 or gcj02", field: "coord")
        }
        return datum
    }

    static func number(_ text: String?, field: String, in range: ClosedRange<Double>, required: Bool = false)
        throws(APIError) -> Double?
    {
        guard let text else {
            if required { throw APIError.badRequest("\(field) is required", field: field) }
            return nil
        }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw APIError.badRequest(
                "\(field) must be a number from \(range.lowerBound.formatted()) to \(range.upperBound.formatted())",
                field: field)
        }
        return value
    }

    static func whole(_ text: String?, field: String, in range: ClosedRange<Int>) throws(APIError) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), range.contains(value) else {
            let upper = range.upperBound == Int.max ? "" : " to \(range.upperBound)"
            throw APIError.badRequest("\(field) must be a whole number from \(range.lowerBound)\(upper)", field: field)
        }
        return value
    }

    static func flag(_ text: String?, field: String) throws(APIError) -> Bool {
        switch text?.lowercased() {
        case nil, "false", "0": return false
        case "true", "1": return true
        default: throw APIError.badRequest("\(field) must be true or false", field: field)
        }
    }

    static func code<Code: RawRepresentable & CaseIterable>(_ text: String?, _ type: Code.Type, field: String)
        throws(APIError) -> Code? where Code.RawValue == Int
    {
        guard let text else { return nil }
        guard let code = Int(text).flatMap(Code.init(rawValue:)) else {
            let allowed = Code.allCases.map { "\($0.rawValue)" }.joined(separator: ", ")
            throw APIError.badRequest("\(field) must be one of \(allowed)", field: field)
        }
        return code
    }

    static func operatorID(_ text: String?, field: String = "operator_id") throws(APIError) -> OperatorID? {
        guard let text else { return nil }
        guard let id = OperatorID(rawValue: text) else {
            throw APIError.badRequest("\(field) must be 9 digits or capital letters", field: field)
        }
        return id
    }

    static func stationID(_ text: String, _ index: Int) throws(APIError) -> String {
        guard !text.isEmpty, text.count <= ChargingStation.maxIDLength, !text.contains(where: \.isWhitespace) else {
            throw APIError.badRequest("id must be 1-50 characters without spaces", field: "[\(index)].id")
        }
        return text
    }

    static func status(_ raw: Int, _ index: Int) throws(APIError) -> StationStatus {
        guard let status = StationStatus(rawValue: raw) else {
            throw APIError.badRequest("status must be 0, 1, 5, 6 or 50", field: "[\(index)].status")
        }
        return status
    }

    /// Operator, city and location of a swap or hydrogen station body.
    static func place(_ index: Int, operatorID text: String?, city: String, lng: Double, lat: Double, coord: String?)
        throws(APIError) -> (OperatorID?, City, GeoLocation)
    {
        let operatorID = try operatorID(text, field: "[\(index)].operatorId")
        let city = try IdentityRoutes.city(city, field: "[\(index)].city")
        let datum = try coordinateSystem(coord)
        let point = GeoPoint(longitude: lng, latitude: lat)
        guard point.isValid, point.isInsideChina else {
            throw APIError.badRequest("the station must lie in China", field: "[\(index)].lng")
        }
        // `city` is nil only when the text was nil, which the body's type rules out.
        return (operatorID, city ?? .hangzhou, GeoLocation(point, in: datum))
    }
}
