import Model
import Store
import Testing

/// The order both stores insert a batch's reports in: the `(vin, collected_at)` index's own, for speed.
@Suite("Ingest order")
struct IngestOrderTests {
    @Test("reports go in by VIN byte order, then collection time, each report exactly once")
    func indexOrder() {
        let vins = ["LB0000000000000002", "LA0000000000000009", "LB0000000000000001", "LA000000000000000Z", "LA"]
        var rows: [TelemetryRow] = []
        for (i, vin) in vins.enumerated() {
            for time in [30, 10, 20] as [Int64] {
                rows.append(TelemetryRow(vin: vin, collectedAt: time, receivedAt: Int64(i), raw: [UInt8(i)]))
            }
        }
        rows.reverse()
        let ordered = IngestBatch(reports: rows).reportsInIndexOrder
        #expect(ordered.count == rows.count)
        #expect(Set(ordered) == Set(rows))
        // Byte order, as the index's "C" collation: a prefix first, digits before letters, past the 8th byte too.
        let expected = vins.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .flatMap { vin in [10, 20, 30].map { (vin, Int64($0)) } }
        #expect(ordered.map(\.vin) == expected.map(\.0))
        #expect(ordered.map(\.collectedAt) == expected.map(\.1))
    }

    @Test("each VIN's newest report: latest collection time, the later arrival on a tie, and its latest receive time")
    func newestPerVehicle() {
        let rows = [
            TelemetryRow(vin: "LB0000000000000001", collectedAt: 20, receivedAt: 5, raw: [0]),
            TelemetryRow(vin: "LA0000000000000001", collectedAt: 10, receivedAt: 9, raw: [1]),
            TelemetryRow(vin: "LB0000000000000001", collectedAt: 30, receivedAt: 2, raw: [2]),
            // A reissue arriving last with an older collection time stays behind the newest report.
            TelemetryRow(vin: "LB0000000000000001", collectedAt: 25, receivedAt: 7, reissue: true, raw: [3]),
            TelemetryRow(vin: "LA0000000000000001", collectedAt: 10, receivedAt: 4, raw: [4]),
        ]
        let order = IngestBatch(reports: rows).reportOrder
        #expect(order.newest.map(\.position) == [4, 2])
        #expect(order.newest.map(\.lastSeenAt) == [9, 7])
        #expect(IngestBatch(reports: rows).latestPerVehicle.map(\.report.raw) == [[4], [2]])
    }

    @Test("VINs that differ only past 24 bytes or by length are different vehicles, in byte order")
    func vinsBeyondTheSortKey() {
        let long = String(repeating: "L", count: 24)
        let vins = [long + "B", "LA\u{0}", long + "A", "LA", long + "B", long + "A", "LA\u{0}", "LA"]
        let rows = vins.enumerated().map { TelemetryRow(vin: $1, collectedAt: Int64($0), receivedAt: 0, raw: []) }
        let order = IngestBatch(reports: rows).reportOrder
        #expect(
            order.positions.map { rows[$0].vin } == [
                "LA", "LA", "LA\u{0}", "LA\u{0}", long + "A", long + "A", long + "B", long + "B",
            ])
        #expect(order.newest.map { rows[$0.position].vin } == ["LA", "LA\u{0}", long + "A", long + "B"])
        #expect(order.newest.map(\.position) == [7, 6, 5, 4])
    }
}
