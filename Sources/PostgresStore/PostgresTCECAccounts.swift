import PostgresNIO
import Store

/// `TCECAccountRepository` on PostgreSQL.
struct PostgresTCECAccounts: TCECAccountRepository {
    let store: PostgresStore

    private static let columns = """
        operator_id, name, in_operator_secret, in_data_secret, in_data_secret_iv, in_sig_secret,
        out_operator_secret, out_data_secret, out_data_secret_iv, out_sig_secret, base_url, enabled, created_at,
        last_pull_at, last_pull_outcome
        """

    private func accounts(_ query: PostgresQuery) async throws -> [TCECAccountRecord] {
        try await store.run("read T/CEC accounts") {
            var result: [TCECAccountRecord] = []
            let rows = try await store.client.query(query, logger: store.logger)
            for try await r in rows.decode(
                (
                    String, String, String, String, String, String, String?, String?, String?, String?, String?, Bool,
                    Int64, Int64?, String?
                ).self)
            {
                var outbound: TCECSecretSet?
                if let operatorSecret = r.6, let data = r.7, let iv = r.8, let sig = r.9 {
                    outbound = TCECSecretSet(
                        operatorSecret: operatorSecret, dataSecret: data, dataSecretIV: iv, sigSecret: sig)
                }
                result.append(
                    TCECAccountRecord(
                        operatorID: r.0, name: r.1,
                        inbound: TCECSecretSet(operatorSecret: r.2, dataSecret: r.3, dataSecretIV: r.4, sigSecret: r.5),
                        outbound: outbound, baseURL: r.10, enabled: r.11, createdAt: r.12, lastPullAt: r.13,
                        lastPullOutcome: r.14))
            }
            return result
        }
    }

    func upsert(_ a: TCECAccountRecord) async throws {
        try await store.run("upsert T/CEC account") {
            try await store.client.query(
                """
                INSERT INTO tcec_accounts (\(unescaped: Self.columns))
                VALUES (\(a.operatorID), \(a.name), \(a.inbound.operatorSecret), \(a.inbound.dataSecret),
                    \(a.inbound.dataSecretIV), \(a.inbound.sigSecret), \(a.outbound?.operatorSecret),
                    \(a.outbound?.dataSecret), \(a.outbound?.dataSecretIV), \(a.outbound?.sigSecret), \(a.baseURL),
                    \(a.enabled), \(a.createdAt), \(a.lastPullAt), \(a.lastPullOutcome))
                ON CONFLICT (operator_id) DO UPDATE SET name = excluded.name,
                    in_operator_secret = excluded.in_operator_secret, in_data_secret = excluded.in_data_secret,
                    in_data_secret_iv = excluded.in_data_secret_iv, in_sig_secret = excluded.in_sig_secret,
                    out_operator_secret = excluded.out_operator_secret, out_data_secret = excluded.out_data_secret,
                    out_data_secret_iv = excluded.out_data_secret_iv, out_sig_secret = excluded.out_sig_secret,
                    base_url = excluded.base_url, enabled = excluded.enabled
                """, logger: store.logger)
        }
    }

    func find(operatorID: String) async throws -> TCECAccountRecord? {
        try await accounts("SELECT \(unescaped: Self.columns) FROM tcec_accounts WHERE operator_id = \(operatorID)")
            .first
    }

    func list() async throws -> [TCECAccountRecord] {
        try await accounts("SELECT \(unescaped: Self.columns) FROM tcec_accounts ORDER BY operator_id COLLATE \"C\"")
    }

    func delete(operatorID: String) async throws -> Bool {
        try await store.run("delete T/CEC account") {
            let rows = try await store.client.query(
                "DELETE FROM tcec_accounts WHERE operator_id = \(operatorID) RETURNING operator_id",
                logger: store.logger)
            var deleted = false
            for try await _ in rows { deleted = true }
            return deleted
        }
    }

    func notePull(operatorID: String, at: Int64, outcome: String) async throws {
        try await store.run("note T/CEC pull") {
            try await store.client.query(
                """
                UPDATE tcec_accounts SET last_pull_at = \(at), last_pull_outcome = \(outcome)
                WHERE operator_id = \(operatorID)
                """, logger: store.logger)
        }
    }

    func keepToken(hash: String, operatorID: String, expiresAt: Int64, now: Int64) async throws {
        try await store.run("keep T/CEC token") {
            try await store.client.withTransaction(logger: store.logger) { connection in
                try await connection.query("DELETE FROM tcec_tokens WHERE expires_at <= \(now)", logger: store.logger)
                try await connection.query(
                    """
                    INSERT INTO tcec_tokens (token_hash, operator_id, expires_at)
                    VALUES (\(hash), \(operatorID), \(expiresAt))
                    """, logger: store.logger)
            }
        }
    }

    func tokenOperator(hash: String, now: Int64) async throws -> String? {
        try await store.run("read T/CEC token") {
            let rows = try await store.client.query(
                "SELECT operator_id FROM tcec_tokens WHERE token_hash = \(hash) AND expires_at > \(now)",
                logger: store.logger)
            for try await operatorID in rows.decode(String.self) { return operatorID }
            return nil
        }
    }
}
