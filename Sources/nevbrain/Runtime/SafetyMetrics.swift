import Metrics
import Safety
import Store

/// Safety monitoring's Prometheus series: alarms and critical events opened by level, early warnings by rule,
/// data-quality findings by code, and the batches waiting for the monitor.
struct SafetyMetrics: Sendable {
    private let queued = Gauge(label: "nevbrain_safety_queued_batches")

    /// Counts what one recorded batch opened or found.
    func recorded(_ output: SafetyOutput) {
        for change in output.alarms where change.kind == .opened {
            Counter(label: "nevbrain_safety_alarms_opened_total", dimensions: [("level", "\(change.level)")])
                .increment()
        }
        for change in output.events where change.kind == .opened {
            Counter(label: "nevbrain_safety_critical_events_total", dimensions: [("level", "\(change.event.level)")])
                .increment()
        }
        for change in output.warnings where change.kind == .opened {
            Counter(label: "nevbrain_safety_warnings_opened_total", dimensions: [("rule", change.rule.rawValue)])
                .increment()
        }
        var findings: [String: Int] = [:]
        for report in output.findings { for code in report.codes { findings[code, default: 0] += 1 } }
        for (code, count) in findings {
            Counter(label: "nevbrain_quality_findings_total", dimensions: [("code", code)]).increment(by: count)
        }
    }

    /// Samples the queue gauge.
    func sample(queued: Int) { self.queued.record(queued) }
}
