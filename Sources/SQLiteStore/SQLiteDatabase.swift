import Dispatch
import Store
import VaporCSQLite

/// One SQLite connection confined to its own serial queue.
///
/// Every call runs a whole unit of work (a query, or a batch of thousands of inserts) in a single
/// hop to that queue: per-row thread hops are what made other drivers slow (perf-ceilings.md).
final class SQLiteDatabase: @unchecked Sendable {
    // Safety: `handle` and `statements` are only touched on `queue`.
    private let handle: OpaquePointer
    private let queue: DispatchQueue
    private var statements: [String: SQLiteStatement] = [:]
    /// Kept alive as long as the connection whose WAL hook points at it.
    private var walObserver: WALCheckpointer?

    init(path: String, readOnly: Bool = false, label: String) throws(StoreError) {
        var db: OpaquePointer?
        let flags =
            (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite_nio_sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite_nio_sqlite3_close_v2(db) }
            throw StoreError(.engine, "cannot open SQLite database at \(path): \(message)")
        }
        sqlite_nio_sqlite3_extended_result_codes(db, 1)
        sqlite_nio_sqlite3_busy_timeout(db, 5_000)
        self.handle = db
        self.queue = DispatchQueue(label: label)
    }

    deinit {
        for statement in statements.values { statement.finalize() }
        sqlite_nio_sqlite3_close_v2(handle)
    }

    /// Runs `body` on the connection's queue and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable (SQLiteDatabase) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body(self) })
            }
        }
    }

    /// Runs `body` on the connection's queue without waiting for it.
    func submit(_ body: @escaping @Sendable (SQLiteDatabase) -> Void) {
        queue.async { body(self) }
    }

    /// Runs `body` inside `BEGIN IMMEDIATE ... COMMIT`, rolling back if it throws.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (SQLiteDatabase) throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN IMMEDIATE", body)
    }

    /// Runs `body` inside a deferred `BEGIN ... COMMIT`: the reads it makes all see one snapshot.
    func readTransaction<T: Sendable>(_ body: @escaping @Sendable (SQLiteDatabase) throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN", body)
    }

    private func transaction<T: Sendable>(
        begin: String, _ body: @escaping @Sendable (SQLiteDatabase) throws -> T
    ) async throws -> T {
        try await run { db in
            try db.execute(begin)
            do {
                let result = try body(db)
                try db.execute("COMMIT")
                return result
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    // MARK: On the queue only

    /// Executes SQL text that returns no rows (may hold several statements).
    func execute(_ sql: String) throws(StoreError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite_nio_sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? "code \(rc)"
            sqlite_nio_sqlite3_free(errorMessage)
            throw Self.error(code: rc, message: message)
        }
    }

    /// A prepared statement, cached by its SQL text and reset for reuse.
    func statement(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var stmt: OpaquePointer?
        let rc = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw lastError(rc) }
        let prepared = SQLiteStatement(handle: stmt, database: self)
        statements[sql] = prepared
        return prepared
    }

    /// Hands each commit's WAL length to `checkpointer` instead of SQLite's automatic checkpoint (the hook
    /// replaces it), and checkpoints on this connection when it asks.
    func onWALCommit(_ checkpointer: WALCheckpointer) {
        walObserver = checkpointer
        sqlite_nio_sqlite3_wal_hook(
            handle,
            { context, db, name, pages in
                guard let context else { return SQLITE_OK }
                let checkpointer = Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue()
                if checkpointer.committed(walPages: Int(pages)) {
                    // SQLITE_BUSY while the checkpointer is at it: the next commit asks again.
                    _ = sqlite_nio_sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                }
                return SQLITE_OK
            }, Unmanaged.passUnretained(checkpointer).toOpaque())
    }

    /// Runs a checkpoint (`SQLITE_CHECKPOINT_PASSIVE`, ...) of the main database; SQLite's result code.
    @discardableResult
    func checkpoint(_ mode: Int32) -> Int32 {
        sqlite_nio_sqlite3_wal_checkpoint_v2(handle, nil, mode, nil, nil)
    }

    /// Number of rows changed by the last statement.
    var changes: Int { Int(sqlite_nio_sqlite3_changes(handle)) }

    func lastError(_ rc: Int32) -> StoreError {
        Self.error(code: rc, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
    }

    static func error(code: Int32, message: String) -> StoreError {
        // Primary result code 19 is SQLITE_CONSTRAINT (unique, primary key, foreign key).
        (code & 0xFF) == SQLITE_CONSTRAINT ? StoreError(.conflict, message) : StoreError(.engine, message)
    }
}

/// A prepared statement; used only on its database's queue.
final class SQLiteStatement {
    /// SQLITE_TRANSIENT: SQLite copies bound text and blobs before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    private let handle: OpaquePointer
    private unowned let database: SQLiteDatabase

    init(handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    func finalize() { sqlite_nio_sqlite3_finalize(handle) }

    func reset() {
        sqlite_nio_sqlite3_reset(handle)
        sqlite_nio_sqlite3_clear_bindings(handle)
    }

    /// Binds parameters by position, starting at 1.
    func bind(_ values: [SQLiteValue]) throws(StoreError) {
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    func bind(_ value: SQLiteValue, at index: Int32) throws(StoreError) {
        let rc: Int32
        switch value {
        case .null: rc = sqlite_nio_sqlite3_bind_null(handle, index)
        case .integer(let v): rc = sqlite_nio_sqlite3_bind_int64(handle, index, v)
        case .real(let v): rc = sqlite_nio_sqlite3_bind_double(handle, index, v)
        case .text(let v):
            rc = sqlite_nio_sqlite3_bind_text64(
                handle, index, v, UInt64(v.utf8.count), Self.transient, UInt8(SQLITE_UTF8))
        case .blob(let bytes):
            rc = bytes.withUnsafeBytes {
                sqlite_nio_sqlite3_bind_blob64(handle, index, $0.baseAddress, UInt64($0.count), Self.transient)
            }
        }
        guard rc == SQLITE_OK else { throw database.lastError(rc) }
    }

    /// Steps once; true while a row is available.
    func step() throws(StoreError) -> Bool {
        let rc = sqlite_nio_sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.lastError(rc)
        }
    }

    /// Runs a statement that returns no rows.
    func run(_ values: [SQLiteValue] = []) throws(StoreError) {
        reset()
        try bind(values)
        while try step() {}
    }

    /// Runs a query and calls `visit` with each row until it returns false.
    func forEach(_ values: [SQLiteValue] = [], _ visit: (SQLiteRow) throws -> Bool) throws {
        reset()
        // A statement left mid-way keeps its read snapshot open, and the connection would go on reading the
        // past (newer commits of the writer unseen): always reset when done.
        defer { reset() }
        try bind(values)
        while try step() {
            guard try visit(SQLiteRow(handle: handle)) else { return }
        }
    }

    /// Runs a query and maps each row.
    func query<T>(_ values: [SQLiteValue] = [], _ map: (SQLiteRow) throws -> T) throws -> [T] {
        reset()
        try bind(values)
        var result: [T] = []
        while try step() {
            result.append(try map(SQLiteRow(handle: handle)))
        }
        return result
    }
}

/// A value bound to or read from SQLite.
enum SQLiteValue: Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    static func optional(_ v: String?) -> SQLiteValue { v.map(SQLiteValue.text) ?? .null }
    static func optional(_ v: Int64?) -> SQLiteValue { v.map(SQLiteValue.integer) ?? .null }
    static func optional(_ v: Int?) -> SQLiteValue { v.map { .integer(Int64($0)) } ?? .null }
    static func optional(_ v: Double?) -> SQLiteValue { v.map(SQLiteValue.real) ?? .null }
}

/// The current row of a stepping statement; valid only until the next step.
struct SQLiteRow {
    let handle: OpaquePointer

    func isNull(_ column: Int32) -> Bool { sqlite_nio_sqlite3_column_type(handle, column) == SQLITE_NULL }
    func int64(_ column: Int32) -> Int64 { sqlite_nio_sqlite3_column_int64(handle, column) }
    func int64OrNil(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }
    func intOrNil(_ column: Int32) -> Int? { isNull(column) ? nil : Int(int64(column)) }
    func double(_ column: Int32) -> Double { sqlite_nio_sqlite3_column_double(handle, column) }
    func doubleOrNil(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }
    func text(_ column: Int32) -> String {
        guard let pointer = sqlite_nio_sqlite3_column_text(handle, column) else { return "" }
        return String(cString: pointer)
    }
    func textOrNil(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite_nio_sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite_nio_sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
