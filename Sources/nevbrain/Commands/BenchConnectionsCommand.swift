import ArgumentParser
import Foundation
import GBT32960
import Logging
import Model
import NIOCore
import NIOPosix
import SQLiteStore
import Store
import Synchronization
import Telemetry

#if canImport(Glibc)
    import Glibc
#endif

/// `nevbrain bench connections`: how many idle vehicle connections the gateway holds, and what each costs.
///
/// The gateway runs in this process; a child process (this binary with `--client-of PORT`) opens the
/// connections, each logging in as its own vehicle (2016 login, answered) and then staying silent. The gateway's
/// resident memory is read before and after; the difference over the connection count is the cost per
/// connection in the gateway (NIO channel and pipeline, session, registry and presence entries). Kernel socket
/// buffers are not in it. The client binds to 127.N.0.2, 127.N.1.2, ... so that each source address stays within
/// the 28,000 ephemeral ports Linux gives one address to one destination.
struct BenchConnectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connections",
        abstract: "Hold N idle vehicle connections (each logged in) and report the gateway's memory per connection.")

    @Option(help: "Connections to open") var count = 100_000
    @Option(
        name: .customLong("client-of"),
        help: ArgumentHelp("Run as the client process against this port", visibility: .hidden))
    var clientOf: Int?

    /// Source addresses are changed every this many connections.
    static let perSourceAddress = 25_000

    func run() async throws {
        LogSetup.bootstrap(level: "warning")
        let limit = Self.raiseFileLimit(to: count + 4096)
        if let port = clientOf {
            try await Self.runClients(port: port, count: count)
            return
        }
        guard limit >= count + 1024 else {
            throw ValidationError(
                "the open-file limit is \(limit); \(count) connections need more (run as root, or ulimit -n)")
        }
        var logger = Logger(label: "nevbrain.bench.connections")
        logger.logLevel = .warning
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "nevbrain-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // A small page cache, so the store's cache does not pass for connection memory.
        let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path, cacheMegabytes: 2)
        try await store.migrate()
        let writer = TelemetryWriter(store: store, logger: logger)
        let writing = Task { await writer.run() }
        let services = GatewayServices(
            policy: GatewayPolicy(unknownVehicles: .acceptAndFlag), directory: VehicleDirectory(),
            registry: ConnectionRegistry(), writer: writer, logger: logger)
        let listener = try await GatewayServer.bind(
            host: "127.0.0.1", port: 0, idleTimeout: .hours(2), services: services)
        try await Task.sleep(for: .milliseconds(200))
        let before = ProcessMemory.residentKilobytes()
        print("connections bench: \(count) idle vehicle connections; gateway resident \(before / 1024) MB before")

        let started = ContinuousClock.now
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        child.arguments = ["bench", "connections", "--client-of", String(listener.port), "--count", String(count)]
        let output = Pipe()
        child.standardOutput = output
        try child.run()
        // The child writes "ready N" once every login has been answered.
        let reader = output.fileHandleForReading
        let answered = await Task.detached { () -> Int in
            var text = ""
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { return 0 }
                text += String(decoding: chunk, as: UTF8.self)
                while let newline = text.firstIndex(of: "\n") {
                    let line = text[..<newline]
                    text = String(text[text.index(after: newline)...])
                    if line.hasPrefix("ready ") { return Int(line.dropFirst(6)) ?? 0 }
                    print("  client: \(line)")
                }
            }
        }.value
        let connectTime = ContinuousClock.now - started
        // Let the writer commit the logins, then measure.
        while writer.queued > 0 { try await Task.sleep(for: .milliseconds(100)) }
        try await Task.sleep(for: .seconds(1))
        let held = listener.connectionCount
        let after = ProcessMemory.residentKilobytes()
        print(
            String(
                format: "held     %d connections (%d logins answered) in %.1f s", held, answered, connectTime.seconds))
        print(
            String(
                format: "memory   gateway resident %d MB after: %.1f KB per connection",
                after / 1024, Double(after - before) / Double(max(held, 1))))
        child.terminate()
        child.waitUntilExit()
        await listener.shutdown()
        writer.finish()
        await writing.value
        try await store.close()
        if held < count || answered < count { throw ExitCode(1) }
    }

    /// The client process: opens `count` connections, logs each in, prints "ready N", then holds them.
    static func runClients(port: Int, count: Int) async throws {
        let template = Message(
            edition: .gb2016, command: .vehicleLogin,
            uniqueCode: UniqueCode(paddingWithNUL: "LBCONN00000000000") ?? .zero,
            body: .vehicleLogin(
                VehicleLogin(
                    time: CollectionTime(beijingTimeOf: Clock.nowMicros() / 1_000_000), serial: 1,
                    iccid: RawBytes(ascii: "89860624400014310964"), subsystemCount: 0, codeLength: 0, codes: []))
        ).encodedBytes()
        let answered = AnswerCount()
        // A fresh source network per run: a previous run's closed connections hold their ports in TIME_WAIT.
        let network = Int.random(in: 1...254)
        let group = MultiThreadedEventLoopGroup.singleton
        var channels: [any Channel] = []
        channels.reserveCapacity(count)
        var pending: [EventLoopFuture<any Channel>] = []
        for i in 0..<count {
            var frame = template
            let vin = Array(String(format: "LBCONN%011d", i).utf8)
            for (offset, byte) in vin.enumerated() { frame[4 + offset] = byte }
            frame[frame.count - 1] = frame[2..<(frame.count - 1)].reduce(0, ^)
            let source = try SocketAddress(ipAddress: "127.\(network).\(i / perSourceAddress).2", port: 0)
            let login = frame
            pending.append(
                ClientBootstrap(group: group)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                LoginClient(login: login, answered: answered))
                        }
                    }
                    .bind(to: source)
                    .connect(host: "127.0.0.1", port: port))
            // At most 512 connects in flight: the listen backlog is 1,024.
            if pending.count == 512 || i == count - 1 {
                for future in pending { channels.append(try await future.get()) }
                pending.removeAll(keepingCapacity: true)
            }
            if (i + 1) % 20_000 == 0 { say("connected \(i + 1)") }
        }
        let deadline = ContinuousClock.now + .seconds(120)
        while answered.value.load(ordering: .relaxed) < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        say("ready \(answered.value.load(ordering: .relaxed))")
        try await Task.sleep(for: .seconds(3600))
        _ = channels
    }

    /// A line to the parent, unbuffered (print's buffer is not flushed on a pipe until it fills).
    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Raises the open-file limit toward `wanted` (root may raise the hard limit too); returns the limit now.
    static func raiseFileLimit(to wanted: Int) -> Int {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if Int(limit.rlim_cur) < wanted {
            var raised = rlimit(rlim_cur: rlim_t(wanted), rlim_max: max(limit.rlim_max, rlim_t(wanted)))
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) != 0 {
                raised = rlimit(rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max)
                setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised)
            }
            getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(limit.rlim_cur)
    }
}

/// Logins answered, shared by every connection of the client process.
private final class AnswerCount: Sendable {
    let value = Atomic<Int>(0)
}

/// Sends one login when connected and counts the connection as answered once a reply's bytes have arrived.
private final class LoginClient: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let login: [UInt8]
    let answered: AnswerCount
    private var replied = false

    init(login: [UInt8], answered: AnswerCount) {
        self.login = login
        self.answered = answered
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: login)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !replied else { return }
        replied = true
        answered.value.add(1, ordering: .relaxed)
    }
}
