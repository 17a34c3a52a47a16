import Model
import PostgresNIO
import Store

/// `WebhookRepository` on PostgreSQL.
struct PostgresWebhooks: WebhookRepository {
    let store: PostgresStore

    private static let hookColumns = "id, url, secret, kinds, city, enterprise_id, created_at, created_by"
    private static let deliveryColumns = """
        id, webhook_id, event, payload, status, attempts, next_attempt_at, last_error, created_at, delivered_at
        """

    private func hooks(_ query: PostgresQuery) async throws -> [WebhookRecord] {
        try await store.run("read webhooks") {
            var result: [WebhookRecord] = []
            let rows = try await store.client.query(query, logger: store.logger)
            for try await r in rows.decode((String, String, String, String, String?, String?, Int64, String).self) {
                result.append(
                    WebhookRecord(
                        id: r.0, url: r.1, secret: r.2, kinds: r.3.split(separator: ",").map(String.init),
                        city: r.4.flatMap { City(rawValue: $0) },
                        enterprise: r.5.flatMap { EnterpriseID(rawValue: $0) }, createdAt: r.6,
                        createdBy: r.7))
            }
            return result
        }
    }

    private func deliveries(_ query: PostgresQuery) async throws -> [WebhookDelivery] {
        try await store.run("read webhook deliveries") {
            var result: [WebhookDelivery] = []
            let rows = try await store.client.query(query, logger: store.logger)
            for try await r in rows.decode(
                (String, String, String, String, String, Int64, Int64, String?, Int64, Int64?).self)
            {
                result.append(
                    WebhookDelivery(
                        id: r.0, webhookID: r.1, event: r.2, payload: r.3, status: r.4, attempts: Int(r.5),
                        nextAttemptAt: r.6, lastError: r.7, createdAt: r.8, deliveredAt: r.9))
            }
            return result
        }
    }

    func insert(_ w: WebhookRecord) async throws {
        try await store.run("insert webhook") {
            try await store.client.query(
                """
                INSERT INTO webhooks (\(unescaped: Self.hookColumns))
                VALUES (\(w.id), \(w.url), \(w.secret), \(w.kinds.joined(separator: ",")), \(w.city?.code),
                    \(w.enterprise?.rawValue), \(w.createdAt), \(w.createdBy))
                """, logger: store.logger)
        }
    }

    func list() async throws -> [WebhookRecord] {
        try await hooks("SELECT \(unescaped: Self.hookColumns) FROM webhooks ORDER BY created_at, id")
    }

    func find(id: String) async throws -> WebhookRecord? {
        try await hooks("SELECT \(unescaped: Self.hookColumns) FROM webhooks WHERE id = \(id)").first
    }

    func delete(id: String) async throws -> Bool {
        let logger = store.logger
        return try await store.run("delete webhook") {
            try await store.client.withTransaction(logger: logger) { connection in
                try await connection.query("DELETE FROM webhook_deliveries WHERE webhook_id = \(id)", logger: logger)
                let rows = try await connection.query(
                    "DELETE FROM webhooks WHERE id = \(id) RETURNING id", logger: logger)
                var deleted = false
                for try await _ in rows.decode(String.self) { deleted = true }
                return deleted
            }
        }
    }

    func enqueue(_ d: [WebhookDelivery]) async throws {
        guard !d.isEmpty else { return }
        try await store.run("enqueue webhook deliveries") {
            try await store.client.query(
                """
                INSERT INTO webhook_deliveries (\(unescaped: Self.deliveryColumns))
                SELECT * FROM unnest(\(d.map(\.id))::text[], \(d.map(\.webhookID))::text[], \(d.map(\.event))::text[],
                    \(d.map(\.payload))::text[], \(d.map(\.status))::text[], \(d.map { Int64($0.attempts) })::bigint[],
                    \(d.map(\.nextAttemptAt))::bigint[], \(NullableArrayParameter(d.map(\.lastError)))::text[], \(d.map(\.createdAt))::bigint[],
                    \(NullableArrayParameter(d.map(\.deliveredAt)))::bigint[])
                """, logger: store.logger)
        }
    }

    func due(now: Int64, limit: Int) async throws -> [WebhookDelivery] {
        try await deliveries(
            """
            SELECT \(unescaped: Self.deliveryColumns) FROM webhook_deliveries
            WHERE status = 'pending' AND next_attempt_at <= \(now) ORDER BY next_attempt_at, created_at
            LIMIT \(Int64(limit))
            """)
    }

    func nextDue() async throws -> Int64? {
        try await store.run("read next webhook delivery") {
            let rows = try await store.client.query(
                "SELECT min(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending'", logger: store.logger)
            for try await at in rows.decode(Int64?.self) { return at }
            return nil
        }
    }

    func update(_ d: WebhookDelivery) async throws {
        try await store.run("update webhook delivery") {
            try await store.client.query(
                """
                UPDATE webhook_deliveries SET status = \(d.status), attempts = \(Int64(d.attempts)),
                    next_attempt_at = \(d.nextAttemptAt), last_error = \(d.lastError), delivered_at = \(d.deliveredAt)
                WHERE id = \(d.id)
                """, logger: store.logger)
        }
    }

    func deliveries(webhookID: String, status: String?, limit: Int) async throws -> [WebhookDelivery] {
        try await deliveries(
            """
            SELECT \(unescaped: Self.deliveryColumns) FROM webhook_deliveries
            WHERE webhook_id = \(webhookID) AND (\(status)::text IS NULL OR status = \(status))
            ORDER BY created_at DESC, id LIMIT \(Int64(limit))
            """)
    }

    func delivery(id: String) async throws -> WebhookDelivery? {
        try await deliveries("SELECT \(unescaped: Self.deliveryColumns) FROM webhook_deliveries WHERE id = \(id)")
            .first
    }
}
