import Model
import Store

struct SQLiteUsers: UserRepository {
    let store: SQLiteStore
    private static let columns = "id, name, role, city, enterprise_id, password_hash, disabled, created_at"

    func insert(_ user: UserAccount) async throws {
        try await store.writer.run { db in
            try db.statement("INSERT INTO users(\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").run([
                .text(user.id), .text(user.name), .text(user.role.rawValue), .optional(user.city?.code),
                .optional(user.enterpriseID?.rawValue), .text(user.passwordHash), .integer(user.disabled ? 1 : 0),
                .integer(user.createdAt),
            ])
        }
    }

    func find(name: String) async throws -> UserAccount? {
        try await select("WHERE name = ?", [.text(name)]).first
    }

    func find(id: String) async throws -> UserAccount? {
        try await select("WHERE id = ?", [.text(id)]).first
    }

    func list() async throws -> [UserAccount] {
        try await select("ORDER BY name", [])
    }

    func setDisabled(name: String, _ disabled: Bool) async throws -> Bool {
        try await store.writer.run { db in
            try db.statement("UPDATE users SET disabled = ? WHERE name = ?").run([
                .integer(disabled ? 1 : 0), .text(name),
            ])
            return db.changes > 0
        }
    }

    private func select(_ tail: String, _ values: [SQLiteValue]) async throws -> [UserAccount] {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.columns) FROM users \(tail)").query(values) { row in
                UserAccount(
                    id: row.text(0), name: row.text(1), role: try SQLiteDecode.role(row.text(2)),
                    city: try SQLiteDecode.city(row.textOrNil(3)),
                    enterpriseID: try SQLiteDecode.enterprise(row.textOrNil(4)),
                    passwordHash: row.text(5), disabled: row.int64(6) != 0, createdAt: row.int64(7))
            }
        }
    }
}

struct SQLiteTokens: TokenRepository {
    let store: SQLiteStore
    private static let columns =
        "id, secret_hash, role, city, enterprise_id, user_id, label, created_at, expires_at, revoked_at"

    func insert(_ token: APIToken) async throws {
        try await store.writer.run { db in
            try db.statement("INSERT INTO api_tokens(\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").run([
                .text(token.id), .text(token.secretHash), .text(token.role.rawValue), .optional(token.city?.code),
                .optional(token.enterpriseID?.rawValue), .optional(token.userID), .text(token.label),
                .integer(token.createdAt), .optional(token.expiresAt), .optional(token.revokedAt),
            ])
        }
    }

    func find(secretHash: String) async throws -> APIToken? {
        try await select("WHERE secret_hash = ?", [.text(secretHash)]).first
    }

    func find(id: String) async throws -> APIToken? {
        try await select("WHERE id = ?", [.text(id)]).first
    }

    func list(userID: String?) async throws -> [APIToken] {
        if let userID {
            return try await select("WHERE user_id = ? ORDER BY created_at", [.text(userID)])
        }
        return try await select("WHERE user_id IS NULL ORDER BY created_at", [])
    }

    func revoke(id: String, at: Int64) async throws -> Bool {
        try await store.writer.run { db in
            try db.statement("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .run([.integer(at), .text(id)])
            return db.changes > 0
        }
    }

    private func select(_ tail: String, _ values: [SQLiteValue]) async throws -> [APIToken] {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.columns) FROM api_tokens \(tail)").query(values) { row in
                APIToken(
                    id: row.text(0), secretHash: row.text(1), role: try SQLiteDecode.role(row.text(2)),
                    city: try SQLiteDecode.city(row.textOrNil(3)),
                    enterpriseID: try SQLiteDecode.enterprise(row.textOrNil(4)),
                    userID: row.textOrNil(5), label: row.text(6), createdAt: row.int64(7), expiresAt: row.int64OrNil(8),
                    revokedAt: row.int64OrNil(9))
            }
        }
    }
}

struct SQLiteAudit: AuditRepository {
    let store: SQLiteStore

    func append(_ entry: AuditEntry) async throws {
        try await store.writer.run { db in
            try db.statement(
                "INSERT INTO audit_log(at, actor, role, action, resource, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)"
            ).run([
                .integer(entry.at), .text(entry.actor), .text(entry.role.rawValue), .text(entry.action),
                .text(entry.resource), .text(entry.outcome), .text(entry.detail),
            ])
        }
    }

    func query(_ query: AuditQuery) async throws -> [AuditEntry] {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if let actor = query.actor {
            conditions.append("actor = ?")
            values.append(.text(actor))
        }
        if let action = query.action {
            conditions.append("action = ?")
            values.append(.text(action))
        }
        if let since = query.since {
            conditions.append("at >= ?")
            values.append(.integer(since))
        }
        if let until = query.until {
            conditions.append("at < ?")
            values.append(.integer(until))
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        values.append(.integer(Int64(max(0, query.limit))))
        let sql = """
            SELECT id, at, actor, role, action, resource, outcome, detail FROM audit_log \(whereClause)
            ORDER BY at DESC, id DESC LIMIT ?
            """
        return try await store.reader.run { [values] db in
            try db.statement(sql).query(values) { row in
                AuditEntry(
                    id: row.int64(0), at: row.int64(1), actor: row.text(2), role: try SQLiteDecode.role(row.text(3)),
                    action: row.text(4), resource: row.text(5), outcome: row.text(6), detail: row.text(7))
            }
        }
    }
}

struct SQLiteEnterprises: EnterpriseRepository {
    let store: SQLiteStore

    func upsert(_ enterprise: EnterpriseRecord) async throws {
        try await store.writer.run { db in
            try db.statement(
                """
                INSERT INTO enterprises(id, name, city, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, city = excluded.city
                """
            ).run([
                .text(enterprise.id.rawValue), .text(enterprise.name), .text(enterprise.city.code),
                .integer(enterprise.createdAt),
            ])
        }
    }

    func find(id: EnterpriseID) async throws -> EnterpriseRecord? {
        try await select("WHERE id = ?", [.text(id.rawValue)]).first
    }

    func list(city: City?) async throws -> [EnterpriseRecord] {
        if let city { return try await select("WHERE city = ? ORDER BY id", [.text(city.code)]) }
        return try await select("ORDER BY id", [])
    }

    private func select(_ tail: String, _ values: [SQLiteValue]) async throws -> [EnterpriseRecord] {
        try await store.reader.run { db in
            try db.statement("SELECT id, name, city, created_at FROM enterprises \(tail)").query(values) { row in
                guard let id = EnterpriseID(rawValue: row.text(0)), let city = City(rawValue: row.text(2)) else {
                    throw StoreError(.engine, "corrupt enterprise row \(row.text(0))")
                }
                return EnterpriseRecord(id: id, name: row.text(1), city: city, createdAt: row.int64(3))
            }
        }
    }
}

/// Turns stored text back into model values, refusing rows a bug or a hand edit corrupted.
enum SQLiteDecode {
    static func role(_ text: String) throws -> Role {
        guard let role = Role(rawValue: text) else { throw StoreError(.engine, "unknown role \(text) in store") }
        return role
    }

    static func city(_ text: String?) throws -> City? {
        guard let text else { return nil }
        guard let city = City(rawValue: text) else { throw StoreError(.engine, "unknown city \(text) in store") }
        return city
    }

    static func enterprise(_ text: String?) throws -> EnterpriseID? {
        guard let text else { return nil }
        guard let id = EnterpriseID(rawValue: text) else {
            throw StoreError(.engine, "bad enterprise id \(text) in store")
        }
        return id
    }
}
