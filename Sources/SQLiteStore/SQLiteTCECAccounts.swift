import Store

/// `TCECAccountRepository` on SQLite.
struct SQLiteTCECAccounts: TCECAccountRepository {
    let store: SQLiteStore

    private static let columns = """
        operator_id, name, in_operator_secret, in_data_secret, in_data_secret_iv, in_sig_secret,
        out_operator_secret, out_data_secret, out_data_secret_iv, out_sig_secret, base_url, enabled, created_at,
        last_pull_at, last_pull_outcome
        """

    private static func account(_ row: SQLiteRow) -> TCECAccountRecord {
        let outbound: TCECSecretSet? =
            row.isNull(6)
            ? nil
            : TCECSecretSet(
                operatorSecret: row.text(6), dataSecret: row.text(7), dataSecretIV: row.text(8), sigSecret: row.text(9))
        return TCECAccountRecord(
            operatorID: row.text(0), name: row.text(1),
            inbound: TCECSecretSet(
                operatorSecret: row.text(2), dataSecret: row.text(3), dataSecretIV: row.text(4), sigSecret: row.text(5)),
            outbound: outbound, baseURL: row.textOrNil(10), enabled: row.int64(11) != 0, createdAt: row.int64(12),
            lastPullAt: row.int64OrNil(13), lastPullOutcome: row.textOrNil(14))
    }

    func upsert(_ a: TCECAccountRecord) async throws {
        try await store.writer.transaction { db in
            try db.statement(
                """
                INSERT INTO tcec_accounts(\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(operator_id) DO UPDATE SET name = excluded.name,
                    in_operator_secret = excluded.in_operator_secret, in_data_secret = excluded.in_data_secret,
                    in_data_secret_iv = excluded.in_data_secret_iv, in_sig_secret = excluded.in_sig_secret,
                    out_operator_secret = excluded.out_operator_secret, out_data_secret = excluded.out_data_secret,
                    out_data_secret_iv = excluded.out_data_secret_iv, out_sig_secret = excluded.out_sig_secret,
                    base_url = excluded.base_url, enabled = excluded.enabled
                """
            ).run([
                .text(a.operatorID), .text(a.name), .text(a.inbound.operatorSecret), .text(a.inbound.dataSecret),
                .text(a.inbound.dataSecretIV), .text(a.inbound.sigSecret), .optional(a.outbound?.operatorSecret),
                .optional(a.outbound?.dataSecret), .optional(a.outbound?.dataSecretIV),
                .optional(a.outbound?.sigSecret),
                .optional(a.baseURL), .integer(a.enabled ? 1 : 0), .integer(a.createdAt), .optional(a.lastPullAt),
                .optional(a.lastPullOutcome),
            ])
        }
    }

    func find(operatorID: String) async throws -> TCECAccountRecord? {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.columns) FROM tcec_accounts WHERE operator_id = ?").query(
                [.text(operatorID)], Self.account
            ).first
        }
    }

    func list() async throws -> [TCECAccountRecord] {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.columns) FROM tcec_accounts ORDER BY operator_id").query([], Self.account)
        }
    }

    func delete(operatorID: String) async throws -> Bool {
        try await store.writer.transaction { db in
            try db.statement("DELETE FROM tcec_accounts WHERE operator_id = ?").run([.text(operatorID)])
            return db.changes > 0
        }
    }

    func notePull(operatorID: String, at: Int64, outcome: String) async throws {
        try await store.writer.transaction { db in
            try db.statement("UPDATE tcec_accounts SET last_pull_at = ?, last_pull_outcome = ? WHERE operator_id = ?")
                .run([.integer(at), .text(outcome), .text(operatorID)])
        }
    }

    func keepToken(hash: String, operatorID: String, expiresAt: Int64, now: Int64) async throws {
        try await store.writer.transaction { db in
            try db.statement("DELETE FROM tcec_tokens WHERE expires_at <= ?").run([.integer(now)])
            try db.statement("INSERT INTO tcec_tokens(token_hash, operator_id, expires_at) VALUES (?, ?, ?)")
                .run([.text(hash), .text(operatorID), .integer(expiresAt)])
        }
    }

    func tokenOperator(hash: String, now: Int64) async throws -> String? {
        try await store.reader.run { db in
            try db.statement("SELECT operator_id FROM tcec_tokens WHERE token_hash = ? AND expires_at > ?").query(
                [.text(hash), .integer(now)]
            ) { $0.text(0) }.first
        }
    }
}
