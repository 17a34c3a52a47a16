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
}
