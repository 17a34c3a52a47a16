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
/// The gateways run in child processes (this binary with `--gateway-of PORT`): with `--processes N`, N of them
/// listen on one port with `SO_REUSEPORT` (`gateway-reuse-port`), as N `serve` processes on one host would, and the
/// kernel spreads the connections among them. As many client processes (`--client-of PORT`) open the connections,
/// each logging in as its own vehicle (2016 login, answered) and then staying silent. Each gateway's resident memory
/// is read before and after; the difference over the connections it holds is the cost per connection (NIO channel
/// and pipeline, session, registry and presence entries; kernel socket buffers are not in it). Each client binds to
/// its own 127.N.x.2 addresses, so that each source address stays within the 28,000 ephemeral ports Linux gives one
/// address to one destination. Several processes are how this sandbox, which caps every process at 20,000 open
/// files, holds 100,000.
struct BenchConnectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connections",
        abstract: "Hold N idle vehicle connections (each logged in) and report the gateway's memory per connection.")

    @Option(help: "Connections to open") var count = 100_000
    @Option(help: "Gateway processes sharing the port (SO_REUSEPORT), and as many client processes") var processes = 1
    @Option(
        name: .customLong("client-of"),
        help: ArgumentHelp("Run as a client process against this port", visibility: .hidden))
    var clientOf: Int?
    @Option(
        name: .customLong("gateway-of"),
        help: ArgumentHelp("Run as a gateway process on this port (0: pick one)", visibility: .hidden))
    var gatewayOf: Int?
    @Option(help: ArgumentHelp("The client's source network, 127.N.x.2", visibility: .hidden)) var network: Int?

    /// Source addresses are changed every this many connections.
    static let perSourceAddress = 25_000

    func run() async throws {
        LogSetup.bootstrap(level: "warning")
        guard count > 0, processes > 0 else { throw ValidationError("--count and --processes must be positive") }
        // A gateway of N takes about count / N connections; the kernel's spread is not exact.
        let share = (count + processes - 1) / processes
        let limit = Self.raiseFileLimit(to: share + share / 10 + 4096)
        if let port = clientOf {
            try await Self.runClients(
                port: port, count: count, network: network ?? Int.random(in: 1...254), processes: processes)
            return
        }
        if let port = gatewayOf {
            try await Self.runGateway(port: port, reusePort: processes > 1)
            return
        }
        guard limit >= share + share / 20 + 1024 else {
            throw ValidationError(
                "the open-file limit is \(limit); \(share) connections per process need more (ulimit -n, or --processes)"
            )
        }
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        func gateway(port: Int) throws -> ChildProcess {
            try ChildProcess(
                binary,
                [
                    "bench", "connections", "--gateway-of", "\(port)", "--processes", "\(processes)", "--count",
                    "\(count)",
                ])
        }
        var gateways = [try gateway(port: 0)]
        guard let first = await gateways[0].fields(after: "port"), let port = first.first else {
            throw ValidationError("the gateway process did not start")
        }
        var before = [first[1]]
        for _ in 1..<processes {
            gateways.append(try gateway(port: port))
            guard let started = await gateways.last?.fields(after: "port") else {
                throw ValidationError("a gateway process did not start")
            }
            before.append(started[1])
        }
        print(
            "connections bench: \(count) idle vehicle connections, \(processes) gateway process(es) on port \(port); gateway resident \(before.reduce(0, +) / 1024) MB before"
        )

        let started = ContinuousClock.now
        // A fresh source network per client and run: a previous run's closed connections hold ports in TIME_WAIT.
        let network = Int.random(in: 0..<254)
        var clients: [ChildProcess] = []
        for k in 0..<processes {
            let connections = k < processes - 1 ? share : count - share * (processes - 1)
            clients.append(
                try ChildProcess(
                    binary,
                    [
                        "bench", "connections", "--client-of", "\(port)", "--count", "\(connections)", "--processes",
                        "\(processes)", "--network", "\((network + k) % 254 + 1)",
                    ]))
        }
        var answered = 0
        for client in clients { answered += await client.fields(after: "ready")?.first ?? 0 }
        let connectTime = ContinuousClock.now - started
        var held = 0
        var grown = 0
        for (index, gateway) in gateways.enumerated() {
            gateway.send("report")
            guard let report = await gateway.fields(after: "held") else { continue }
            held += report[0]
            grown += report[1] - before[index]
            if processes > 1 {
                print(
                    String(
                        format: "  gateway %d: %d connections, %d MB resident, %.1f KB per connection", index + 1,
                        report[0], report[1] / 1024, Double(report[1] - before[index]) / Double(max(report[0], 1))))
            }
        }
        print(
            String(
                format: "held     %d connections (%d logins answered) in %.1f s", held, answered, connectTime.seconds))
        print(
            String(
                format: "memory   gateway resident %d MB more: %.1f KB per connection", grown / 1024,
                Double(grown) / Double(max(held, 1))))
        for client in clients { client.stop() }
        for gateway in gateways { gateway.finish() }
        if held < count || answered < count { throw ExitCode(1) }
    }

    /// A gateway process: prints "port P rss KB" once listening, then "held N rss KB" whenever "report" comes on
    /// its input; ends when its input does.
    static func runGateway(port: Int, reusePort: Bool) async throws {
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
            host: "127.0.0.1", port: port, idleTimeout: .hours(2), services: services, reusePort: reusePort)
        try await Task.sleep(for: .milliseconds(200))
        say("port \(listener.port) \(ProcessMemory.residentKilobytes())")
        let input = ChildProcess.Lines(FileHandle.standardInput)
        while let line = await input.next() {
            guard line == "report" else { continue }
            // Let the writer commit the logins, then measure.
            while writer.queued > 0 { try await Task.sleep(for: .milliseconds(100)) }
            try await Task.sleep(for: .seconds(1))
            say("held \(listener.connectionCount) \(ProcessMemory.residentKilobytes())")
        }
        await listener.shutdown()
        writer.finish()
        await writing.value
        try await store.close()
    }

    /// The client process: opens `count` connections, logs each in, prints "ready N", then holds them.
    static func runClients(port: Int, count: Int, network: Int, processes: Int) async throws {
        let template = Message(
            edition: .gb2016, command: .vehicleLogin,
            uniqueCode: UniqueCode(paddingWithNUL: "LBCONN00000000000") ?? .zero,
            body: .vehicleLogin(
                VehicleLogin(
                    time: CollectionTime(beijingTimeOf: Clock.nowMicros() / 1_000_000), serial: 1,
                    iccid: RawBytes(ascii: "89860624400014310964"), subsystemCount: 0, codeLength: 0, codes: []))
        ).encodedBytes()
        let answered = AnswerCount()
        let group = MultiThreadedEventLoopGroup.singleton
        var channels: [any Channel] = []
        channels.reserveCapacity(count)
        var pending: [EventLoopFuture<any Channel>] = []
        for i in 0..<count {
            var frame = template
            // Each client its own VINs (its network in them): a VIN logged in twice replaces its first connection.
            let vin = Array(String(format: "LBCONN%03d%08d", network, i).utf8)
            for (offset, byte) in vin.enumerated() { frame[4 + offset] = byte }
            frame[frame.count - 1] = frame[2..<(frame.count - 1)].reduce(0, ^)
            let source = try SocketAddress(ipAddress: "127.\(network).\(i / perSourceAddress).2", port: 0)
            let login = frame
            pending.append(
                ClientBootstrap(group: group)
                    // Many processes connecting on two cores: a SYN the listener could not take yet is resent.
                    .connectTimeout(.seconds(60))
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                LoginClient(login: login, answered: answered))
                        }
                    }
                    .bind(to: source)
                    .connect(host: "127.0.0.1", port: port))
            // At most 512 connects in flight in all the clients: each listen backlog is 1,024.
            if pending.count == max(64, 512 / processes) || i == count - 1 {
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
    static func say(_ line: String) {
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

/// A child process of the bench, spoken to in lines on its standard input and output.
private final class ChildProcess: @unchecked Sendable {
    /// Lines of a file handle, read off the cooperative pool (the reads block).
    final class Lines: @unchecked Sendable {
        let handle: FileHandle
        private var pending = ""

        init(_ handle: FileHandle) { self.handle = handle }

        /// The next line; nil at the end.
        func next() async -> String? {
            await Task.detached { () -> String? in
                while true {
                    if let newline = self.pending.firstIndex(of: "\n") {
                        let line = String(self.pending[..<newline])
                        self.pending = String(self.pending[self.pending.index(after: newline)...])
                        return line
                    }
                    let chunk = self.handle.availableData
                    if chunk.isEmpty { return nil }
                    self.pending += String(decoding: chunk, as: UTF8.self)
                }
            }.value
        }
    }

    private let process = Process()
    private let input = Pipe()
    private let output: Lines

    init(_ binary: URL, _ arguments: [String]) throws {
        let pipe = Pipe()
        output = Lines(pipe.fileHandleForReading)
        process.executableURL = binary
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = pipe
        try process.run()
    }

    /// The integers after `word` on the next line starting with it; other lines are shown. Nil if the child ends.
    func fields(after word: String) async -> [Int]? {
        while let line = await output.next() {
            let parts = line.split(separator: " ")
            if parts.first == Substring(word) { return parts.dropFirst().compactMap { Int($0) } }
            print("  child: \(line)")
        }
        return nil
    }

    func send(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    /// Ends the child's input (a gateway then shuts down) and waits for it.
    func finish() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
