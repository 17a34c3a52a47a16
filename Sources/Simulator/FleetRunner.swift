import Foundation
public import GBT32960
import NIOCore
import NIOPosix
import Synchronization

/// Drives a simulated fleet against a GB/T 32960 gateway over TCP: one connection per vehicle, which logs in,
/// reports every `period`, and logs out at the end. Counts what it sent and every reply it got.
public struct FleetRunner: Sendable {
    /// What to run.
    public struct Plan: Sendable {
        /// Gateway address.
        public var host: String
        /// Gateway port.
        public var port: Int
        /// Number of vehicles (and connections).
        public var vehicles: Int
        /// Report period per vehicle (the standard allows at most 30 s; 10 s is usual).
        public var period: Duration
        /// How long to report.
        public var duration: Duration
        /// Fleet seed: the same seed gives the same VINs, editions and routes.
        public var seed: UInt64
        /// Force one edition, or nil for the mix (about a third 2025).
        public var edition: Edition?
        /// First fleet index, so several runners can share a gateway without sharing VINs.
        public var firstIndex: Int
        /// Connection attempts per vehicle, one second apart.
        public var connectAttempts: Int

        /// Creates a plan.
        public init(
            host: String, port: Int, vehicles: Int, period: Duration = .seconds(10), duration: Duration = .seconds(60),
            seed: UInt64 = 32960, edition: Edition? = nil, firstIndex: Int = 0, connectAttempts: Int = 1
        ) {
            self.host = host
            self.port = port
            self.vehicles = vehicles
            self.period = period
            self.duration = duration
            self.seed = seed
            self.edition = edition
            self.firstIndex = firstIndex
            self.connectAttempts = max(1, connectAttempts)
        }
    }

    /// What happened.
    public struct Report: Sendable, Hashable, Codable {
        /// Vehicles that connected and got a success reply to their login.
        public var loggedIn = 0
        /// Realtime reports sent.
        public var reportsSent = 0
        /// Replies by ack flag name (success, error, vin_unknown, ...).
        public var replies: [String: Int] = [:]
        /// Vehicles whose connection failed or closed early.
        public var failures = 0
        /// Wall-clock seconds.
        public var seconds = 0.0
    }

    /// The plan.
    public let plan: Plan

    /// A runner for `plan`.
    public init(plan: Plan) { self.plan = plan }

    /// Runs the fleet to the end of the plan's duration.
    public func run() async -> Report {
        let report = Tally()
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for index in plan.firstIndex..<(plan.firstIndex + plan.vehicles) {
                group.addTask {
                    let vehicle = SimulatedVehicle(index: index, seed: plan.seed, edition: plan.edition)
                    // Spread the vehicles over one period so the load is even, as a real fleet's is.
                    let offset = plan.period * (Double(index - plan.firstIndex) / Double(max(1, plan.vehicles)))
                    await drive(vehicle, startingAfter: offset, deadline: start + plan.duration, report: report)
                }
            }
        }
        var result = report.snapshot
        let elapsed = ContinuousClock.now - start
        result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return result
    }

    private func drive(
        _ vehicle: SimulatedVehicle, startingAfter offset: Duration, deadline: ContinuousClock.Instant,
        report: Tally
    ) async {
        var vehicle = vehicle
        try? await Task.sleep(for: offset)
        do {
            let channel = try await connect()
            try await channel.executeThenClose { inbound, outbound in
                var replies = inbound.makeAsyncIterator()
                let login = vehicle.login(at: Self.now())
                try await outbound.write(ByteBuffer(bytes: login.encodedBytes()))
                guard let first = try await replies.next() else { throw SimulatorError.closedEarly }
                let ack = Self.ackName(first)
                report.update { $0.replies[ack, default: 0] += 1 }
                guard ack == "success" else { throw SimulatorError.loginRefused(ack) }
                report.update { $0.loggedIn += 1 }
                let period = plan.period
                let seconds = Double(period.components.seconds) + Double(period.components.attoseconds) / 1e18
                while ContinuousClock.now < deadline {
                    vehicle.advance(seconds: seconds)
                    try await outbound.write(ByteBuffer(bytes: vehicle.report(at: Self.now()).encodedBytes()))
                    report.update { $0.reportsSent += 1 }
                    try await Task.sleep(for: period)
                }
                // Replies to reports only come for bad frames; they wait in the socket and are counted here, up
                // to the logout's reply.
                try await outbound.write(ByteBuffer(bytes: vehicle.logout(at: Self.now()).encodedBytes()))
                while let frame = try await replies.next() {
                    report.update { $0.replies[Self.ackName(frame), default: 0] += 1 }
                    let command = frame.bytes.getInteger(at: frame.bytes.readerIndex + 2, as: UInt8.self)
                    if command == Command.vehicleLogout.rawValue { break }
                }
            }
        } catch {
            report.update { $0.failures += 1 }
        }
    }

    /// Connects to the gateway, retrying for up to `plan.connectAttempts` seconds (a gateway starting up, a
    /// listen backlog full under a large fleet), as a terminal would.
    private func connect() async throws -> NIOAsyncChannel<Frame, ByteBuffer> {
        var attempt = 0
        while true {
            do {
                return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connect(host: plan.host, port: plan.port) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                ByteToMessageHandler(GBT32960FrameDecoder()))
                            return try NIOAsyncChannel<Frame, ByteBuffer>(wrappingChannelSynchronously: channel)
                        }
                    }
            } catch {
                attempt += 1
                guard attempt < plan.connectAttempts else { throw error }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    static func now() -> CollectionTime {
        CollectionTime(beijingTimeOf: Int64(Date().timeIntervalSince1970))
    }

    static func ackName(_ frame: Frame) -> String {
        let flag = frame.bytes.getInteger(at: frame.bytes.readerIndex + 3, as: UInt8.self) ?? 0
        return AckFlag(rawValue: flag).name
    }
}

/// Why a simulated vehicle stopped.
enum SimulatorError: Error {
    case closedEarly
    case loginRefused(String)
}

/// The shared report, updated by every vehicle's task.
final class Tally: Sendable {
    private let state = Mutex(FleetRunner.Report())

    func update(_ change: (inout FleetRunner.Report) -> Void) {
        state.withLock { change(&$0) }
    }

    var snapshot: FleetRunner.Report { state.withLock { $0 } }
}
