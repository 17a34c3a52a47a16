import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Store

/// Record-level scope checks shared by every area's routes.
enum Scope {
    /// Throws 403, and writes a `denied` audit entry, when the caller may not see the record.
    static func require(
        _ context: APIRequestContext, canSee enterprise: EnterpriseID?, in city: City?, resource: String,
        store: any PlatformStore
    ) async throws {
        guard !context.principal.canSee(enterprise: enterprise, city: city) else { return }
        try await refuse(context, resource: resource, store: store)
    }

    /// The caller's scope applied to a listing's city and enterprise filters: a city user's listing is narrowed
    /// to its city and an enterprise's to its own; a filter naming another city or enterprise is refused (403)
    /// and audited as `<what>?city=...` or `<what>?enterprise=...`. The province's filters stand as given.
    static func narrow(
        city: inout City?, enterprise: inout EnterpriseID?, of what: String, _ context: APIRequestContext,
        store: any PlatformStore
    ) async throws {
        let principal = context.principal
        switch principal.role {
        case .province:
            break
        case .city:
            if let requested = city, requested != principal.city {
                try await refuse(context, resource: "\(what)?city=\(requested.slug)", store: store)
            }
            city = principal.city
        case .enterprise:
            if let requested = enterprise, requested != principal.enterpriseID {
                try await refuse(context, resource: "\(what)?enterprise=\(requested)", store: store)
            }
            enterprise = principal.enterpriseID
        case .public:
            throw APIError.unauthenticated("this endpoint needs a bearer token")
        }
    }

    /// Writes a `scope.denied` audit entry for `resource` and throws 403: for requests the caller's
    /// role allows but whose target (a filter, a record to write) lies outside the caller's scope.
    ///
    /// - Parameter message: what to tell the caller; by default, that `resource` is outside their scope.
    static func refuse(
        _ context: APIRequestContext, resource: String, message: String? = nil, store: any PlatformStore
    ) async throws -> Never {
        try await store.audit.append(
            AuditEntry(
                at: Clock.nowMicros(), actor: context.principal.actor, role: context.principal.role,
                action: "scope.denied",
                resource: resource, outcome: "denied"))
        throw APIError.forbidden(message ?? "\(resource) is outside your scope")
    }
}
