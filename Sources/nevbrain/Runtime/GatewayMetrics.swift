import Metrics
import Model
import Store
import Telemetry

/// The gateway's Prometheus series (served at `/metrics` with the HTTP ones): what it committed, how long a
/// frame waited to be durable, and, sampled every 10 s, connections, vehicles online and the queue.
struct GatewayMetrics: Sendable {
    private let reports = Counter(label: "nevbrain_gateway_committed_total", dimensions: [("kind", "report")])
    private let frames = Counter(label: "nevbrain_gateway_committed_total", dimensions: [("kind", "frame")])
    private let presence = Counter(label: "nevbrain_gateway_committed_total", dimensions: [("kind", "presence")])
    private let durable = Timer(label: "nevbrain_gateway_receive_to_durable_seconds")
    private let connections = Gauge(label: "nevbrain_gateway_connections")
    private let online = Gauge(label: "nevbrain_gateway_vehicles_online")
    private let queued = Gauge(label: "nevbrain_gateway_queued_records")

    /// Counts a durable batch, and times its oldest report from receipt to now.
    func committed(_ batch: IngestBatch) {
        reports.increment(by: batch.reports.count)
        frames.increment(by: batch.frames.count)
        presence.increment(by: batch.presence.count)
        if let oldest = batch.reports.lazy.map(\.receivedAt).min() {
            durable.recordNanoseconds(max(0, Clock.nowMicros() - oldest) * 1000)
        }
    }

    /// Samples the gauges.
    func sample(connections: Int, online: Int, queued: Int) {
        self.connections.record(connections)
        self.online.record(online)
        self.queued.record(queued)
    }
}
