import Model
import Store

/// `PlatformAccountRepository` on SQLite, in the manner of `SQLiteUsers`.
struct SQLitePlatformAccounts: PlatformAccountRepository {
    let store: SQLiteStore
    private static let columns = "id, username, enterprise_id, password_hash, reply_style, disabled, created_at"

    func insert(_ account: PlatformAccount) async throws {
        try await store.writer.run { db in
            try db.statement("INSERT INTO platform_accounts(\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?)").run([
                .text(account.id), .text(account.username), .text(account.enterprise.rawValue),
                .text(account.passwordHash), .text(account.replyStyle), .integer(account.disabled ? 1 : 0),
                .integer(account.createdAt),
            ])
        }
    }

    func find(username: String) async throws -> PlatformAccount? {
        try await select("WHERE username = ?", [.text(username)]).first
    }

    func list() async throws -> [PlatformAccount] {
        try await select("ORDER BY username", [])
    }

    func setDisabled(username: String, _ disabled: Bool) async throws -> Bool {
        try await store.writer.run { db in
            try db.statement("UPDATE platform_accounts SET disabled = ? WHERE username = ?").run([
                .integer(disabled ? 1 : 0), .text(username),
            ])
            return db.changes > 0
        }
    }

    private func select(_ tail: String, _ values: [SQLiteValue]) async throws -> [PlatformAccount] {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.columns) FROM platform_accounts \(tail)").query(values) { row in
                guard let enterprise = try SQLiteDecode.enterprise(row.text(2)) else {
                    throw StoreError(.engine, "corrupt platform account row \(row.text(0))")
                }
                return PlatformAccount(
                    id: row.text(0), username: row.text(1), enterprise: enterprise, passwordHash: row.text(3),
                    replyStyle: row.text(4), disabled: row.int64(5) != 0, createdAt: row.int64(6))
            }
        }
    }
}
