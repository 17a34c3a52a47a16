import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Store

/// The audit log, for the provincial authority.
enum AuditRoutes {
    static func endpoints(_ services: PlatformServices) -> [Endpoint] {
        [
            Endpoint(
                .get, "/api/v1/audit", access: .province,
                doc: EndpointDoc(
                    summary: "Audit log, newest first", tag: "audit",
                    query: [
                        QueryParameter("actor", Schema.string, "Only entries by this user name or token:<id>"),
                        QueryParameter("action", Schema.string, "Only this action, e.g. user.create or scope.denied"),
                        QueryParameter("since", Schema.dateTime, "Entries at or after this instant (ISO 8601)"),
                        QueryParameter("until", Schema.dateTime, "Entries before this instant (ISO 8601)"),
                        QueryParameter(
                            "limit", ["type": "integer", "minimum": 1, "maximum": 1000],
                            "At most this many (default 100)"),
                    ], response: Schema.array(Schema.ref("AuditEntry")))
            ) { request, _ in
                let q = request.uri.queryParameters
                var query = AuditQuery(actor: q.get("actor"), action: q.get("action"))
                query.since = try q.get("since").map { try QueryValues.instant($0, field: "since") }
                query.until = try q.get("until").map { try QueryValues.instant($0, field: "until") }
                if let limit = q.get("limit") {
                    guard let n = Int(limit), (1...1000).contains(n) else {
                        throw APIError.badRequest("limit must be 1-1000", field: "limit")
                    }
                    query.limit = n
                }
                return try JSONBody.response(try await services.store.audit.query(query).map(AuditEntryView.init))
            }
        ]
    }
}
