import Foundation
import GBT32960
import Logging
import Model
import SQLiteStore
import Store
import Synchronization
import Telemetry

/// A real gateway on a loopback port writing into a real SQLite store (after TelemetryTests' harness).
struct GatewayHarness {
    let store: SQLiteStore
    let writer: TelemetryWriter
    let listener: GatewayListener
    let writing: Task<Void, Never>
    let directory: URL

    /// 2026-11-25T09:30:07+08:00, the gateway's fixed clock.
    static let clock: Int64 = 1_795_570_207 * 1_000_000

    static func start(
        registered: [VehicleOwnership], accounts: any PlatformAuthenticator = NoPlatformAccounts()
    ) async throws -> GatewayHarness {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nevbrain-sim-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: directory.appendingPathComponent("gw.sqlite").path)
        try await store.migrate()
        var logger = Logger(label: "test.simulator.gateway")
        logger.logLevel = .warning
        let writer = TelemetryWriter(store: store, logger: logger)
        let writing = Task { await writer.run() }
        let services = GatewayServices(
            policy: GatewayPolicy(), directory: VehicleDirectory(registered), registry: ConnectionRegistry(),
            writer: writer, authenticator: accounts, now: { clock }, logger: logger)
        let listener = try await GatewayServer.bind(host: "127.0.0.1", port: 0, services: services)
        return GatewayHarness(store: store, writer: writer, listener: listener, writing: writing, directory: directory)
    }

    var port: Int { listener.port }

    /// Stops accepting and drains the writer; the store stays open for reading.
    func drain() async {
        await listener.shutdown()
        writer.finish()
        await writing.value
    }

    /// Closes the store and removes its files.
    func stop() async throws {
        try await store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// One platform account, checked without a password hash: the authenticator's contract is all the gateway uses.
struct OnePlatformAccount: PlatformAuthenticator {
    let username: String
    let password: String
    let enterprise: EnterpriseID

    func authenticate(username: String, password: RawBytes) async -> PlatformAccountGrant? {
        guard username == self.username, PlatformCredentials.password(password) == self.password else { return nil }
        return PlatformAccountGrant(username: username, enterprise: enterprise)
    }
}

/// Keeps every frame the simulator sends.
final class SentFrames: Sendable {
    private let messages = Mutex<[Message]>([])

    func append(_ message: Message) { messages.withLock { $0.append(message) } }

    var all: [Message] { messages.withLock { $0 } }
}

extension [UInt8] {
    /// An order for comparing lists of frames as multisets.
    static func byBytes(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool { lhs.lexicographicallyPrecedes(rhs) }
}
