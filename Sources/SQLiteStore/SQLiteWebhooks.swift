import Model
import Store

/// `WebhookRepository` on SQLite.
struct SQLiteWebhooks: WebhookRepository {
    let store: SQLiteStore

    private static let hookColumns = "id, url, secret, kinds, city, enterprise_id, created_at, created_by"
    private static let deliveryColumns = """
        id, webhook_id, event, payload, status, attempts, next_attempt_at, last_error, created_at, delivered_at
        """

    private static func hook(_ row: SQLiteRow) -> WebhookRecord {
        WebhookRecord(
            id: row.text(0), url: row.text(1), secret: row.text(2),
            kinds: row.text(3).split(separator: ",").map(String.init),
            city: row.textOrNil(4).flatMap { City(rawValue: $0) },
            enterprise: row.textOrNil(5).flatMap { EnterpriseID(rawValue: $0) }, createdAt: row.int64(6),
            createdBy: row.text(7))
    }

    private static func delivery(_ row: SQLiteRow) -> WebhookDelivery {
        WebhookDelivery(
            id: row.text(0), webhookID: row.text(1), event: row.text(2), payload: row.text(3), status: row.text(4),
            attempts: Int(row.int64(5)), nextAttemptAt: row.int64(6), lastError: row.textOrNil(7),
            createdAt: row.int64(8), deliveredAt: row.int64OrNil(9))
    }

    func insert(_ webhook: WebhookRecord) async throws {
        try await store.writer.transaction { db in
            try db.statement("INSERT INTO webhooks(\(Self.hookColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").run([
                .text(webhook.id), .text(webhook.url), .text(webhook.secret),
                .text(webhook.kinds.joined(separator: ",")), .optional(webhook.city.map(\.code)),
                .optional(webhook.enterprise.map(\.rawValue)), .integer(webhook.createdAt), .text(webhook.createdBy),
            ])
        }
    }

    func list() async throws -> [WebhookRecord] {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.hookColumns) FROM webhooks ORDER BY created_at, id").query([], Self.hook)
        }
    }

    func find(id: String) async throws -> WebhookRecord? {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.hookColumns) FROM webhooks WHERE id = ?").query([.text(id)], Self.hook)
                .first
        }
    }

    func delete(id: String) async throws -> Bool {
        try await store.writer.transaction { db in
            try db.statement("DELETE FROM webhook_deliveries WHERE webhook_id = ?").run([.text(id)])
            try db.statement("DELETE FROM webhooks WHERE id = ?").run([.text(id)])
            return db.changes > 0
        }
    }

    func enqueue(_ deliveries: [WebhookDelivery]) async throws {
        guard !deliveries.isEmpty else { return }
        try await store.writer.transaction { db in
            let statement = try db.statement(
                "INSERT INTO webhook_deliveries(\(Self.deliveryColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            for d in deliveries {
                try statement.run([
                    .text(d.id), .text(d.webhookID), .text(d.event), .text(d.payload), .text(d.status),
                    .integer(Int64(d.attempts)), .integer(d.nextAttemptAt), .optional(d.lastError),
                    .integer(d.createdAt), .optional(d.deliveredAt),
                ])
            }
        }
    }

    func due(now: Int64, limit: Int) async throws -> [WebhookDelivery] {
        try await store.reader.run { db in
            try db.statement(
                """
                SELECT \(Self.deliveryColumns) FROM webhook_deliveries
                WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?
                """
            ).query([.integer(now), .integer(Int64(limit))], Self.delivery)
        }
    }

    func nextDue() async throws -> Int64? {
        try await store.reader.run { db in
            try db.statement("SELECT min(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending'")
                .query { $0.int64OrNil(0) }.first ?? nil
        }
    }

    func update(_ d: WebhookDelivery) async throws {
        try await store.writer.transaction { db in
            try db.statement(
                """
                UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?,
                    delivered_at = ?
                WHERE id = ?
                """
            ).run([
                .text(d.status), .integer(Int64(d.attempts)), .integer(d.nextAttemptAt), .optional(d.lastError),
                .optional(d.deliveredAt), .text(d.id),
            ])
        }
    }

    func deliveries(webhookID: String, status: String?, limit: Int) async throws -> [WebhookDelivery] {
        try await store.reader.run { db in
            try db.statement(
                """
                SELECT \(Self.deliveryColumns) FROM webhook_deliveries
                WHERE webhook_id = ?1 AND (?2 IS NULL OR status = ?2) ORDER BY created_at DESC, id LIMIT ?3
                """
            ).query([.text(webhookID), .optional(status), .integer(Int64(limit))], Self.delivery)
        }
    }

    func delivery(id: String) async throws -> WebhookDelivery? {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.deliveryColumns) FROM webhook_deliveries WHERE id = ?")
                .query([.text(id)], Self.delivery).first
        }
    }
}
