import Store

/// Group commit for what every charge point sends all the time: heartbeats (last seen) and status notifications.
///
/// One store transaction per message capped the central system near 1,300 messages/s on SQLite, below the 2,000/s
/// that 10,000 charge points send at a 10 s period. Here each message waits for the transaction that holds it; while
/// one transaction runs, the messages that arrive queue up and go in the next, so under load a transaction carries
/// hundreds of them and at low rates each still goes in at once. A charge point's answer is sent only after its
/// message is stored, as before. If a batch fails, its messages are stored one by one, so that one bad message (a
/// charge point deleted while connected) fails only itself.
actor ActivityBatcher {
    private enum Item {
        case seen(chargePointID: String, at: Int64)
        case status(ConnectorStatusRecord)
    }

    typealias Batch = @Sendable (_ lastSeen: [String: Int64], _ statuses: [ConnectorStatusRecord]) async throws -> Void
    typealias Touch = @Sendable (_ chargePointID: String, _ at: Int64) async throws -> Void
    typealias Status = @Sendable (_ status: ConnectorStatusRecord) async throws -> Void

    private let batch: Batch
    private let single: (touch: Touch, status: Status)
    private var queued: [(item: Item, done: CheckedContinuation<Void, any Error>)] = []
    private var flushing = false

    init(store: any OCPPRepository) {
        self.init(
            batch: { try await store.recordActivity(lastSeen: $0, statuses: $1) },
            touch: { try await store.touch(chargePointID: $0, at: $1) }, status: { try await store.recordStatus($0) })
    }

    /// `batch` stores a whole queue in one transaction; `touch` and `status` one message, after a batch failed.
    init(batch: @escaping Batch, touch: @escaping Touch, status: @escaping Status) {
        self.batch = batch
        single = (touch, status)
    }

    /// Marks the charge point seen at `at`, once stored.
    func touch(chargePointID: String, at: Int64) async throws {
        try await enqueue(.seen(chargePointID: chargePointID, at: at))
    }

    /// Records a connector status, once stored.
    func record(_ status: ConnectorStatusRecord) async throws {
        try await enqueue(.status(status))
    }

    private func enqueue(_ item: Item) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            queued.append((item, done))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    /// Stores the queue until it stays empty; what arrives while a transaction runs goes in the next.
    private func flush() async {
        while !queued.isEmpty {
            let batch = queued
            queued.removeAll(keepingCapacity: true)
            var lastSeen: [String: Int64] = [:]
            var statuses: [ConnectorStatusRecord] = []
            for (item, _) in batch {
                switch item {
                case .seen(let id, let at): lastSeen[id] = max(lastSeen[id] ?? at, at)
                case .status(let status): statuses.append(status)
                }
            }
            do {
                try await self.batch(lastSeen, statuses)
                for (_, done) in batch { done.resume() }
            } catch {
                for (item, done) in batch {
                    do {
                        switch item {
                        case .seen(let id, let at): try await single.touch(id, at)
                        case .status(let status): try await single.status(status)
                        }
                        done.resume()
                    } catch {
                        done.resume(throwing: error)
                    }
                }
            }
        }
        flushing = false
    }
}
