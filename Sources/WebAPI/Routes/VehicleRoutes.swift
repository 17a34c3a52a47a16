import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Store

/// The vehicle registry, scoped: a city sees the vehicles registered in it, an enterprise its own;
/// the province and enterprises (for their own vehicles) write it, one by one or by CSV import.
enum VehicleRoutes {
    /// The largest CSV import accepted: about 200,000 vehicles.
    static let maxImportBytes = 16 << 20

    static func endpoints(_ services: PlatformServices) -> [Endpoint] {
        let store = services.store
        return [
            Endpoint(
                .get, "/api/v1/vehicles", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Vehicles the caller may see, in VIN order", tag: "registry",
                    description:
                        "Province: all. City: those registered in its city. Enterprise: its own. A filter naming another city or enterprise than the caller's own is refused (403) and audited.",
                    query: [
                        QueryParameter("enterprise", Schema.string, "Only this enterprise's vehicles"),
                        QueryParameter("city", APISchemas.city, "Only vehicles registered in this city"),
                        QueryParameter("usage", APISchemas.usage, "Only this usage"),
                        QueryParameter("fuel_type", APISchemas.fuelType, "Only this fuel type"),
                        QueryParameter("online", Schema.boolean, "Only vehicles online (true) or offline (false) now"),
                        QueryParameter(
                            "charging", Schema.boolean,
                            "Only vehicles charging now (true: online, charge state 1 or 2) or not (false)"),
                        QueryParameter(
                            "alarm_level", ["type": "integer", "minimum": 0, "maximum": 4],
                            "Only vehicles online whose newest report has a general alarm level of at least this"),
                        QueryParameter(
                            "limit",
                            ["type": "integer", "minimum": 1, "maximum": .number(Double(VehicleQuery.maxLimit))],
                            "At most this many (default 100)"),
                        QueryParameter("offset", ["type": "integer", "minimum": 0], "Skip this many matches"),
                        QueryParameter(
                            "cursor", APISchemas.vin, "Start after this VIN: the nextCursor of the last page"),
                    ], response: Schema.ref("VehiclePage"))
            ) { request, context in
                var query = try listQuery(request.uri.queryParameters)
                try await Scope.narrow(
                    city: &query.city, enterprise: &query.enterprise, of: "vehicles", context, store: store)
                let page = try await store.vehicles.list(query)
                return try JSONBody.response(
                    VehiclePageView(
                        vehicles: page.records.map(VehicleView.init), total: page.total, limit: query.limit,
                        offset: query.offset, nextCursor: page.nextAfter?.rawValue))
            },
            Endpoint(
                .get, "/api/v1/vehicles/{vin}", access: .authenticated,
                doc: EndpointDoc(
                    summary: "One vehicle, if the caller may see it", tag: "registry",
                    response: Schema.ref("Vehicle"), errors: [400, 404])
            ) { _, context in
                let vin = try pathVIN(context)
                guard let record = try await store.vehicles.find(vin: vin) else {
                    throw APIError.notFound("no vehicle with VIN \(vin)", field: "vin")
                }
                try await Scope.require(
                    context, canSee: record.enterprise, in: record.city, resource: "vehicle:\(vin)", store: store)
                return try JSONBody.response(VehicleView(record))
            },
            Endpoint(
                .put, "/api/v1/vehicles/{vin}", access: .roles([.province, .enterprise]),
                doc: EndpointDoc(
                    summary: "Register a vehicle or update its registration", tag: "registry",
                    description:
                        "Province: any vehicle. Enterprise: its own vehicles only; it can neither register a vehicle to another enterprise nor take over another's.",
                    requestBody: Schema.ref("VehicleInput"), response: Schema.ref("Vehicle"), errors: [409])
            ) { request, context in
                let vin = try pathVIN(context)
                let input = try await JSONBody.decode(VehicleInput.self, from: request, context: context)
                var record = try vehicle(vin, from: input)
                let principal = context.principal
                let existing = try await store.vehicles.find(vin: vin)
                if principal.role == .enterprise {
                    let own = principal.enterpriseID
                    if record.enterprise != own {
                        try await Scope.refuse(
                            context, resource: "vehicle:\(vin)",
                            message: "you may register vehicles only for your own enterprise", store: store)
                    }
                    if let existing, existing.enterprise != own {
                        try await Scope.refuse(
                            context, resource: "vehicle:\(vin)",
                            message: "vehicle \(vin) is registered to another enterprise", store: store)
                    }
                }
                guard try await store.enterprises.find(id: record.enterprise) != nil else {
                    throw APIError.badRequest(
                        "no enterprise \(record.enterprise) in the registry; register it first", field: "enterprise")
                }
                record.createdAt = existing?.createdAt ?? record.createdAt
                try await store.vehicles.upsert([record])
                try await store.audit.append(
                    AuditEntry(
                        at: Clock.nowMicros(), actor: principal.actor, role: principal.role,
                        action: existing == nil ? "vehicle.create" : "vehicle.update", resource: vin.rawValue,
                        outcome: "ok",
                        detail: "enterprise=\(record.enterprise) city=\(record.city.slug)"))
                return try JSONBody.response(VehicleView(record))
            },
            Endpoint(
                .post, "/api/v1/vehicles/import", access: .roles([.province, .enterprise]),
                doc: EndpointDoc(
                    summary: "Register or update many vehicles from a CSV file: all rows or none", tag: "registry",
                    description:
                        "Any problem (a malformed value, a VIN twice, an unknown enterprise) imports nothing and answers 422 with every problem's row and column (the first 100). A VIN whose check digit is wrong is imported with a warning. Enterprise callers may import only their own vehicles.",
                    requestBody: Schema.ref("VehicleCSV"), requestType: "text/csv",
                    response: Schema.ref("VehicleImport"), errors: [409, 413, 422])
            ) { request, context in
                let body = try await importFile(request)
                var csv = VehicleCSV(parsing: Array(body.readableBytesView), createdAt: Clock.nowMicros())
                let principal = context.principal
                if principal.role == .enterprise, csv.isValid {
                    try await requireOwnVehicles(csv, context: context, store: store)
                }
                var unknown: Set<EnterpriseID> = []
                for enterprise in Set(csv.rows.map(\.record.enterprise)) {
                    if try await store.enterprises.find(id: enterprise) == nil { unknown.insert(enterprise) }
                }
                for row in csv.rows where unknown.contains(row.record.enterprise) {
                    csv.reject(
                        VehicleCSV.Problem(
                            row: row.line, column: VehicleCSV.Column.enterprise.rawValue,
                            message: "no enterprise \(row.record.enterprise) in the registry; register it first"))
                }
                guard csv.isValid else { throw invalid(csv) }
                try await store.vehicles.upsert(csv.records)
                try await store.audit.append(
                    AuditEntry(
                        at: Clock.nowMicros(), actor: principal.actor, role: principal.role, action: "vehicle.import",
                        resource: "vehicles", outcome: "ok", detail: "imported=\(csv.rows.count)"))
                return try JSONBody.response(
                    VehicleImportView(
                        imported: csv.rows.count,
                        warnings: csv.warnings.map { .init(row: $0.row, column: $0.column, message: $0.message) },
                        warningCount: csv.warningCount))
            },
        ]
    }

    // MARK: Request values

    static func listQuery(_ parameters: Parameters) throws(APIError) -> VehicleQuery {
        var query = VehicleQuery()
        query.enterprise = try IdentityRoutes.enterprise(parameters.get("enterprise"))
        query.city = try IdentityRoutes.city(parameters.get("city"))
        if let text = parameters.get("usage") {
            guard let usage = VehicleUsage(identifier: text) else {
                throw APIError.badRequest("unknown usage \(text); use one of \(VehicleUsage.names)", field: "usage")
            }
            query.usage = usage
        }
        if let text = parameters.get("fuel_type") {
            guard let fuelType = FuelType(identifier: text) else {
                throw APIError.badRequest(
                    "unknown fuel type \(text); use one of \(FuelType.names)", field: "fuel_type")
            }
            query.fuelType = fuelType
        }
        query.online = try boolean(parameters.get("online"), field: "online")
        query.charging = try boolean(parameters.get("charging"), field: "charging")
        if let text = parameters.get("alarm_level") {
            guard let level = Int(text), (0...4).contains(level) else {
                throw APIError.badRequest("alarm_level must be 0-4", field: "alarm_level")
            }
            query.minAlarmLevel = level
        }
        if let text = parameters.get("limit") {
            guard let limit = Int(text), (1...VehicleQuery.maxLimit).contains(limit) else {
                throw APIError.badRequest("limit must be 1-\(VehicleQuery.maxLimit)", field: "limit")
            }
            query.limit = limit
        }
        if let text = parameters.get("offset") {
            guard let offset = Int(text), offset >= 0 else {
                throw APIError.badRequest("offset must be a whole number, 0 or more", field: "offset")
            }
            query.offset = offset
        }
        if let text = parameters.get("cursor") {
            do {
                query.after = try VIN(parsing: text)
            } catch {
                throw APIError.badRequest("cursor must be the nextCursor of a page (a VIN): \(error)", field: "cursor")
            }
        }
        return query
    }

    static func boolean(_ text: String?, field: String) throws(APIError) -> Bool? {
        switch text {
        case nil: return nil
        case "true": return true
        case "false": return false
        default: throw APIError.badRequest("\(field) must be true or false", field: field)
        }
    }

    static func pathVIN(_ context: APIRequestContext) throws -> VIN {
        let text = try context.parameters.require("vin")
        do {
            return try VIN(parsing: text)
        } catch {
            throw APIError.badRequest("\(text) is not a VIN: \(error)", field: "vin")
        }
    }

    /// The record `input` describes, each value checked with an error naming its field.
    static func vehicle(_ vin: VIN, from input: VehicleInput) throws(APIError) -> VehicleRecord {
        guard let enterprise = EnterpriseID(rawValue: input.enterprise) else {
            throw APIError.badRequest(
                "enterprise must be an enterprise id (at most 64 characters, no spaces or /)", field: "enterprise")
        }
        let model = input.model.trimmingCharacters(in: .whitespaces)
        guard !model.isEmpty, model.count <= VehicleCSV.maxModelLength else {
            throw APIError.badRequest("model must be 1-\(VehicleCSV.maxModelLength) characters", field: "model")
        }
        guard let fuelType = FuelType(identifier: input.fuelType) else {
            throw APIError.badRequest("fuelType must be one of \(FuelType.names)", field: "fuelType")
        }
        guard let usage = VehicleUsage(identifier: input.usage) else {
            throw APIError.badRequest("usage must be one of \(VehicleUsage.names)", field: "usage")
        }
        guard let city = VehicleCSV.city(input.city) else {
            throw APIError.badRequest(
                "unknown city \(input.city); use one of \(City.allCases.map(\.slug).joined(separator: ", "))",
                field: "city")
        }
        let plate = input.plate.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        if let plate, plate.count > VehicleCSV.maxPlateLength {
            throw APIError.badRequest("plate must be at most \(VehicleCSV.maxPlateLength) characters", field: "plate")
        }
        var registeredAt: Int64?
        if let text = input.registeredAt {
            guard let time = VehicleCSV.registrationTime(text) else {
                throw APIError.badRequest(
                    "registeredAt must be a date (2024-03-01) or an ISO 8601 instant", field: "registeredAt")
            }
            registeredAt = time
        }
        return VehicleRecord(
            vin: vin, enterprise: enterprise, model: model, fuelType: fuelType, usage: usage, city: city,
            plate: plate, registeredAt: registeredAt, createdAt: Clock.nowMicros())
    }

    // MARK: Import

    /// Refuses (403, audited) an enterprise's import that names another enterprise or would take
    /// over a vehicle registered to another enterprise.
    static func requireOwnVehicles(_ csv: VehicleCSV, context: APIRequestContext, store: any PlatformStore)
        async throws
    {
        let own = context.principal.enterpriseID
        let foreign = csv.rows.filter { $0.record.enterprise != own }
        if let first = foreign.first {
            try await Scope.refuse(
                context, resource: "vehicles:import enterprise=\(first.record.enterprise)",
                message:
                    "row \(first.line)\(foreign.count > 1 ? " and \(foreign.count - 1) more" : ""): enterprise \(first.record.enterprise); you may import only your own enterprise's vehicles",
                store: store)
        }
        let owners = try await store.vehicles.owners(vins: csv.rows.map(\.record.vin.rawValue))
        let takenOver = csv.rows.filter { owners[$0.record.vin.rawValue].map { $0 != own } ?? false }
        if let first = takenOver.first {
            try await Scope.refuse(
                context, resource: "vehicle:\(first.record.vin)",
                message:
                    "row \(first.line)\(takenOver.count > 1 ? " and \(takenOver.count - 1) more" : ""): vehicle \(first.record.vin) is registered to another enterprise",
                store: store)
        }
    }

    /// The body of an import file, at most `limit` bytes; 413 past that. The vehicle, monthly statistics, supply
    /// relation, enterprise and charging-station imports share it.
    static func importFile(_ request: Request, limit: Int = maxImportBytes) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch {
            throw APIError(
                .contentTooLarge, code: "too_large",
                message: "the file is larger than \(limit >> 20) MiB; split it into several imports")
        }
    }

    static func invalid(_ csv: VehicleCSV) -> APIError {
        invalid(csv.problems, count: csv.problemCount)
    }

    /// The 422 of an import file's problems (the vehicle, statistics and enterprise imports share the type).
    static func invalid(_ problems: [VehicleCSV.Problem], count: Int) -> APIError {
        .invalidCSV(problems.map { .init(row: $0.row, column: $0.column, message: $0.message) }, count: count)
    }
}
