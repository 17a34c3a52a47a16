import Foundation
import Model
public import Store

/// The embedded store: one SQLite file in WAL mode, needing nothing installed beyond the toolchain
/// (SQLite itself is vendored by sqlite-nio).
///
/// Writes go through one writer connection (SQLite allows one writer at a time); reads use a second
/// connection so a long ingest batch never blocks an API read (WAL lets readers run beside the writer).
public final class SQLiteStore: PlatformStore {
    public let engine = StoreEngine.sqlite
    let writer: SQLiteDatabase
    let reader: SQLiteDatabase
    public let path: String
    /// Folds the WAL back beside the writer rather than in its commits.
    let checkpointer: WALCheckpointer
    /// WAL pages between checkpoints (40 MB; SQLite's default is 1,000). A checkpoint copies each page changed
    /// since the last one once, so a longer interval copies a page that many batches touch (the (vin, time)
    /// index, the latest states) fewer times: the ingest profile had 17% of its time here.
    static let checkpointPages = 10_000
    /// WAL pages past which the writer checkpoints itself so the WAL can start over (160 MB).
    static let walLimitPages = 40_000

    /// Opens (creating if needed) the database file and its directory, and sets WAL mode.
    ///
    /// - Parameter cacheMegabytes: page cache per connection; a large cache keeps the (vin, time)
    ///   index hot when thousands of vehicles are interleaved (perf-ceilings.md).
    public init(path: String, cacheMegabytes: Int = 64) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.path = path
        writer = try SQLiteDatabase(path: path, label: "nevbrain.sqlite.writer")
        let pragmas = """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            PRAGMA foreign_keys=ON;
            PRAGMA cache_size=-\(cacheMegabytes * 1024);
            PRAGMA temp_store=MEMORY;
            """
        try writer.execute(pragmas)
        checkpointer = WALCheckpointer(
            connection: try SQLiteDatabase(path: path, label: "nevbrain.sqlite.checkpointer"),
            interval: Self.checkpointPages, limit: Self.walLimitPages)
        checkpointer.watch(writer)
        reader = try SQLiteDatabase(path: path, label: "nevbrain.sqlite.reader")
        try reader.execute("PRAGMA foreign_keys=ON; PRAGMA cache_size=-\(cacheMegabytes * 1024);")
    }

    public var users: any UserRepository { SQLiteUsers(store: self) }
    public var tokens: any TokenRepository { SQLiteTokens(store: self) }
    public var audit: any AuditRepository { SQLiteAudit(store: self) }
    public var enterprises: any EnterpriseRepository { SQLiteEnterprises(store: self) }
    public var telemetry: any TelemetryRepository { SQLiteTelemetry(store: self) }
    public var vehicles: any VehicleRepository { SQLiteVehicles(store: self) }
    public var platformAccounts: any PlatformAccountRepository { SQLitePlatformAccounts(store: self) }
    public var safety: any SafetyRepository { SQLiteSafety(store: self) }
    public var webhooks: any WebhookRepository { SQLiteWebhooks(store: self) }
    public var tcecAccounts: any TCECAccountRepository { SQLiteTCECAccounts(store: self) }
    public var statistics: any StatisticsRepository { SQLiteStatistics(store: self) }
    public var industry: any IndustryRepository { SQLiteIndustry(store: self) }
    public var charging: any ChargingRepository { SQLiteCharging(store: self) }
    public var ocpp: any OCPPRepository { SQLiteOCPP(store: self) }

    public func ping() async throws {
        _ = try await reader.run { db in try db.statement("SELECT 1").query { $0.int64(0) } }
    }

    public func close() async throws {
        // Connections close when the store is released; make sure the WAL is folded back first.
        try await writer.run { db in try db.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    // MARK: Migrations

    public func pendingMigrations() async throws -> [Int] {
        let applied = try await writer.run { db in try Self.appliedVersions(db) }
        return SQLiteMigrations.all.map(\.version).filter { !applied.contains($0) }
    }

    @discardableResult
    public func migrate() async throws -> [Int] {
        try await writer.run { db in
            try db.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)
                """)
            let applied = try Self.appliedVersions(db)
            if let newest = applied.max(), newest > (SQLiteMigrations.all.last?.version ?? 0) {
                throw StoreError(
                    .schemaTooNew,
                    "database is at schema version \(newest), this binary knows up to \(SQLiteMigrations.all.count)")
            }
            var done: [Int] = []
            for migration in SQLiteMigrations.all where !applied.contains(migration.version) {
                try db.execute("BEGIN IMMEDIATE")
                do {
                    for sql in migration.statements { try db.execute(sql) }
                    try db.statement("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)")
                        .run([.integer(Int64(migration.version)), .text(migration.name), .integer(Clock.nowMicros())])
                    try db.execute("COMMIT")
                } catch {
                    try? db.execute("ROLLBACK")
                    throw error
                }
                done.append(migration.version)
            }
            return done
        }
    }

    private static func appliedVersions(_ db: SQLiteDatabase) throws -> Set<Int> {
        let exists = try db.statement(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
        )
        .query { $0.int64(0) }
        guard exists.first == 1 else { return [] }
        return Set(try db.statement("SELECT version FROM schema_migrations").query { Int($0.int64(0)) })
    }
}
