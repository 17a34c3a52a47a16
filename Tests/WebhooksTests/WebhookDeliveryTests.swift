import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Model
import NIOCore
import SQLiteStore
import Store
import Synchronization
import Testing
import Webhooks

/// Webhook delivery against a real HTTP receiver on loopback: signed requests, retries with backoff, dead letters,
/// scope.
@Suite("Webhook delivery")
struct WebhookDeliveryTests {
    /// A receiver answering 500 to the first `failures` requests, then 200, recording what it got.
    final class Receiver: Sendable {
        struct Received: Sendable {
            let at: ContinuousClock.Instant
            let headers: [String: String]
            let body: String
        }
        let failures: Int
        let received = Mutex<[Received]>([])
        init(failures: Int) { self.failures = failures }
    }

    /// Runs `body` with a receiver listening on 127.0.0.1 and the URL to post to.
    static func withReceiver(
        _ receiver: Receiver, _ body: @escaping @Sendable (String) async throws -> Void
    ) async throws {
        let router = Router()
        router.post("/hook") { request, context -> HTTPResponse.Status in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let count = receiver.received.withLock {
                $0.append(.init(at: .now, headers: headers, body: String(buffer: buffer)))
                return $0.count
            }
            return count <= receiver.failures ? .internalServerError : .ok
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "receiver")
        logger.logLevel = .critical  // Cancelling the server at the end logs an error that says nothing here.
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body("http://127.0.0.1:\(port)/hook")
            group.cancelAll()
        }
    }

    static func withStore(_ body: (SQLiteStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nevbrain-hooks-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("hooks.sqlite").path)
        try await store.migrate()
        try await body(store)
        try await store.close()
    }

    static func event(city: City? = .ningbo, kind: LiveEvent.Kind = .alarm) -> LiveEvent {
        LiveEvent(
            kind: kind, vin: "LJ8E3C1MXGB008909", enterprise: "zeekr", city: city, at: 1_795_570_200_000_000,
            safety: SafetyNotice(
                change: "opened", id: "LJ8E3C1MXGB008909-flag-11-1795570200", name: "insulation", level: 2,
                openedAt: 1_795_570_200_000_000, reissue: false))
    }

    static func hook(_ url: String, kinds: [String] = ["alarm"], city: City? = nil) -> WebhookRecord {
        WebhookRecord(
            id: UUID().uuidString, url: url, secret: "s3cret", kinds: kinds, city: city, enterprise: nil, createdAt: 1,
            createdBy: "test")
    }

    /// Runs the dispatcher until `done` holds (or 20 s pass).
    static func deliver(
        _ dispatcher: WebhookDispatcher, until done: @escaping @Sendable () async throws -> Bool
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await dispatcher.run() }
            let deadline = ContinuousClock.now + .seconds(20)
            while try await !done(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            group.cancelAll()
        }
    }

    @Test("a receiver that fails twice then succeeds gets the same signed delivery three times, with backoff")
    func failsTwiceThenSucceeds() async throws {
        let receiver = Receiver(failures: 2)
        try await Self.withReceiver(receiver) { url in
            try await Self.withStore { store in
                let hook = Self.hook(url)
                try await store.webhooks.insert(hook)
                let dispatcher = WebhookDispatcher(
                    store: store, logger: Logger(label: "test"),
                    policy: RetryPolicy(maxAttempts: 5, base: .milliseconds(100)), poll: .milliseconds(20))
                try await dispatcher.publish([Self.event()])
                try await Self.deliver(dispatcher) {
                    try await store.webhooks.deliveries(webhookID: hook.id, status: "delivered", limit: 1).count == 1
                }
                let delivery = try #require(
                    try await store.webhooks.deliveries(webhookID: hook.id, status: nil, limit: 10).first)
                #expect(delivery.status == "delivered" && delivery.attempts == 3 && delivery.lastError == nil)

                let received = receiver.received.withLock { $0 }
                #expect(received.count == 3)
                for request in received {
                    #expect(request.headers["x-nevbrain-delivery"] == delivery.id)
                    #expect(request.headers["x-nevbrain-event"] == "alarm.opened")
                    let timestamp = try #require(request.headers["x-nevbrain-timestamp"].flatMap { Int64($0) })
                    let signature = try #require(request.headers["x-nevbrain-signature"])
                    #expect(
                        WebhookSignature.verify(signature, secret: "s3cret", timestamp: timestamp, body: request.body))
                    #expect(
                        !WebhookSignature.verify(signature, secret: "other", timestamp: timestamp, body: request.body))
                    let payload = try JSONDecoder().decode(WebhookPayload.self, from: Data(request.body.utf8))
                    #expect(payload.vin == "LJ8E3C1MXGB008909" && payload.level == 2 && payload.delivery == delivery.id)
                }
                // Backoff: at least 100 ms, then at least 200 ms between attempts.
                #expect(received[1].at - received[0].at >= .milliseconds(100))
                #expect(received[2].at - received[1].at >= .milliseconds(200))
            }
        }
    }

    @Test("a receiver that keeps failing: the delivery goes to the dead-letter list, and a retry sends it again")
    func deadLetter() async throws {
        let receiver = Receiver(failures: .max)
        try await Self.withReceiver(receiver) { url in
            try await Self.withStore { store in
                let hook = Self.hook(url)
                try await store.webhooks.insert(hook)
                let dispatcher = WebhookDispatcher(
                    store: store, logger: Logger(label: "test"),
                    policy: RetryPolicy(maxAttempts: 3, base: .milliseconds(10)), poll: .milliseconds(20))
                try await dispatcher.publish([Self.event()])
                try await Self.deliver(dispatcher) {
                    try await store.webhooks.deliveries(webhookID: hook.id, status: "dead", limit: 1).count == 1
                }
                let dead = try #require(
                    try await store.webhooks.deliveries(webhookID: hook.id, status: "dead", limit: 10).first)
                #expect(dead.attempts == 3 && dead.lastError == "HTTP 500")
                #expect(receiver.received.withLock { $0.count } == 3)
            }
        }
    }

    @Test("scope and kinds: a city's webhook gets only its city's events of the kinds it asked for")
    func scope() async throws {
        try await Self.withStore { store in
            let hangzhou = Self.hook("http://127.0.0.1:9/none", kinds: ["alarm", "critical_event"], city: .hangzhou)
            let province = Self.hook("http://127.0.0.1:9/none", kinds: ["warning"])
            try await store.webhooks.insert(hangzhou)
            try await store.webhooks.insert(province)
            let dispatcher = WebhookDispatcher(store: store, logger: Logger(label: "test"))
            try await dispatcher.publish([
                Self.event(city: .ningbo), Self.event(city: .hangzhou), Self.event(city: nil, kind: .warning),
                LiveEvent(kind: .state, vin: "x", enterprise: nil, city: .hangzhou, at: 0),
            ])
            let toHangzhou = try await store.webhooks.deliveries(webhookID: hangzhou.id, status: nil, limit: 10)
            #expect(toHangzhou.map(\.event) == ["alarm.opened"])
            #expect(toHangzhou.first?.payload.contains("\"city\":\"hangzhou\"") == true)
            let toProvince = try await store.webhooks.deliveries(webhookID: province.id, status: nil, limit: 10)
            #expect(toProvince.map(\.event) == ["warning.opened"])
        }
    }

    @Test("backoff doubles from the base up to the cap")
    func backoff() {
        let policy = RetryPolicy(maxAttempts: 8, base: .seconds(1), cap: .seconds(5))
        #expect((1...5).map { policy.delay(after: $0) } == [1, 2, 4, 5, 5].map { Int64($0) * 1_000_000 })
    }
}
