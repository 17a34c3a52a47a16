import Foundation
import Hummingbird
import Identity
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
                    description: "Province: all. City: those registered in its city. Enterprise: itself.",
                    query: [QueryParameter("city", APISchemas.city, "Only this city (province callers)")],
                    response: Schema.array(Schema.ref("Enterprise")))
            ) { request, context in
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
                return try JSONBody.response(records.map(EnterpriseView.init))
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
