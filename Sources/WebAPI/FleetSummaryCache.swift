import Store
import Synchronization

/// Fleet summaries of the last few seconds, one per filter.
///
/// A summary counts every registered vehicle against its latest state: a join over the whole registry per
/// request (100-260 ms for 100,000 vehicles in BENCHMARKS.md). Dashboards poll it; counts a few seconds old
/// serve them as well, so a summary is reused for `maxAge` (the API description says so).
final class FleetSummaryCache: Sendable {
    private struct Entry {
        var summary: FleetSummary
        var computedAt: ContinuousClock.Instant
    }

    let maxAge: Duration
    private let entries = Mutex<[FleetFilter: Entry]>([:])

    /// A cache keeping each summary for `maxAge`; zero or less turns it off.
    init(maxAge: Duration) {
        self.maxAge = maxAge
    }

    /// The summary for `filter`: a cached one younger than `maxAge`, else `compute()`'s, which is then kept.
    func summary(_ filter: FleetFilter, compute: () async throws -> FleetSummary) async throws -> FleetSummary {
        // The age counts from before the read, so a kept summary is never older than `maxAge`.
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[filter] }), now - entry.computedAt < maxAge {
            return entry.summary
        }
        let summary = try await compute()
        guard maxAge > .zero else { return summary }
        entries.withLock { entries in
            // Filters asked once do not pile up: drop what has expired.
            entries = entries.filter { now - $0.value.computedAt < maxAge }
            entries[filter] = Entry(summary: summary, computedAt: now)
        }
        return summary
    }
}
