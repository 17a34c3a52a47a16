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
