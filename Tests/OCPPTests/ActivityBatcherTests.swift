import Store
import Synchronization
import Testing

@testable import OCPPCentral

/// Heartbeats and statuses share store transactions under load, each caller answered once its message is stored,
/// and a failed batch fails only the message at fault.
@Suite("Activity batcher")
struct ActivityBatcherTests {
    static func status(_ cp: String) -> ConnectorStatusRecord {
        ConnectorStatusRecord(chargePointID: cp, connectorID: 1, status: "Available", errorCode: "NoError", at: 1)
    }

    @Test("200 concurrent messages go in a few transactions, every one stored before its caller returns")
    func batchesUnderLoad() async throws {
        let batches = Mutex<[(seen: [String: Int64], statuses: Int)]>([])
        let batcher = ActivityBatcher(
            batch: { seen, statuses in
                // A slow store: what arrives meanwhile must queue for the next transaction.
                try await Task.sleep(for: .milliseconds(20))
                batches.withLock { $0.append((seen, statuses.count)) }
            },
            touch: { _, _ in Issue.record("no single touch when batches succeed") },
            status: { _ in Issue.record("no single status when batches succeed") })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<100 {
                group.addTask { try await batcher.touch(chargePointID: "CP-\(i % 10)", at: Int64(i)) }
                group.addTask { try await batcher.record(Self.status("CP-\(i)")) }
            }
            try await group.waitForAll()
        }
        let done = batches.withLock { $0 }
        #expect(done.map(\.statuses).reduce(0, +) == 100)
        #expect(done.count < 20, "\(done.count) transactions for 200 messages")
        // Touches of one charge point in one batch keep the latest time.
        let seen = done.flatMap(\.seen).filter { $0.key == "CP-9" }.map(\.value)
        #expect(seen.max() == 99)
    }

    @Test("a failed batch is retried message by message; only the bad message fails")
    func fallsBackOneByOne() async throws {
        struct Refused: Error {}
        let stored = Mutex<[String]>([])
        let batcher = ActivityBatcher(
            batch: { _, _ in throw Refused() },
            touch: { id, _ in stored.withLock { $0.append("seen \(id)") } },
            status: { s in
                if s.chargePointID == "gone" { throw Refused() }
                stored.withLock { $0.append("status \(s.chargePointID)") }
            })
        async let good: Void = batcher.record(Self.status("CP-1"))
        async let seen: Void = batcher.touch(chargePointID: "CP-2", at: 5)
        async let bad: Result<Void, any Error> = { () async -> Result<Void, any Error> in
            do { return .success(try await batcher.record(Self.status("gone"))) } catch { return .failure(error) }
        }()
        try await good
        try await seen
        let refused = await bad
        #expect(throws: Refused.self) { try refused.get() }
        #expect(Set(stored.withLock { $0 }) == ["status CP-1", "seen CP-2"])
    }
}
