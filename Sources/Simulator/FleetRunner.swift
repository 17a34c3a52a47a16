import Foundation
public import GBT32960
import NIOCore

/// Drives a simulated fleet against a GB/T 32960 gateway over TCP. Each vehicle's `VehicleTerminal` decides what
/// to send; this runner executes it: either one connection per vehicle (logging in, reporting, dropping the link
/// and reconnecting when the terminal says so, logging out at the end), or, in platform mode, a few connections
/// on which an OEM platform forwards the frames of all its vehicles. Counts what it sent and every reply it got.
public struct FleetRunner: Sendable {
    /// What to run.
    public struct Plan: Sendable {
        /// Gateway address.
        public var host: String
        /// Gateway port.
        public var port: Int
        /// Number of vehicles.
        public var vehicles: Int
        /// Report period per vehicle, whole seconds of at least 1 (the standard allows at most 30 s; 10 s is usual).
        public var period: Duration
        /// How long to report, in simulated time.
        public var duration: Duration
        /// Fleet seed: the same seed gives the same VINs, editions, routes and incidents.
        public var seed: UInt64
        /// Force one edition, or nil for the mix (about a third 2025).
        public var edition: Edition?
        /// First fleet index, so several runners can share a gateway without sharing VINs.
        public var firstIndex: Int
        /// Connection attempts per connection, one second apart.
        public var connectAttempts: Int
        /// Alarms, level-3 faults and link drops.
        public var incidents: IncidentRates
        /// Forward through an OEM platform account instead of one connection per vehicle.
        public var platform: PlatformAccess?
        /// Unix seconds the simulation starts at (nil: now) and how much faster than real time it runs.
        public var startTime: Int64?
        /// Simulated seconds per real second.
        public var timeScale: Double
        /// Sees every frame the fleet writes, in order per connection (tests; a capture of a run).
        public var onSend: (@Sendable (Message) -> Void)?

        /// Creates a plan.
        public init(
            host: String, port: Int, vehicles: Int, period: Duration = .seconds(10), duration: Duration = .seconds(60),
            seed: UInt64 = 32960, edition: Edition? = nil, firstIndex: Int = 0, connectAttempts: Int = 1,
            incidents: IncidentRates = .none, platform: PlatformAccess? = nil, startTime: Int64? = nil,
            timeScale: Double = 1, onSend: (@Sendable (Message) -> Void)? = nil
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
            self.incidents = incidents
            self.platform = platform
            self.startTime = startTime
            self.timeScale = timeScale
            self.onSend = onSend
        }

        /// The period in whole seconds: collection times have a resolution of one second.
        var periodSeconds: Int64 { max(1, Int64(Self.seconds(period).rounded())) }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }

    /// What happened.
    public struct Report: Sendable, Hashable, Codable {
        /// Vehicles that got a success reply to their (first) login.
        public var loggedIn = 0
        /// Realtime reports (0x02) sent.
        public var reportsSent = 0
        /// Reissue reports (0x03) sent: pre-fault windows and reports kept while a link was down.
        public var reissuesSent = 0
        /// Replies by ack flag name (success, error, vin_unknown, ...).
        public var replies: [String: Int] = [:]
        /// Vehicles (or platform connections) whose connection failed or closed early.
        public var failures = 0
        /// General-alarm flags raised at the vehicles (level 1-4).
        public var alarmsRaised = 0
        /// Level-3 (2025: or 4) alarms: each switched its vehicle to 1 Hz reporting.
        public var level3Events = 0
        /// Links lost, and connections made again after one.
        public var linkDrops = 0
        public var reconnects = 0
        /// Reports still held for a link that was down when the run ended.
        public var unsentReports = 0
        /// Frames sent by `--replay`.
        public var replayedFrames = 0
        /// Wall-clock seconds.
        public var seconds = 0.0
    }

    /// The plan.
    public let plan: Plan

    /// A runner for `plan`.
    public init(plan: Plan) { self.plan = plan }

    /// Runs the fleet to the end of the plan's duration.
    public func run() async -> Report {
        let tally = Tally(onSend: plan.onSend)
        let started = ContinuousClock.now
        let clock = SimulationClock(start: plan.startTime, scale: plan.timeScale)
        let deadline = clock.start + Int64(Plan.seconds(plan.duration).rounded())
        let indices = Array(plan.firstIndex..<(plan.firstIndex + plan.vehicles))
        await withTaskGroup(of: Void.self) { group in
            if let platform = plan.platform {
                let connections = max(1, min(platform.connections, plan.vehicles))
                for connection in 0..<connections {
                    let share = indices.enumerated().filter { $0.offset % connections == connection }.map(\.element)
                    group.addTask {
                        await forward(share, as: platform, clock: clock, deadline: deadline, tally: tally)
                    }
                }
            } else {
                for index in indices {
                    group.addTask { await drive(index, clock: clock, deadline: deadline, tally: tally) }
                }
            }
        }
        var result = tally.snapshot
        result.seconds = Plan.seconds(ContinuousClock.now - started)
        return result
    }

    func vehicle(_ index: Int, start: Int64) -> SimulatedVehicle {
        SimulatedVehicle(index: index, seed: plan.seed, edition: plan.edition, start: start, incidents: plan.incidents)
    }

    /// One vehicle on its own connection, for as long as the plan runs.
    private func drive(_ index: Int, clock: SimulationClock, deadline: Int64, tally: Tally) async {
        // Spread the vehicles over one period so the load is even, as a real fleet's is.
        let phase = plan.periodSeconds * Int64(index - plan.firstIndex) / Int64(max(1, plan.vehicles))
        try? await clock.sleep(until: clock.start + phase)
        var state = Drive(
            terminal: VehicleTerminal(
                vehicle: vehicle(index, start: clock.seconds), period: plan.periodSeconds, rates: plan.incidents))
        state.actions = state.terminal.start()
        do {
            while true {
                // Offline: wait until the terminal wants a link.
                while !state.actions.contains(.connect) {
                    guard state.terminal.nextWake <= deadline else {
                        tally.add(state.terminal)
                        return
                    }
                    try await clock.sleep(until: state.terminal.nextWake)
                    state.actions = state.terminal.advance(to: clock.seconds)
                }
                state.actions.removeFirst((state.actions.firstIndex(of: .connect) ?? 0) + 1)
                let channel = try await GatewayConnection.open(
                    host: plan.host, port: plan.port, attempts: plan.connectAttempts)
                if state.everLoggedIn { tally.update { $0.reconnects += 1 } }
                let entering = state
                state = try await channel.executeThenClose { inbound, outbound in
                    var state = entering
                    var replies = inbound.makeAsyncIterator()
                    let link = VehicleLink(outbound: outbound, tally: tally)
                    while true {
                        let outcome = try await link.perform(state.actions, replies: &replies)
                        if outcome.loggedIn, !state.everLoggedIn {
                            state.everLoggedIn = true
                            tally.update { $0.loggedIn += 1 }
                        }
                        if let remaining = outcome.afterDrop {
                            // The link dropped: the connection closes; what the terminal queued after the drop waits.
                            state.actions = remaining
                            return state
                        }
                        guard state.terminal.nextWake <= deadline else {
                            _ = try await link.perform(state.terminal.finish(), replies: &replies)
                            // Replies to reports come only for bad frames; count them, up to the logout's reply.
                            _ = try await GatewayConnection.awaitReply(to: .vehicleLogout, from: &replies, tally: tally)
                            state.finished = true
                            return state
                        }
                        try await clock.sleep(until: state.terminal.nextWake)
                        state.actions = state.terminal.advance(to: clock.seconds)
                    }
                }
                if state.finished {
                    tally.add(state.terminal)
                    return
                }
            }
        } catch {
            tally.add(state.terminal)
            tally.update { $0.failures += 1 }
        }
    }

    /// One vehicle's state across its connections.
    private struct Drive: Sendable {
        var terminal: VehicleTerminal
        var actions: [VehicleTerminal.Action] = []
        var everLoggedIn = false
        var finished = false
    }
}
