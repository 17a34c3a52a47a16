import Synchronization
import VaporCSQLite

/// Folds the WAL back into the database file on a connection and thread of its own, so the writer does not
/// stall on it.
///
/// SQLite's automatic checkpoint runs inside the writer's commit: every 10,000 pages the writer stopped to copy
/// and sync about 40 MB (17% of the ingest profile, and the p99 of about 1 s of the paced ingest run). Here each
/// commit only reports the WAL's length; every `interval` pages of growth a passive checkpoint runs on the
/// checkpointer's connection while the writer goes on writing.
///
/// A passive checkpoint cannot start the WAL over while the writer keeps appending to it, so past `limit` pages
/// the writer checkpoints itself after its commit. By then the checkpointer has copied nearly all of the WAL, so
/// that stall is short, and the writer's next transaction starts the WAL again from its beginning: the file stays
/// near `limit` pages.
final class WALCheckpointer: Sendable {
    private struct State {
        var running = false
        /// WAL length when the last background checkpoint started.
        var startedAt = 0
    }

    /// Pages of WAL growth between background checkpoints.
    let interval: Int
    /// WAL pages past which the writer checkpoints itself.
    let limit: Int
    private let connection: SQLiteDatabase
    private let state = Mutex(State())

    init(connection: SQLiteDatabase, interval: Int, limit: Int) {
        self.connection = connection
        self.interval = interval
        self.limit = limit
    }

    /// Installs the checkpointer on the writer: SQLite's automatic checkpoints stop.
    func watch(_ writer: SQLiteDatabase) {
        writer.onWALCommit(self)
    }

    /// Called on the writer's thread after each commit with the WAL's length in pages; true asks the writer to
    /// checkpoint now, itself.
    func committed(walPages pages: Int) -> Bool {
        if pages >= limit { return true }
        let start = state.withLock { state -> Bool in
            if pages < state.startedAt { state.startedAt = 0 }  // the WAL started over
            guard !state.running, pages - state.startedAt >= interval else { return false }
            state.running = true
            state.startedAt = pages
            return true
        }
        if start {
            connection.submit { db in
                _ = db.checkpoint(SQLITE_CHECKPOINT_PASSIVE)
                self.state.withLock { $0.running = false }
            }
        }
        return false
    }
}
