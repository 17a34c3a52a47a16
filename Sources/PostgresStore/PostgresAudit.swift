import Model
import PostgresNIO
import Store

/// `AuditRepository` on PostgreSQL.
struct PostgresAudit: AuditRepository {
    let store: PostgresStore

    func append(_ entry: AuditEntry) async throws {
        try await store.run("append audit entry") {
            _ = try await store.client.query(
                """
                INSERT INTO audit_log (at, actor, role, action, resource, outcome, detail)
                VALUES (\(entry.at), \(entry.actor), \(entry.role.rawValue), \(entry.action), \(entry.resource),
                        \(entry.outcome), \(entry.detail))
                """,
                logger: store.logger)
        }
    }

    func query(_ query: AuditQuery) async throws -> [AuditEntry] {
        try await store.run("read audit log") {
            var conditions: [String] = []
            var binds = PostgresBindings()
            if let actor = query.actor {
                binds.append(actor)
                conditions.append("actor = $\(binds.count)")
            }
            if let action = query.action {
                binds.append(action)
                conditions.append("action = $\(binds.count)")
            }
            if let since = query.since {
                binds.append(since)
                conditions.append("at >= $\(binds.count)")
            }
            if let until = query.until {
                binds.append(until)
                conditions.append("at < $\(binds.count)")
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            binds.append(Int64(max(0, query.limit)))
            let sql = """
                SELECT id, at, actor, role, action, resource, outcome, detail FROM audit_log \(whereClause)
                ORDER BY at DESC, id DESC LIMIT $\(binds.count)
                """
            let rows = try await store.client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: store.logger)
            var entries: [AuditEntry] = []
            for try await (id, at, actor, role, action, resource, outcome, detail) in rows.decode(
                (Int64, Int64, String, String, String, String, String, String).self)
            {
                entries.append(
                    AuditEntry(
                        id: id, at: at, actor: actor, role: try PostgresDecode.role(role), action: action,
                        resource: resource, outcome: outcome, detail: detail))
            }
            return entries
        }
    }
}
