import Foundation
import Hummingbird
import Identity
import Industry
import Logging
import Model
import NIOCore
import Store

/// The enterprise registry, scoped: a city sees its own city's enterprises, an enterprise itself.
enum EnterpriseRoutes {
    static func endpoints(_ services: PlatformServices) -> [Endpoint] {
        let store = services.store
        return [
            Endpoint(
                .get, "/api/v1/enterprises", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Enterprises the caller may see", tag: "registry",
                    description:
                        "Province: all. City: those registered in its city. Enterprise: itself. `format=csv` (or Accept: text/csv) gives the registry with each enterprise's chain profile as the CSV that `POST /api/v1/enterprises/import` takes back.",
                    query: [
                        QueryParameter("city", APISchemas.city, "Only this city (province callers)"),
                        QueryParameter("format", Schema.enumeration(["json", "csv"]), "Default json"),
                    ],
                    response: Schema.array(Schema.ref("Enterprise")), errors: [400])
            ) { request, context in
                let format = request.uri.queryParameters.get("format")
                guard format == nil || format == "json" || format == "csv" else {
                    throw APIError.badRequest("format must be json or csv", field: "format")
                }
                let principal = context.principal
                let requested = try IdentityRoutes.city(request.uri.queryParameters.get("city"))
                let records: [EnterpriseRecord]
                switch principal.role {
                case .province:
                    records = try await store.enterprises.list(city: requested)
                case .city:
                    records = try await store.enterprises.list(city: principal.city).filter {
                        requested == nil || $0.city == requested
                    }
                case .enterprise:
                    records =
                        try await principal.enterpriseID.asyncMap { try await store.enterprises.find(id: $0) }.flatMap {
                            $0
                        }.map { [$0] } ?? []
                case .public:
                    records = []
                }
                if format == "csv" || (format == nil && request.headers[.accept]?.contains("text/csv") == true) {
                    let profiles = Dictionary(
                        uniqueKeysWithValues: try await store.industry.profiles().map { ($0.enterprise, $0) })
                    return Response(
                        status: .ok,
                        headers: [
                            .contentType: "text/csv; charset=utf-8",
                            .contentDisposition: "attachment; filename=\"enterprises.csv\"",
                        ],
                        body: .init(byteBuffer: ByteBuffer(string: EnterpriseCSV.write(records, profiles: profiles))))
                }
                return try JSONBody.response(records.map(EnterpriseView.init))
            },
            Endpoint(
                .post, "/api/v1/enterprises/import", access: .province,
                doc: EndpointDoc(
                    summary: "Register or update enterprises, with their chain profiles, from CSV: all rows or none",
                    tag: "registry",
                    description:
                        "Header `\(EnterpriseCSV.headerExample)`, columns in any order. `city` is the slug, the GB/T 2260 code or the Chinese name; `segments` and `titles` are lists separated by `;` (`little_giant:2023;future_factory:2024`); `credit_code` is checked per GB 32100. A file with profile columns states each row's whole profile (all empty: none); without them profiles are left alone. Any problem (a bad value, an enterprise or credit code twice, a credit code the registry gives another enterprise) imports nothing and answers 422 with every problem's row and column.",
                    requestBody: ["type": "string"], requestType: "text/csv", response: Schema.ref("EnterpriseImport"),
                    errors: [413, 422])
            ) { request, context in
                let body = try await VehicleRoutes.importFile(request)
                let now = Clock.nowMicros()
                var csv = EnterpriseCSV(parsing: Array(body.readableBytesView), createdAt: now)
                guard let outcome = try await csv.importValid(into: store, at: now) else {
                    throw VehicleRoutes.invalid(csv.problems, count: csv.problemCount)
                }
                try await store.audit.append(
                    AuditEntry(
                        at: now, actor: context.principal.actor, role: context.principal.role,
                        action: "enterprise.import", resource: "enterprises", outcome: "ok",
                        detail: "created=\(outcome.created) updated=\(outcome.updated) profiles=\(outcome.profiles)"))
                return try JSONBody.response(
                    ["created": outcome.created, "updated": outcome.updated, "profiles": outcome.profiles])
            },
            Endpoint(
                .get, "/api/v1/enterprises/{id}", access: .authenticated,
                doc: EndpointDoc(
                    summary: "One enterprise, if the caller may see it", tag: "registry",
                    response: Schema.ref("Enterprise"), errors: [404])
            ) { _, context in
                let id = try IdentityRoutes.enterprise(try context.parameters.require("id"), field: "id")
                guard let id, let record = try await store.enterprises.find(id: id) else {
                    throw APIError.notFound("no enterprise with that id", field: "id")
                }
                try await Scope.require(
                    context, canSee: record.id, in: record.city, resource: "enterprise:\(record.id)", store: store)
                return try JSONBody.response(EnterpriseView(record))
            },
            Endpoint(
                .put, "/api/v1/enterprises/{id}", access: .province,
                doc: EndpointDoc(
                    summary: "Create or update an enterprise", tag: "registry",
                    requestBody: Schema.ref("EnterpriseInput"),
                    response: Schema.ref("Enterprise"))
            ) { request, context in
                guard let id = try IdentityRoutes.enterprise(try context.parameters.require("id"), field: "id") else {
                    throw APIError.badRequest("enterprise id required", field: "id")
                }
                let input = try await JSONBody.decode(EnterpriseInput.self, from: request, context: context)
                guard !input.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw APIError.badRequest("name must not be empty", field: "name")
                }
                guard let city = try IdentityRoutes.city(input.city) else {
                    throw APIError.badRequest("city required", field: "city")
                }
                let existing = try await store.enterprises.find(id: id)
                let record = EnterpriseRecord(
                    id: id, name: input.name, city: city, createdAt: existing?.createdAt ?? Clock.nowMicros())
                try await store.enterprises.upsert(record)
                try await store.audit.append(
                    AuditEntry(
                        at: Clock.nowMicros(), actor: context.principal.actor, role: context.principal.role,
                        action: existing == nil ? "enterprise.create" : "enterprise.update", resource: id.rawValue,
                        outcome: "ok",
                        detail: "city=\(city.slug)"))
                return try JSONBody.response(EnterpriseView(record))
            },
        ]
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
