public import Logging
public import Model
public import Store
import Synchronization

/// One thing the gateway hands to the store.
public enum IngestRecord: Sendable, Hashable {
    /// A decoded report with its verbatim frame.
    case report(TelemetryRow)
    /// Another accepted frame, verbatim.
    case frame(ArchivedFrame)
    /// A vehicle coming online or going offline.
    case presence(PresenceChange)
}

/// The bounded queue between the gateway's connections and the store, written in batches (group commit).
///
/// Nothing accepted is dropped: `submit` always keeps the row and answers whether there is still room; when
/// there is not, the connection stops reading from its socket (TCP backpressure pushes back on the sender) and
/// asks to be resumed with `whenRoom`. One writer task takes up to `maxBatch` rows at a time and inserts them in
/// one transaction; while that transaction runs the next batch gathers, so batches grow with the load.
///
/// Durability window: a row is in memory from `submit` until its batch commits, about one batch's insert time
/// (milliseconds at the rates in BENCHMARKS.md) plus the time the queue ahead of it takes. A crash loses at most
/// what is queued; a failing store keeps the rows and retries every second.
public final class TelemetryWriter: Sendable {
    /// Queue limits.
    public struct Configuration: Sendable, Hashable {
        /// Rows queued before connections are asked to stop reading.
        public var capacity: Int
        /// Rows per transaction at most.
        public var maxBatch: Int

        /// The defaults: 50,000 records queued (about 25 MB with raw frames), 10,000 per transaction.
        public init(capacity: Int = 50_000, maxBatch: Int = 10_000) {
            self.capacity = max(1, capacity)
            self.maxBatch = max(1, maxBatch)
        }
    }

    private struct State {
        var pending: [IngestRecord] = []
        var waiters: [@Sendable () -> Void] = []
        var submitted = 0
        var written = 0
    }

    private let store: any PlatformStore
    private let configuration: Configuration
    private let logger: Logger
    private let state = Mutex(State())
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let onCommit: (@Sendable (IngestBatch) -> Void)?

    /// A writer into `store`. Call `run()` to start writing.
    ///
    /// - Parameter onCommit: called (on the writer's task) with each batch once it is durable: the live feed,
    ///   metrics and benchmarks hang off it. Keep it quick; the next batch waits for it.
    public init(
        store: any PlatformStore, configuration: Configuration = Configuration(), logger: Logger,
        onCommit: (@Sendable (IngestBatch) -> Void)? = nil
    ) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.onCommit = onCommit
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues a report; false means the queue is full and the caller should stop reading until `whenRoom` fires.
    @discardableResult
    public func submit(_ row: TelemetryRow) -> Bool {
        submit(.report(row))
    }

    /// Queues a record; false means the queue is full and the caller should stop reading until `whenRoom` fires.
    @discardableResult
    public func submit(_ record: IngestRecord) -> Bool {
        let (room, wasEmpty) = state.withLock { state -> (Bool, Bool) in
            let wasEmpty = state.pending.isEmpty
            state.pending.append(record)
            state.submitted += 1
            return (state.pending.count < configuration.capacity, wasEmpty)
        }
        // The writer drains until it finds the queue empty, so only a record into an empty queue needs to wake
        // it: one lock per record instead of two.
        if wasEmpty { wake.yield() }
        return room
    }

    /// Calls `resume` once the queue has room again (at once if it has room now).
    public func whenRoom(_ resume: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.pending.count < configuration.capacity { return true }
            state.waiters.append(resume)
            return false
        }
        if now { resume() }
    }

    /// Records queued and not yet committed.
    public var queued: Int { state.withLock { $0.pending.count } }

    /// Records committed since start.
    public var written: Int { state.withLock { $0.written } }

    /// Stops taking wake-ups; `run()` returns once everything queued is written.
    public func finish() {
        wake.finish()
    }

    /// Writes batches until `finish()` is called and the queue is empty.
    public func run() async {
        for await _ in wakeups {
            await drain()
        }
        await drain()
    }

    /// Writes until the queue is empty.
    private func drain() async {
        while true {
            let records = state.withLock { state -> [IngestRecord] in
                if state.pending.count <= configuration.maxBatch {
                    defer { state.pending = [] }
                    return state.pending
                }
                let batch = Array(state.pending.prefix(configuration.maxBatch))
                state.pending.removeFirst(configuration.maxBatch)
                return batch
            }
            if records.isEmpty { return }
            let batch = Self.batch(records)
            while true {
                do {
                    try await store.telemetry.ingest(batch)
                    onCommit?(batch)
                    break
                } catch {
                    // Keep the rows: the queue fills, sockets stop being read, and senders wait for the store.
                    logger.error(
                        "telemetry batch failed; retrying in 1 s",
                        metadata: ["records": "\(batch.count)", "error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            let resumed = state.withLock { state -> [@Sendable () -> Void] in
                state.written += records.count
                guard state.pending.count < configuration.capacity else { return [] }
                defer { state.waiters.removeAll() }
                return state.waiters
            }
            for resume in resumed { resume() }
        }
    }

    /// The records sorted by kind, each kind in queue order.
    private static func batch(_ records: [IngestRecord]) -> IngestBatch {
        var batch = IngestBatch()
        batch.reports.reserveCapacity(records.count)
        for record in records {
            switch record {
            case .report(let row): batch.reports.append(row)
            case .frame(let frame): batch.frames.append(frame)
            case .presence(let change): batch.presence.append(change)
            }
        }
        return batch
    }
}
