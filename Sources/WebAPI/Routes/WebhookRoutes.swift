import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Store
import Webhooks

/// Webhooks for safety events: register a URL (the secret that signs requests is shown once), list and remove
/// them, see their deliveries (`status=dead` is the dead-letter list) and send a dead delivery again.
///
/// A webhook is scoped to its creator: a city user's receives the events of vehicles registered in that city, an
/// enterprise user's those of its own vehicles, the province's all (optionally narrowed). Only the creator's scope
/// sees and manages it.
enum WebhookRoutes {
    static let kinds = ["alarm", "warning", "critical_event"]

    struct CreateRequest: Codable {
        let url: String
        let kinds: [String]?
        let city: String?
        let enterprise: String?
    }

    struct WebhookView: Codable {
        let id: String
        let url: String
        let kinds: [String]
        let city: String?
        let enterprise: String?
        let createdAt: String
        let createdBy: String
        /// Only in the response that created it.
        let secret: String?

        init(_ r: WebhookRecord, showSecret: Bool = false) {
            id = r.id
            url = r.url
            kinds = r.kinds
            city = r.city?.slug
            enterprise = r.enterprise?.rawValue
            createdAt = Clock.iso8601(micros: r.createdAt)
            createdBy = r.createdBy
            secret = showSecret ? r.secret : nil
        }
    }

    struct DeliveryView: Codable {
        let id: String
        let webhookId: String
        let event: String
        let status: String
        let attempts: Int
        let nextAttemptAt: String?
        let lastError: String?
        let createdAt: String
        let deliveredAt: String?
        let payload: String

        init(_ d: WebhookDelivery) {
            id = d.id
            webhookId = d.webhookID
            event = d.event
            status = d.status
            attempts = d.attempts
            nextAttemptAt = d.status == "pending" ? Clock.iso8601(micros: d.nextAttemptAt) : nil
            lastError = d.lastError
            createdAt = Clock.iso8601(micros: d.createdAt)
            deliveredAt = d.deliveredAt.map { Clock.iso8601(micros: $0) }
            payload = d.payload
        }
    }

    struct WebhookListView: Codable { let webhooks: [WebhookView] }
    struct DeliveryListView: Codable { let deliveries: [DeliveryView] }

    static func endpoints(_ services: PlatformServices) -> [Endpoint] {
        let store = services.store
        return [
            Endpoint(
                .post, "/api/v1/webhooks", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Register a webhook for safety events", tag: "safety",
                    description:
                        "Each alarm, warning or critical-event change in the caller's scope is POSTed as JSON to `url`, signed: `X-Nevbrain-Signature: sha256=<hex HMAC-SHA256 of \"<X-Nevbrain-Timestamp>.<body>\" with the secret>`. The secret is in this response only. Failed deliveries are retried with exponential backoff (1 s doubling, 8 attempts), then kept as dead letters. `kinds` defaults to all three.",
                    requestBody: Schema.ref("WebhookRequest"), successStatus: 201, response: Schema.ref("Webhook"),
                    errors: [400])
            ) { request, context in
                let body = try await JSONBody.decode(CreateRequest.self, from: request, context: context)
                guard let url = URL(string: body.url), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                    url.host?.isEmpty == false, body.url.count <= 2000
                else { throw APIError.badRequest("url must be an http or https URL", field: "url") }
                let kinds = body.kinds ?? Self.kinds
                guard !kinds.isEmpty, kinds.allSatisfy(Self.kinds.contains) else {
                    throw APIError.badRequest(
                        "kinds must be some of \(Self.kinds.joined(separator: ", "))", field: "kinds")
                }
                var city = try IdentityRoutes.city(body.city)
                var enterprise = try IdentityRoutes.enterprise(body.enterprise)
                try await Scope.narrow(city: &city, enterprise: &enterprise, of: "webhooks", context, store: store)
                let record = WebhookRecord(
                    id: UUID().uuidString.lowercased(), url: body.url, secret: WebhookSignature.newSecret(),
                    kinds: Array(Set(kinds)).sorted(), city: city, enterprise: enterprise, createdAt: Clock.nowMicros(),
                    createdBy: context.principal.actor)
                try await store.webhooks.insert(record)
                services.webhooks?.webhooksChanged()
                try await store.audit.append(
                    AuditEntry(
                        at: record.createdAt, actor: record.createdBy, role: context.principal.role,
                        action: "webhook.create", resource: record.id, outcome: "ok", detail: record.url))
                return try JSONBody.response(WebhookView(record, showSecret: true), status: .created)
            },
            Endpoint(
                .get, "/api/v1/webhooks", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Webhooks in the caller's scope", tag: "safety", response: Schema.ref("WebhookList"))
            ) { _, context in
                let hooks = try await store.webhooks.list().filter { owned($0, by: context.principal) }
                return try JSONBody.response(WebhookListView(webhooks: hooks.map { WebhookView($0) }))
            },
            Endpoint(
                .delete, "/api/v1/webhooks/{id}", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Remove a webhook and its deliveries", tag: "safety", successStatus: 204,
                    response: ["type": "null"], errors: [404])
            ) { _, context in
                let hook = try await ownedHook(context, store: store)
                _ = try await store.webhooks.delete(id: hook.id)
                services.webhooks?.webhooksChanged()
                try await store.audit.append(
                    AuditEntry(
                        at: Clock.nowMicros(), actor: context.principal.actor, role: context.principal.role,
                        action: "webhook.delete", resource: hook.id, outcome: "ok"))
                return Response(status: .noContent)
            },
            Endpoint(
                .get, "/api/v1/webhooks/{id}/deliveries", access: .authenticated,
                doc: EndpointDoc(
                    summary: "A webhook's deliveries, newest first; status=dead is the dead-letter list", tag: "safety",
                    query: [
                        QueryParameter("status", Schema.enumeration(["pending", "delivered", "dead"]), "Only these"),
                        QueryParameter(
                            "limit", ["type": "integer", "minimum": 1, "maximum": 1000], "Default 1000"),
                    ], response: Schema.ref("WebhookDeliveryList"), errors: [400, 404])
            ) { request, context in
                let hook = try await ownedHook(context, store: store)
                let parameters = request.uri.queryParameters
                let status = parameters.get("status")
                guard status == nil || ["pending", "delivered", "dead"].contains(status!) else {
                    throw APIError.badRequest("status must be pending, delivered or dead", field: "status")
                }
                let limit = try TelemetryRoutes.limit(parameters, max: 1000)
                let deliveries = try await store.webhooks.deliveries(webhookID: hook.id, status: status, limit: limit)
                return try JSONBody.response(DeliveryListView(deliveries: deliveries.map(DeliveryView.init)))
            },
            Endpoint(
                .post, "/api/v1/webhooks/{id}/deliveries/{delivery}/retry", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Send a dead delivery again (a new round of retries)", tag: "safety",
                    response: Schema.ref("WebhookDelivery"), errors: [404, 409])
            ) { _, context in
                let hook = try await ownedHook(context, store: store)
                let id = try context.parameters.require("delivery")
                guard var delivery = try await store.webhooks.delivery(id: id), delivery.webhookID == hook.id else {
                    throw APIError.notFound("no delivery \(id) of webhook \(hook.id)", field: "delivery")
                }
                guard delivery.status == "dead" else {
                    throw APIError.conflict("only a dead delivery can be retried; this one is \(delivery.status)")
                }
                delivery.status = "pending"
                delivery.attempts = 0
                delivery.nextAttemptAt = Clock.nowMicros()
                try await store.webhooks.update(delivery)
                return try JSONBody.response(DeliveryView(delivery))
            },
        ]
    }

    /// Whether `principal` manages `hook`: the province all, a city or enterprise those scoped to it.
    static func owned(_ hook: WebhookRecord, by principal: Principal) -> Bool {
        switch principal.role {
        case .province: true
        case .city: hook.city != nil && hook.city == principal.city
        case .enterprise: hook.enterprise != nil && hook.enterprise == principal.enterpriseID
        case .public: false
        }
    }

    static func ownedHook(_ context: APIRequestContext, store: any PlatformStore) async throws -> WebhookRecord {
        let id = try context.parameters.require("id")
        guard let hook = try await store.webhooks.find(id: id), owned(hook, by: context.principal) else {
            throw APIError.notFound("no webhook \(id)", field: "id")
        }
        return hook
    }
}

extension APISchemas {
    static let webhookComponents: [(String, JSONValue)] = [
        (
            "WebhookRequest",
            Schema.object(
                [
                    ("url", ["type": "string", "format": "uri"]),
                    ("kinds", Schema.array(Schema.enumeration(WebhookRoutes.kinds))), ("city", city),
                    ("enterprise", Schema.string),
                ], required: ["url"])
        ),
        (
            "Webhook",
            Schema.object(
                [
                    ("id", Schema.string), ("url", Schema.string),
                    ("kinds", Schema.array(Schema.enumeration(WebhookRoutes.kinds))),
                    ("city", Schema.nullable("string")),
                    ("enterprise", Schema.nullable("string")), ("createdAt", Schema.dateTime),
                    ("createdBy", Schema.string), ("secret", Schema.string),
                ], required: ["id", "url", "kinds", "createdAt", "createdBy"])
        ),
        ("WebhookList", Schema.object([("webhooks", Schema.array(Schema.ref("Webhook")))], required: ["webhooks"])),
        (
            "WebhookDelivery",
            Schema.object(
                [
                    ("id", Schema.string), ("webhookId", Schema.string), ("event", Schema.string),
                    ("status", Schema.enumeration(["pending", "delivered", "dead"])), ("attempts", Schema.integer),
                    ("nextAttemptAt", nullableDateTime), ("lastError", Schema.nullable("string")),
                    ("createdAt", Schema.dateTime), ("deliveredAt", nullableDateTime), ("payload", Schema.string),
                ], required: ["id", "webhookId", "event", "status", "attempts", "createdAt", "payload"])
        ),
        (
            "WebhookDeliveryList",
            Schema.object(
                [("deliveries", Schema.array(Schema.ref("WebhookDelivery")))], required: ["deliveries"])
        ),
    ]
}
