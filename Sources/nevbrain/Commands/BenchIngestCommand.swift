import ArgumentParser
import Foundation
import GBT32960
import Identity
import Logging
import Model
import NIOCore
import NIOPosix
import SQLiteStore
import Store
import Synchronization
import Telemetry

/// `nevbrain bench ingest`: the gateway end to end on loopback, as the OEM platforms load it. Forwarding
/// platforms (0x05 login) send 2016 realtime frames like frame 2 (334 bytes, 104 cells) for their registered
/// vehicles, many frames per write; the gateway decodes, checks ownership, queues and commits them in batches.
/// At the end each platform logs out and waits for the reply, so every frame it sent has been handed to the
/// writer; then the writer drains and the rows in the store are counted against the frames sent.
struct BenchIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Sustained GB/T 32960 ingest through the gateway into a store: rate, loss, latency, memory.",
        discussion: """
            Without --store, a fresh SQLite file in a temporary folder. With postgres://..., use a throwaway
            database: the bench registers its vehicles and platform accounts there.
            Reports: frames sent and stored (zero loss means equal), the rate over the whole run (first frame
            sent to last commit), receive-to-durable latency percentiles (gateway receive time to the commit of
            the frame's batch), and the process's peak resident memory (client and gateway share the process).
            """)

    @Option(help: "sqlite:PATH or postgres://... (default: fresh temporary SQLite file)") var store: String?
    @Option(help: "Seconds of sending") var seconds = 60.0
    @Option(help: "Forwarding platforms, one connection each") var platforms = 4
    @Option(help: "Registered vehicles, shared among the platforms") var vehicles = 10_000
    @Option(name: .customLong("frames-per-write"), help: "Frames per socket write") var framesPerWrite = 64
    @Option(help: "Target frames per second in all (0: as fast as the gateway takes them)") var rate = 0
    @Option(help: "Records per store transaction at most (the writer's batch)")
    var batch = TelemetryWriter.Configuration().maxBatch
    @Option(help: "Transactions in flight at once (default: 1 on SQLite, one per core on PostgreSQL)") var lanes: Int?

    func validate() throws {
        guard platforms > 0, vehicles >= platforms, framesPerWrite > 0, seconds > 0, rate >= 0, batch > 0 else {
            throw ValidationError(
                "--platforms, --vehicles (at least one per platform), --frames-per-write, --seconds and --batch must be positive"
            )
        }
    }

    func run() async throws {
        LogSetup.bootstrap(level: "warning")
        var logger = Logger(label: "nevbrain.bench.ingest")
        logger.logLevel = .warning
        let (store, cleanup) = try await openStore(logger: logger)
        defer { cleanup() }
        try await store.migrate()
        let setup = try await register(store)
        let before = try await store.telemetry.count()

        let latencies = LatencyHistogram()
        let writer = TelemetryWriter(
            store: store,
            configuration: TelemetryWriter.Configuration(
                maxBatch: batch, lanes: lanes ?? TelemetryWriter.Configuration.lanes(for: store.engine)),
            logger: logger
        ) { batch in latencies.record(batch) }
        let writing = Task { await writer.run() }
        let hasher = PasswordHasher(cost: 4)
        let services = GatewayServices(
            policy: GatewayPolicy(), directory: try await VehicleDirectory.load(from: store),
            registry: ConnectionRegistry(), writer: writer,
            authenticator: StorePlatformAuthenticator(store: store, passwords: .bcrypt(hasher), logger: logger),
            logger: logger)
        let listener = try await GatewayServer.bind(host: "127.0.0.1", port: 0, services: services)
        print(
            "ingest bench: \(platforms) platforms, \(vehicles) vehicles, \(framesPerWrite) frames per write, \(seconds) s, rate \(rate == 0 ? "unthrottled" : "\(rate)/s"), store \(store.engine.rawValue)"
        )

        let template = BenchFrames.make().realtime2016.encodedBytes()
        let started = ContinuousClock.now
        let deadline = started + .milliseconds(Int64(seconds * 1000))
        let perPlatformRate = rate == 0 ? 0 : max(1, rate / platforms)
        let sent = try await withThrowingTaskGroup(of: Int.self) { group in
            for (index, account) in setup.accounts.enumerated() {
                let vins = setup.vins.enumerated().filter { $0.offset % platforms == index }.map(\.element)
                let framesPerWrite = framesPerWrite
                group.addTask {
                    try await PlatformClient(
                        port: listener.port, username: account, password: setup.password, vins: vins,
                        template: template, framesPerWrite: framesPerWrite, rate: perPlatformRate
                    ).run(until: deadline)
                }
            }
            return try await group.reduce(0, +)
        }
        let sending = ContinuousClock.now - started
        writer.finish()
        await writing.value
        let elapsed = ContinuousClock.now - started
        await listener.shutdown()
        let stored = try await store.telemetry.count() - before
        try await store.close()

        let total = elapsed.seconds
        print(
            String(
                format: "sent     %d frames in %.1f s (%.0f frames/s offered)", sent, sending.seconds,
                Double(sent) / sending.seconds))
        print(String(format: "stored   %d rows; loss %d", stored, sent - stored))
        print(
            String(
                format: "rate     %.0f frames/s, first frame sent to last commit (%.1f s)", Double(stored) / total,
                total))
        print(
            "latency  receive to durable: p50 \(latencies.percentile(0.50)) ms, p99 \(latencies.percentile(0.99)) ms, max \(latencies.percentile(1.0)) ms"
        )
        print("memory   peak resident \(ProcessMemory.peakMegabytes()) MB (gateway, writer and clients in one process)")
        if sent != stored { throw ExitCode(1) }
    }

    /// An enterprise, the vehicles and one platform account per platform, named afresh each run so a
    /// PostgreSQL database can be reused.
    private func register(_ store: any PlatformStore) async throws -> (
        vins: [String], accounts: [String], password: String
    ) {
        let run = String(UInt32.random(in: 0..<UInt32.max), radix: 36)
        let enterprise = EnterpriseID(rawValue: "bench-\(run)") ?? "bench"
        try await store.enterprises.upsert(
            EnterpriseRecord(id: enterprise, name: "Bench OEM", city: .hangzhou, createdAt: Clock.nowMicros()))
        // VIN letters exclude I, O and Q; the run tag keeps runs apart in a reused database.
        let tag = String(run.uppercased().map { "IOQ".contains($0) ? "X" : $0 }.prefix(5))
        let padded = String(repeating: "0", count: 5 - tag.count) + tag
        var vins: [String] = []
        vins.reserveCapacity(vehicles)
        var records: [VehicleRecord] = []
        for i in 0..<vehicles {
            let text = "LB" + padded + String(format: "%010d", i)
            guard let vin = VIN(rawValue: text) else { throw ValidationError("bad bench VIN \(text)") }
            vins.append(text)
            records.append(
                VehicleRecord(
                    vin: vin, enterprise: enterprise, model: "bench", fuelType: .bev, usage: .private,
                    city: City.allCases[i % City.allCases.count], createdAt: Clock.nowMicros()))
            if records.count == 10_000 {
                try await store.vehicles.upsert(records)
                records.removeAll(keepingCapacity: true)
            }
        }
        try await store.vehicles.upsert(records)
        let password = "bench-password"
        let hash = PasswordHasher(cost: 4).hash(password)
        var accounts: [String] = []
        for p in 0..<platforms {
            let username = "b\(run.prefix(6))\(p)"
            try await store.platformAccounts.insert(
                PlatformAccount(
                    id: UUID().uuidString, username: username, enterprise: enterprise, passwordHash: hash,
                    createdAt: Clock.nowMicros()))
            accounts.append(username)
        }
        return (vins, accounts, password)
    }

    private func openStore(logger: Logger) async throws -> (any PlatformStore, () -> Void) {
        try BenchStore.open(store, logger: logger)
    }
}

/// One forwarding platform: logs in, sends realtime frames for its vehicles round after round (collection
/// time one second later each round), then logs out and waits for the reply.
private struct PlatformClient {
    let port: Int
    let username: String
    let password: String
    let vins: [String]
    let template: [UInt8]
    let framesPerWrite: Int
    /// Frames per second for this platform; 0 for as fast as the gateway reads.
    let rate: Int

    func run(until deadline: ContinuousClock.Instant) async throws -> Int {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            try await outbound.write(ByteBuffer(bytes: message(.platformLogin).encodedBytes()))
            try await Self.awaitReply(to: .platformLogin, from: &replies)

            var frame = template
            var buffer = ByteBuffer()
            buffer.reserveCapacity(framesPerWrite * template.count)
            var sent = 0
            var round: Int64 = 0
            let start = ContinuousClock.now
            sending: while true {
                for vin in vins {
                    Self.patch(&frame, vin: vin, second: round)
                    buffer.writeBytes(frame)
                    sent += 1
                    if sent % framesPerWrite == 0 {
                        try await outbound.write(buffer)
                        buffer.clear()
                        if ContinuousClock.now >= deadline { break sending }
                        if rate > 0 {
                            let due = start + .microseconds(Int64(sent) * 1_000_000 / Int64(rate))
                            if due > ContinuousClock.now { try await Task.sleep(until: due) }
                        }
                    }
                }
                round += 1
            }
            if buffer.readableBytes > 0 { try await outbound.write(buffer) }
            // The reply to the logout comes after every frame before it has been handled (and queued).
            try await outbound.write(ByteBuffer(bytes: message(.platformLogout).encodedBytes()))
            try await Self.awaitReply(to: .platformLogout, from: &replies)
            return sent
        }
    }

    private func message(_ command: Command) -> Message {
        let time = CollectionTime(beijingTimeOf: Clock.nowMicros() / 1_000_000)
        let code = UniqueCode(paddingWithNUL: "BENCHPLATFORM0001") ?? .zero
        if command == .platformLogout {
            return Message(
                edition: .gb2016, command: command, uniqueCode: code,
                body: .platformLogout(PlatformLogout(time: time, serial: 1)))
        }
        func field(_ text: String, _ width: Int) -> RawBytes {
            RawBytes(Array(text.utf8.prefix(width)) + Array(repeating: 0, count: max(0, width - text.utf8.count)))
        }
        let login = PlatformLogin(
            time: time, serial: 1, username: field(username, 12), password: field(password, 20),
            encryptionRule: .none)
        return Message(edition: .gb2016, command: command, uniqueCode: code, body: .platformLogin(login))
    }

    /// Reads until a reply (ack flag 0x01) to `command` has arrived; refusals of frames (0x02/0x04) are errors.
    private static func awaitReply(
        to command: Command, from replies: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    ) async throws {
        var bytes: [UInt8] = []
        while let chunk = try await replies.next() {
            bytes += chunk.readableBytesView
            var offset = 0
            while bytes.count - offset >= 25 {
                let length = Int(bytes[offset + 22]) << 8 | Int(bytes[offset + 23])
                let end = offset + 25 + length
                guard bytes.count >= end else { break }
                let (replied, flag) = (bytes[offset + 2], bytes[offset + 3])
                guard flag == 0x01 else {
                    throw ValidationError(
                        "the gateway refused a frame: \(bytes[offset..<end].map { String(format: "%02x", $0) }.joined())"
                    )
                }
                if replied == command.rawValue { return }
                offset = end
            }
            bytes.removeFirst(offset)
        }
        throw ValidationError("the gateway closed the connection before replying to \(command)")
    }

    /// The template frame with another VIN and a collection time `second` seconds after 2026-07-07 06:55:04
    /// (Beijing), check code recomputed.
    static func patch(_ frame: inout [UInt8], vin: String, second: Int64) {
        frame.withUnsafeMutableBufferPointer { bytes in
            var i = 4
            for byte in vin.utf8 {
                bytes[i] = byte
                i += 1
            }
            let time = CollectionTime(beijingTimeOf: 1_783_378_504 + second)
            bytes[24] = time.year
            bytes[25] = time.month
            bytes[26] = time.day
            bytes[27] = time.hour
            bytes[28] = time.minute
            bytes[29] = time.second
            var check: UInt8 = 0
            for j in 2..<(bytes.count - 1) { check ^= bytes[j] }
            bytes[bytes.count - 1] = check
        }
    }
}

/// Receive-to-durable latency of every committed report, in whole milliseconds.
private final class LatencyHistogram: Sendable {
    private let buckets = Mutex([Int](repeating: 0, count: 600_001))

    func record(_ batch: IngestBatch) {
        let now = Clock.nowMicros()
        buckets.withLock { buckets in
            for report in batch.reports {
                let ms = Int(max(0, now - report.receivedAt) / 1000)
                buckets[min(ms, buckets.count - 1)] += 1
            }
        }
    }

    /// The latency (ms) below which `fraction` of the reports were committed.
    func percentile(_ fraction: Double) -> Int {
        buckets.withLock { buckets in
            let total = buckets.reduce(0, +)
            guard total > 0 else { return 0 }
            let target = max(1, Int((Double(total) * fraction).rounded(.up)))
            var seen = 0
            for (ms, count) in buckets.enumerated() {
                seen += count
                if seen >= target { return ms }
            }
            return buckets.count - 1
        }
    }
}

/// This process's memory as /proc/self/status reports it.
enum ProcessMemory {
    /// Peak resident set (VmHWM), in MB.
    static func peakMegabytes() -> Int { kilobytes("VmHWM:") / 1024 }

    /// Resident set now (VmRSS), in KB.
    static func residentKilobytes() -> Int { kilobytes("VmRSS:") }

    private static func kilobytes(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field) {
            return line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        }
        return 0
    }
}

extension Duration {
    /// This duration in seconds, as a Double.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
