import PostgresNIO
import Store

extension StoreError {
    /// Maps a postgres-nio failure to the engine-neutral error callers understand.
    ///
    /// Integrity-constraint violations (SQLSTATE class 23: unique, foreign key, not null, check)
    /// become `.conflict`, as SQLite's SQLITE_CONSTRAINT does in `SQLiteStore`; anything else is
    /// `.engine`, with the server's message and SQLSTATE so the failure can be reproduced.
    /// (`PSQLError`'s own description hides all of this on purpose, to keep data out of logs.)
    static func from(_ error: any Error, while what: String) -> any Error {
        switch error {
        case let error as StoreError:
            return error
        case is CancellationError:
            return error
        case let error as PostgresTransactionError:
            // The closure's error is the cause; a failed ROLLBACK after it adds nothing a caller can use.
            let cause = error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError
            return cause.map { from($0, while: what) } ?? StoreError(.engine, "\(what): transaction failed")
        case let error as PSQLError:
            if let info = error.serverInfo {
                let state = info[.sqlState] ?? "?????"
                var message = "\(what): \(info[.message] ?? "server error") (SQLSTATE \(state))"
                if let detail = info[.detail] { message += ": \(detail)" }
                return StoreError(state.hasPrefix("23") ? .conflict : .engine, message)
            }
            let underlying = error.underlying.map { ": \(String(describing: $0))" } ?? ""
            return StoreError(.engine, "\(what): \(error.code)\(underlying)")
        case let error as PostgresDecodingError:
            return StoreError(
                .engine,
                "\(what): cannot decode column \(error.columnName) (\(error.postgresType)) as \(error.targetType)")
        default:
            return StoreError(.engine, "\(what): \(String(describing: error))")
        }
    }
}
