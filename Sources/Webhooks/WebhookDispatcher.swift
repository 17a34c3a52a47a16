public import AsyncHTTPClient
import Foundation
public import Logging
public import Model
import NIOCore
import NIOHTTP1
public import Store
import Synchronization

/// When to try a failed delivery again: after `base`, doubling each time up to `cap`; after `maxAttempts` attempts
/// the delivery is dead (kept in the dead-letter list, retried only on request).
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var base: Int64
    public var cap: Int64

    /// The default: 8 attempts, 1 s, 2 s, 4 s ... at most an hour apart (about 4 minutes in all).
    public init(maxAttempts: Int = 8, base: Duration = .seconds(1), cap: Duration = .seconds(3600)) {
        self.maxAttempts = max(1, maxAttempts)
        self.base = Self.micros(base)
        self.cap = Self.micros(cap)
    }

    /// The wait after attempt number `attempt` (1-based) failed.
    public func delay(after attempt: Int) -> Int64 {
        let doubled = base << Int64(min(max(0, attempt - 1), 40))
        return min(cap, doubled < base ? cap : doubled)
    }

    private static func micros(_ d: Duration) -> Int64 {
        d.components.seconds * 1_000_000 + d.components.attoseconds / 1_000_000_000_000
    }
}

/// Delivers safety events to webhooks: each matching webhook gets a delivery row (so nothing is lost across a
/// restart), then an HTTP POST with an HMAC signature; failures are retried with exponential backoff and end in the
/// dead-letter list. Receivers see each delivery at least once; the `delivery` id is stable across retries.
public final class WebhookDispatcher: Sendable {
    private let store: any PlatformStore
    private let client: HTTPClient
    private let logger: Logger
    private let policy: RetryPolicy
    private let timeout: TimeAmount
    /// How often the queue is looked at when nothing is due sooner.
    private let poll: Duration
    private let hooks = Mutex<[WebhookRecord]?>(nil)

    /// A dispatcher posting with `client`.
    public init(
        store: any PlatformStore, client: HTTPClient = .shared, logger: Logger, policy: RetryPolicy = RetryPolicy(),
        timeout: TimeAmount = .seconds(10), poll: Duration = .milliseconds(250)
    ) {
        self.store = store
        self.client = client
        self.logger = logger
        self.policy = policy
        self.timeout = timeout
        self.poll = poll
    }

    /// Webhooks were added or removed: read them again before the next event.
    public func webhooksChanged() {
        hooks.withLock { $0 = nil }
    }

    /// Queues a delivery of each safety event to each webhook that wants it.
    public func publish(_ events: [LiveEvent]) async throws {
        let safety = events.filter { $0.safety != nil }
        guard !safety.isEmpty else { return }
        let webhooks: [WebhookRecord]
        if let cached = hooks.withLock({ $0 }) {
            webhooks = cached
        } else {
            webhooks = try await store.webhooks.list()
            hooks.withLock { $0 = webhooks }
        }
        guard !webhooks.isEmpty else { return }
        let now = Clock.nowMicros()
        var deliveries: [WebhookDelivery] = []
        for event in safety {
            for hook in webhooks where hook.wants(event) {
                let id = UUID().uuidString.lowercased()
                guard let payload = WebhookPayload(event, delivery: id) else { continue }
                deliveries.append(
                    WebhookDelivery(
                        id: id, webhookID: hook.id, event: payload.event, payload: payload.json, nextAttemptAt: now,
                        createdAt: now))
            }
        }
        try await store.webhooks.enqueue(deliveries)
    }

    /// Delivers what is due until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await deliverDue()
                let next = try await store.webhooks.nextDue()
                let wait = next.map { Duration.microseconds(max(0, $0 - Clock.nowMicros())) } ?? poll
                try await Task.sleep(for: min(wait, poll))
            } catch is CancellationError {
                return
            } catch {
                logger.warning("webhook delivery round failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: poll)
            }
        }
    }

    /// One round: every delivery due now, at most 16 at a time.
    public func deliverDue() async throws {
        let due = try await store.webhooks.due(now: Clock.nowMicros(), limit: 256)
        guard !due.isEmpty else { return }
        var byID: [String: WebhookRecord] = [:]
        for id in Set(due.map(\.webhookID)) { byID[id] = try await store.webhooks.find(id: id) }
        let hooksByID = byID
        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            for delivery in due {
                guard let hook = hooksByID[delivery.webhookID] else { continue }
                if running == 16 {
                    try await group.next()
                    running -= 1
                }
                group.addTask { try await self.attempt(delivery, to: hook) }
                running += 1
            }
            try await group.waitForAll()
        }
    }

    private func attempt(_ delivery: WebhookDelivery, to hook: WebhookRecord) async throws {
        var delivery = delivery
        delivery.attempts += 1
        let now = Clock.nowMicros()
        let timestamp = now / 1_000_000
        var request = HTTPClientRequest(url: hook.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "nevbrain-webhooks")
        request.headers.add(name: "X-Nevbrain-Event", value: delivery.event)
        request.headers.add(name: "X-Nevbrain-Delivery", value: delivery.id)
        request.headers.add(name: WebhookSignature.timestampHeader, value: "\(timestamp)")
        request.headers.add(
            name: WebhookSignature.header,
            value: WebhookSignature.sign(secret: hook.secret, timestamp: timestamp, body: delivery.payload))
        request.body = .bytes(ByteBuffer(string: delivery.payload))
        var failure: String?
        do {
            let response = try await client.execute(request, timeout: timeout)
            if !(200..<300).contains(response.status.code) { failure = "HTTP \(response.status.code)" }
            // Read (and drop) the body so the connection can be reused.
            _ = try? await response.body.collect(upTo: 64 * 1024)
        } catch {
            failure = "\(error)"
        }
        if let failure {
            delivery.lastError = String(failure.prefix(500))
            if delivery.attempts >= policy.maxAttempts {
                delivery.status = "dead"
                logger.warning(
                    "webhook delivery dead", metadata: ["webhook": "\(hook.id)", "delivery": "\(delivery.id)"])
            } else {
                delivery.nextAttemptAt = now + policy.delay(after: delivery.attempts)
            }
        } else {
            delivery.status = "delivered"
            delivery.deliveredAt = Clock.nowMicros()
            delivery.lastError = nil
        }
        try await store.webhooks.update(delivery)
    }
}
