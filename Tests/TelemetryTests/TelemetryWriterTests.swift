import Foundation
import GBT32960
import Logging
import Model
import SQLiteStore
import Store
import Synchronization
import Telemetry
import Testing

@Suite("Telemetry writer")
struct TelemetryWriterTests {
    static func row(_ i: Int) -> TelemetryRow {
        TelemetryRow(vin: "LGXCE6CB0R0000001", collectedAt: Int64(i) * 1_000_000, receivedAt: 0, raw: [UInt8(i % 256)])
    }

    /// A migrated SQLite store in a folder of its own; the caller removes the folder.
    static func temporaryStore() async throws -> (SQLiteStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nevbrain-writer-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder.appendingPathComponent("w.sqlite").path)
        try await store.migrate()
        return (store, folder)
    }

    @Test("a full queue asks for backpressure, keeps every row, and resumes readers once drained")
    func backpressure() async throws {
        let (store, folder) = try await Self.temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = TelemetryWriter(
            store: store, configuration: .init(capacity: 100, maxBatch: 30), logger: Logger(label: "test"))

        // Before the writer runs nothing drains: the 100th row reports a full queue, and later rows are kept.
        let room = (0..<150).map { writer.submit(Self.row($0)) }
        #expect(room.prefix(99).allSatisfy { $0 })
        #expect(room.suffix(51).allSatisfy { !$0 })
        let resumed = Mutex(false)
        writer.whenRoom { resumed.withLock { $0 = true } }
        #expect(!resumed.withLock { $0 })

        let running = Task { await writer.run() }
        while writer.written < 150 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(resumed.withLock { $0 })
        writer.finish()
        await running.value
        #expect(try await store.telemetry.count() == 150)
        #expect(writer.queued == 0)
        try await store.close()
    }

    @Test("with lanes, every record is written and each vehicle's records commit in the order they came")
    func lanes() async throws {
        let (store, folder) = try await Self.temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let committed = Mutex<[String: [Int64]]>([:])
        let writer = TelemetryWriter(
            store: store, configuration: .init(capacity: 90, maxBatch: 40, lanes: 3), logger: Logger(label: "test")
        ) { batch in
            committed.withLock { for row in batch.reports { $0[row.vin, default: []].append(row.collectedAt) } }
        }
        let vins = (0..<20).map { String(format: "LGXCE6CB0R%07d", $0) }
        // 90 records fill the three lanes of 30 only if the vehicles spread over all three.
        var room: [Bool] = []
        for i in 0..<3000 {
            var row = Self.row(i)
            row.vin = vins[i % vins.count]
            room.append(writer.submit(row))
        }
        #expect(room.contains(false) && room.prefix(30).allSatisfy { $0 })
        let running = Task { await writer.run() }
        while writer.written < 3000 { try await Task.sleep(for: .milliseconds(5)) }
        writer.finish()
        await running.value
        #expect(try await store.telemetry.count() == 3000)
        let order = committed.withLock { $0 }
        #expect(order.count == 20)
        for (vin, times) in order {
            #expect(times.count == 150 && times == times.sorted(), "\(vin)")
        }
        try await store.close()
    }

    @Test("the platform clock in GB/T 32960 time is Beijing time and round-trips through unixTime")
    func beijingClock() {
        for seconds: Int64 in [946_656_000, 1_783_378_504, 1_795_570_207, 4_102_415_999] {
            let time = CollectionTime(beijingTimeOf: seconds)
            #expect(time.unixTime == seconds, "\(seconds) -> \(time)")
        }
        #expect(CollectionTime(beijingTimeOf: 1_783_378_504).iso8601 == "2026-07-07T06:55:04+08:00")
        // The wire format holds years 2000-2099 only: earlier clocks are clamped, never wrapped.
        #expect(CollectionTime(beijingTimeOf: 0).year == 0)
    }
}
