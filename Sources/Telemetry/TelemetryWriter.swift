public import Logging
public import Model
import NIOCore
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
    /// A login taking a vehicle or platform identity, for other gateway processes to see.
    case claim(IdentityClaim)
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
        /// Records queued before connections are asked to stop reading (shared evenly among the lanes).
        public var capacity: Int
        /// Records per transaction at most.
        public var maxBatch: Int
        /// Transactions in flight at once, each for its own share of the vehicles (by VIN), so a vehicle's records
        /// still commit in order. On PostgreSQL each lane's transaction runs on its own connection and server
        /// process; SQLite's single writer connection takes them in turn, so one lane is right there.
        public var lanes: Int

        /// Lanes for a store: one on SQLite (one writer connection), one per core on PostgreSQL (two to eight).
        public static func lanes(for engine: StoreEngine) -> Int {
            engine == .postgres ? min(8, max(2, System.coreCount)) : 1
        }

        /// The defaults: 50,000 records queued (about 25 MB with raw frames), 25,000 per transaction, one lane.
        ///
        /// A batch only grows that large under load. A larger transaction writes a vehicle's latest state, and each
        /// index page it touches, once for all of that vehicle's reports in it: with 10,000 vehicles, `bench ingest`
        /// on SQLite went from about 44,000 to 57,000 frames/s when the cap went from 10,000 to 25,000. When no
        /// vehicle reports twice within a batch (100,000 vehicles in the bench) it makes no difference
        /// (BENCHMARKS.md).
        public init(capacity: Int = 50_000, maxBatch: Int = 25_000, lanes: Int = 1) {
            self.capacity = max(1, capacity)
            self.maxBatch = max(1, maxBatch)
            self.lanes = max(1, lanes)
        }
    }

    private struct State {
        var pending: [IngestRecord] = []
        var waiters: [@Sendable () -> Void] = []
        var written = 0
    }

    /// One queue and the task writing it.
    private final class Lane: Sendable {
        let state = Mutex(State())
        let wakeups: AsyncStream<Void>
        let wake: AsyncStream<Void>.Continuation

        init() { (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1)) }
    }

    private let store: any PlatformStore
    private let configuration: Configuration
    /// Records a lane holds before its senders are asked to wait.
    private let laneCapacity: Int
    private let logger: Logger
    private let lanes: [Lane]
    private let onCommit: (@Sendable (IngestBatch) -> Void)?

    /// A writer into `store`. Call `run()` to start writing.
    ///
    /// - Parameter onCommit: called (on the writing lane's task) with each batch once it is durable: the live feed,
    ///   metrics and benchmarks hang off it. Keep it quick; the lane's next batch waits for it. With several lanes
    ///   it is called from several tasks, each vehicle's batches from one of them, in order.
    public init(
        store: any PlatformStore, configuration: Configuration = Configuration(), logger: Logger,
        onCommit: (@Sendable (IngestBatch) -> Void)? = nil
    ) {
        self.store = store
        self.configuration = configuration
        self.laneCapacity = max(1, configuration.capacity / configuration.lanes)
        self.logger = logger
        self.onCommit = onCommit
        lanes = (0..<configuration.lanes).map { _ in Lane() }
    }

    /// Queues a report; false means the queue is full and the caller should stop reading until `whenRoom` fires.
    @discardableResult
    public func submit(_ row: TelemetryRow) -> Bool {
        submit(.report(row))
    }

    /// Queues a record; false means the queue is full and the caller should stop reading until `whenRoom` fires.
    @discardableResult
    public func submit(_ record: IngestRecord) -> Bool {
        let lane = lanes.count == 1 ? lanes[0] : lanes[Self.lane(of: record, among: lanes.count)]
        let (room, wasEmpty) = lane.state.withLock { state -> (Bool, Bool) in
            let wasEmpty = state.pending.isEmpty
            state.pending.append(record)
            return (state.pending.count < laneCapacity, wasEmpty)
        }
        // The lane drains until it finds its queue empty, so only a record into an empty queue needs to wake it:
        // one lock per record instead of two.
        if wasEmpty { lane.wake.yield() }
        return room
    }

    /// The lane of a record's vehicle: the same for all its records, so they commit in order.
    private static func lane(of record: IngestRecord, among count: Int) -> Int {
        let key: String
        switch record {
        case .report(let row): key = row.vin
        case .frame(let frame): key = frame.vin
        case .presence(let change): key = change.vin
        case .claim(let claim): key = claim.identity  // a claim's lane does not matter, only its identity's newest
        }
        var hash: UInt64 = 14_695_981_039_346_656_037  // FNV-1a: stable across runs, unlike `hashValue`
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        return Int(hash % UInt64(count))
    }

    /// Calls `resume` once the queues have room again (at once if they have room now).
    public func whenRoom(_ resume: @escaping @Sendable () -> Void) {
        for lane in lanes {
            // Checked and registered under the lane's lock, so its writer cannot drain in between unseen.
            let waiting = lane.state.withLock { state -> Bool in
                guard state.pending.count >= laneCapacity else { return false }
                state.waiters.append(resume)
                return true
            }
            if waiting { return }
        }
        resume()
    }

    /// Records queued and not yet committed.
    public var queued: Int { lanes.reduce(0) { $0 + $1.state.withLock { $0.pending.count } } }

    /// Records committed since start.
    public var written: Int { lanes.reduce(0) { $0 + $1.state.withLock { $0.written } } }

    /// Stops taking wake-ups; `run()` returns once everything queued is written.
    public func finish() {
        for lane in lanes { lane.wake.finish() }
    }

    /// Writes batches until `finish()` is called and the queues are empty.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for lane in lanes {
                group.addTask {
                    for await _ in lane.wakeups {
                        await self.drain(lane)
                    }
                    await self.drain(lane)
                }
            }
        }
    }

    /// Writes until the lane's queue is empty.
    private func drain(_ lane: Lane) async {
        while true {
            let records = lane.state.withLock { state -> [IngestRecord] in
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
            let resumed = lane.state.withLock { state -> [@Sendable () -> Void] in
                state.written += records.count
                guard state.pending.count < laneCapacity else { return [] }
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
            case .claim(let claim): batch.claims.append(claim)
            }
        }
        return batch
    }
}
