import ArgumentParser
import Foundation
import HTTPTypes
import HummingbirdWSClient
import Identity
import Logging
import Model
import NIOCore
import NIOWebSocket
import OCPPCentral
import SQLiteStore
import ServiceLifecycle
import Store
import Synchronization
import WebAPI

/// `nevbrain bench ocpp`: N charge points connected at once over OCPP 1.6J, each booting, reporting a status and
/// then sending a heartbeat and a status change every period; reports the server's memory per connection and the
/// messages per second it answered.
///
/// The server (HTTP API with the OCPP WebSocket, on a fresh SQLite store) runs in this process; a child process
/// (this binary with `--client-of PORT`) plays the charge points, so each side has its own open-file limit. Every
/// message is answered by the central system and written to the store (heartbeats update last-seen, statuses the
/// latest status and its history).
struct BenchOCPPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocpp",
        abstract: "Hold N OCPP charge-point connections with heartbeats and status changes; memory and messages/s.")

    @Option(help: "Charge points connected at once") var count = 10_000
    @Option(help: "Seconds of heartbeats and status changes once all are connected") var duration = 60
    @Option(help: "Seconds between one charge point's heartbeat-and-status rounds") var period = 10
    @Option(
        name: .customLong("client-of"),
        help: ArgumentHelp("Run as the client process against this port", visibility: .hidden))
    var clientOf: Int?

    static let password = "bench-password-0123456789"

    func run() async throws {
        LogSetup.bootstrap(level: "warning")
        let limit = BenchConnectionsCommand.raiseFileLimit(to: count + 4096)
        if let port = clientOf {
            try await Self.runClients(port: port, count: count, duration: duration, period: period)
            return
        }
        guard limit >= count + 1024 else {
            throw ValidationError("the open-file limit is \(limit); \(count) connections need more")
        }
        var logger = Logger(label: "nevbrain.bench.ocpp")
        logger.logLevel = .warning
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "nevbrain-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path, cacheMegabytes: 8)
        try await store.migrate()
        // bcrypt cost 4: the handshake checks every charge point's password, and cost 11 would make connecting
        // 10,000 of them a bcrypt benchmark.
        let hasher = PasswordHasher(cost: 4)
        let hash = hasher.hash(Self.password)
        let now = Clock.nowMicros()
        for i in 0..<count {
            try await store.ocpp.insertChargePoint(
                ChargePointRecord(id: Self.chargePointID(i), passwordHash: hash, createdAt: now))
        }
        let central = CentralSystem(store: store.ocpp, heartbeatInterval: period, logger: logger)
        let services = PlatformServices(
            store: store, identity: IdentityService(store: store, hasher: hasher), metrics: PlatformMetrics.registry,
            version: NevBrain.version, centralSystem: central)
        var configuration = PlatformConfiguration()
        configuration.httpPort = 0
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = try PlatformAPI.application(configuration: configuration, services: services, logger: logger) {
            _, port in portContinuation.yield(port)
        }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let serving = Task { try await group.run() }
        var ports = portStream.makeAsyncIterator()
        guard let port = await ports.next() else { throw ValidationError("the HTTP server did not start") }
        try await Task.sleep(for: .milliseconds(300))
        let before = ProcessMemory.residentKilobytes()
        print(
            "ocpp bench: \(count) charge points, a heartbeat and a status change each every \(period) s for \(duration) s; server resident \(before / 1024) MB before"
        )

        let started = ContinuousClock.now
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        child.arguments = [
            "bench", "ocpp", "--client-of", String(port), "--count", String(count), "--duration", String(duration),
            "--period", String(period),
        ]
        let output = Pipe()
        child.standardOutput = output
        try child.run()
        let lines = AsyncStream<String> { continuation in
            let reader = output.fileHandleForReading
            Thread.detachNewThread {
                var text = ""
                while true {
                    let chunk = reader.availableData
                    if chunk.isEmpty { break }
                    text += String(decoding: chunk, as: UTF8.self)
                    while let newline = text.firstIndex(of: "\n") {
                        continuation.yield(String(text[..<newline]))
                        text = String(text[text.index(after: newline)...])
                    }
                }
                continuation.finish()
            }
        }
        var failed = false
        for await line in lines {
            if line.hasPrefix("ready ") {
                let booted = Int(line.dropFirst(6)) ?? 0
                let held = await central.connected().count
                try await Task.sleep(for: .seconds(1))
                let after = ProcessMemory.residentKilobytes()
                print(
                    String(
                        format: "held     %d connections (%d booted) in %.1f s", held, booted,
                        (ContinuousClock.now - started).seconds))
                print(
                    String(
                        format: "memory   server resident %d MB: %.1f KB per connection", after / 1024,
                        Double(after - before) / Double(max(held, 1))))
                if held < count || booted < count { failed = true }
            } else if line.hasPrefix("done ") {
                let parts = line.split(separator: " ").compactMap { Double($0) }
                if parts.count == 6 {
                    print(
                        String(
                            format:
                                "messages %.0f answered in %.1f s: %.0f messages/s (offered %d/s; %.0f connections lost)",
                            parts[0], parts[1], parts[0] / parts[1], 2 * count / period, parts[2]))
                    print(
                        String(
                            format: "latency  call to answer: median %.2f ms, p99 %.2f ms, max %.2f ms", parts[3],
                            parts[4], parts[5]))
                    if parts[2] > 0 { failed = true }
                }
            } else {
                print("  client: \(line)")
            }
        }
        child.waitUntilExit()
        print(String(format: "peak     server resident %d MB", ProcessMemory.peakMegabytes()))
        serving.cancel()
        await group.triggerGracefulShutdown()
        _ = try? await serving.value
        try await store.close()
        if failed { throw ExitCode(1) }
    }

    static func chargePointID(_ i: Int) -> String { String(format: "BENCH-%05d", i) }

    /// The client process: connects `count` charge points (at most 256 handshakes in flight), each boots and reports
    /// Available; prints "ready N"; then each sends a Heartbeat and a StatusNotification every `period` seconds (start
    /// spread over the period) for `duration` seconds; prints "done <answered> <seconds> <unanswered>".
    static func runClients(port: Int, count: Int, duration: Int, period: Int) async throws {
        let logger = {
            var logger = Logger(label: "nevbrain.bench.ocpp.client")
            logger.logLevel = .critical
            return logger
        }()
        let tally = ClientTally()
        let go = Gate()
        let authorization = HTTPField.Name.authorization
        guard let subprotocol = HTTPField.Name("Sec-WebSocket-Protocol") else { return }
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<count {
                while i - tally.booted.load(ordering: .relaxed) - tally.lost.load(ordering: .relaxed) >= 256 {
                    try? await Task.sleep(for: .milliseconds(5))
                }
                let id = chargePointID(i)
                let credentials = Data("\(id):\(password)".utf8).base64EncodedString()
                group.addTask {
                    // Where the charge point was when its connection was lost, for the report.
                    let stage = Mutex("connecting")
                    do {
                        try await WebSocketClient.connect(
                            url: "ws://127.0.0.1:\(port)/ocpp/\(id)",
                            configuration: .init(
                                additionalHeaders: [authorization: "Basic \(credentials)", subprotocol: "ocpp1.6"]),
                            logger: logger
                        ) { inbound, outbound, _ in
                            // Read all the time, as a charge point's WebSocket stack does: the server's pings are
                            // answered while reading, and a charge point waiting without reading would be dropped.
                            let (answers, delivered) = AsyncStream<String>.makeStream()
                            let reading = Task {
                                for try await message in inbound.messages(maxSize: 1 << 16) {
                                    if case .text(let text) = message { delivered.yield(text) }
                                }
                                delivered.finish()
                            }
                            defer { reading.cancel() }
                            var replies = answers.makeAsyncIterator()
                            var sequence = 0
                            // One call, one answer: a charge point sends its next call only once answered.
                            func frame(_ action: String, _ payload: String) -> String {
                                sequence += 1
                                return #"[2,"\#(sequence)","\#(action)",\#(payload)]"#
                            }
                            try await outbound.write(
                                .text(
                                    frame("BootNotification", #"{"chargePointVendor":"Bench","chargePointModel":"B1"}"#)
                                ))
                            guard await replies.next() != nil else { return }
                            try await outbound.write(
                                .text(frame("StatusNotification", Self.status(1, "Available"))))
                            guard await replies.next() != nil else { return }
                            tally.answered.add(2, ordering: .relaxed)
                            tally.booted.add(1, ordering: .relaxed)
                            stage.withLock { $0 = "waiting for the rounds" }
                            // Wait for every charge point, then spread the rounds over the period: round k at
                            // begin + offset + k periods, while that is inside the duration (no trailing wait, so
                            // the elapsed time is the time the rounds took).
                            await go.wait()
                            guard let begin = tally.start.withLock({ $0 }) else { return }
                            var due = begin + .milliseconds(Int.random(in: 0..<(period * 1000)))
                            var charging = false
                            while due - begin < .seconds(duration) {
                                stage.withLock { $0 = "between rounds" }
                                try await Task.sleep(until: due)
                                stage.withLock { $0 = "in a round" }
                                var sent = ContinuousClock.now
                                try await outbound.write(.text(frame("Heartbeat", "{}")))
                                guard await replies.next() != nil else { return }
                                tally.answer(since: sent)
                                charging.toggle()
                                sent = ContinuousClock.now
                                try await outbound.write(
                                    .text(
                                        frame("StatusNotification", Self.status(1, charging ? "Charging" : "Available"))
                                    ))
                                guard await replies.next() != nil else { return }
                                tally.answer(since: sent)
                                due += .seconds(period)
                            }
                            // Close, and wait for the reader to see the server's close: returning with the reader
                            // still iterating the inbound stream made the library's own close handshake fail with
                            // CancellationError when `defer` cancelled the reader, which counted as a lost connection.
                            stage.withLock { $0 = "closing after the rounds" }
                            try await outbound.close(.normalClosure, reason: nil)
                            _ = await reading.result
                        }
                    } catch {
                        tally.lost.add(1, ordering: .relaxed)
                        let key = "\(stage.withLock { $0 }): \(error)"
                        tally.reasons.withLock { $0[key, default: 0] += 1 }
                    }
                }
            }
            let deadline = ContinuousClock.now + .seconds(300)
            while tally.booted.load(ordering: .relaxed) + tally.lost.load(ordering: .relaxed) < count,
                ContinuousClock.now < deadline
            {
                try? await Task.sleep(for: .milliseconds(100))
            }
            say("ready \(tally.booted.load(ordering: .relaxed))")
            try? await Task.sleep(for: .seconds(2))  // the parent measures memory at rest
            let counted = tally.answered.load(ordering: .relaxed)
            let began = ContinuousClock.now
            tally.start.withLock { $0 = began }
            go.open()
            await group.waitForAll()
            for (reason, n) in tally.reasons.withLock({ $0 }).sorted(by: { $0.value > $1.value }).prefix(5) {
                say("lost \(n): \(reason)")
            }
            let seconds = (tally.lastAnswer.withLock { $0 } ?? ContinuousClock.now) - began
            let latencies = tally.latencies.withLock { $0 }.sorted()
            func percentile(_ p: Double) -> Double {
                latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
            }
            say(
                String(
                    format: "done %d %.2f %d %.2f %.2f %.2f", tally.answered.load(ordering: .relaxed) - counted,
                    seconds.seconds, tally.lost.load(ordering: .relaxed), percentile(0.5), percentile(0.99),
                    latencies.last ?? 0))
        }
    }

    static func status(_ connector: Int, _ status: String) -> String {
        #"{"connectorId":\#(connector),"errorCode":"NoError","status":"\#(status)"}"#
    }

    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// Holds every waiting task until opened once.
private final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let openAlready = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiting.append(continuation)
                return false
            }
            if openAlready { continuation.resume() }
        }
    }

    func open() {
        let waiting = state.withLock { state in
            state.open = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}

/// What the client process counts, shared by every charge point task.
private final class ClientTally: Sendable {
    let booted = Atomic<Int>(0)
    let answered = Atomic<Int>(0)
    let lost = Atomic<Int>(0)
    /// When the heartbeat rounds began.
    let start = Mutex<ContinuousClock.Instant?>(nil)
    /// Each round call's time to its answer, milliseconds, and when the last answer came.
    let latencies = Mutex<[Double]>([])
    let lastAnswer = Mutex<ContinuousClock.Instant?>(nil)
    /// Why connections were lost, with how many each.
    let reasons = Mutex<[String: Int]>([:])

    func answer(since sent: ContinuousClock.Instant) {
        let now = ContinuousClock.now
        answered.add(1, ordering: .relaxed)
        latencies.withLock { $0.append((now - sent).seconds * 1000) }
        lastAnswer.withLock { $0 = max($0 ?? now, now) }
    }
}
