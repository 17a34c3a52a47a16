public import Model
import Synchronization

/// Something that just became durable about a vehicle, for the live feed: its newest state, or its coming
/// online or going offline. Carries the vehicle's owner and city so subscribers are scoped without a lookup.
public struct LiveEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case state, online, offline
        /// Safety monitoring: an alarm, an early warning or a critical event changed (see `safety`).
        case alarm, warning
        case criticalEvent = "critical_event"
    }

    public var kind: Kind
    public var vin: String
    /// Nil for a vehicle not in the registry (only the province sees those).
    public var enterprise: EnterpriseID?
    public var city: City?
    /// Collection time for `state`, the change's time for `online`/`offline` (µs since epoch, UTC).
    public var at: Int64
    /// The report, for `state`.
    public var report: TelemetryRow?
    /// Why, for `online`/`offline`.
    public var reason: String?
    /// What changed, for `alarm`, `warning` and `critical_event`.
    public var safety: SafetyNotice?

    /// Creates an event.
    public init(
        kind: Kind, vin: String, enterprise: EnterpriseID?, city: City?, at: Int64, report: TelemetryRow? = nil,
        reason: String? = nil, safety: SafetyNotice? = nil
    ) {
        self.kind = kind
        self.vin = vin
        self.enterprise = enterprise
        self.city = city
        self.at = at
        self.report = report
        self.reason = reason
        self.safety = safety
    }
}

/// A safety change as the live feed and webhooks carry it.
public struct SafetyNotice: Sendable, Hashable, Codable {
    /// `opened`, `level_changed`, `closed`, `stale`, `escalated`.
    public var change: String
    /// The alarm, warning or event id (for the API's `/api/v1/safety/...` resources).
    public var id: String
    /// Alarm name, warning rule, or the alarms that triggered a critical event (comma-separated).
    public var name: String
    public var level: Int?
    public var openedAt: Int64
    /// `true` when reissued data caused it.
    public var reissue: Bool

    /// Creates a notice.
    public init(change: String, id: String, name: String, level: Int?, openedAt: Int64, reissue: Bool) {
        self.change = change
        self.id = id
        self.name = name
        self.level = level
        self.openedAt = openedAt
        self.reissue = reissue
    }
}

/// In-process publish/subscribe of `LiveEvent`s: the gateway's writer publishes what it committed, WebSocket
/// clients subscribe with a filter (their scope).
///
/// A subscriber that reads slower than events arrive loses the oldest ones beyond `bufferSize`: the feed shows
/// "now", and the history is in the store. Events of other `serve` processes sharing a database do not arrive
/// here (PostgreSQL LISTEN/NOTIFY is the way to carry them, not done yet).
public final class LiveFeed: Sendable {
    private struct Subscriber {
        var accepts: @Sendable (LiveEvent) -> Bool
        var continuation: AsyncStream<LiveEvent>.Continuation
    }

    private let subscribers = Mutex<[UInt64: Subscriber]>([:])
    private let nextID = Atomic<UInt64>(1)

    /// An empty feed.
    public init() {}

    /// A stream of the events `accepts` lets through, from now on; it ends when the caller stops iterating.
    public func subscribe(bufferSize: Int = 1000, _ accepts: @escaping @Sendable (LiveEvent) -> Bool)
        -> AsyncStream<LiveEvent>
    {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        let (stream, continuation) = AsyncStream.makeStream(
            of: LiveEvent.self, bufferingPolicy: .bufferingNewest(max(1, bufferSize)))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = Subscriber(accepts: accepts, continuation: continuation) }
        return stream
    }

    /// Hands each event to every subscriber that accepts it.
    public func publish(_ events: [LiveEvent]) {
        guard !events.isEmpty else { return }
        let current = subscribers.withLock { Array($0.values) }
        for subscriber in current {
            for event in events where subscriber.accepts(event) {
                subscriber.continuation.yield(event)
            }
        }
    }

    /// Subscribers now.
    public var subscriberCount: Int { subscribers.withLock { $0.count } }
}
