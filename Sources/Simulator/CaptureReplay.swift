import GBT32960
import NIOCore

/// Sends the frames of a capture to a gateway with their own bytes, paced by collection time: `speed` 1 is the
/// original pace, 2 twice as fast, 0 as fast as possible. A capture with a platform login is one platform's
/// connection and is replayed on one connection; otherwise each VIN gets its own, as each vehicle had. A login
/// waits for its reply, as the terminal did; at the end the output is shut and the replies are read to the end,
/// so everything sent has been handled before the connection closes.
public struct CaptureReplay: Sendable {
    /// Gateway address.
    public var host: String
    /// Gateway port.
    public var port: Int
    /// The capture.
    public var capture: CaptureFile
    /// Pace relative to the capture's collection times (0: as fast as possible).
    public var speed: Double
    /// Connection attempts per connection, one second apart.
    public var connectAttempts: Int

    /// Creates a replay.
    public init(host: String, port: Int, capture: CaptureFile, speed: Double = 1, connectAttempts: Int = 1) {
        self.host = host
        self.port = port
        self.capture = capture
        self.speed = max(0, speed)
        self.connectAttempts = max(1, connectAttempts)
    }

    /// A frame with the moment, in capture seconds, it is due.
    public struct Scheduled: Sendable, Hashable {
        /// The frame.
        public var frame: CaptureFile.CapturedFrame
        /// Unix seconds of the capture's clock at which it goes out.
        public var due: Int64
    }

    /// The frames grouped per connection, each with its due time: the running maximum of collection times, so a
    /// reissued frame (older than the ones before it) goes right after its predecessor, and a frame without a
    /// time goes with the one before it.
    public func connections() -> [[Scheduled]] {
        var due = capture.frames.compactMap(\.time).first ?? 0
        var scheduled: [Scheduled] = []
        for frame in capture.frames {
            due = max(due, frame.time ?? due)
            scheduled.append(Scheduled(frame: frame, due: due))
        }
        if capture.frames.contains(where: { $0.command == .platformLogin }) { return [scheduled] }
        var order: [String] = []
        var groups: [String: [Scheduled]] = [:]
        for item in scheduled {
            if groups[item.frame.uniqueCode] == nil { order.append(item.frame.uniqueCode) }
            groups[item.frame.uniqueCode, default: []].append(item)
        }
        return order.compactMap { groups[$0] }
    }

    /// Replays the whole capture.
    public func run() async -> FleetRunner.Report {
        let tally = Tally()
        let started = ContinuousClock.now
        let groups = connections()
        let origin = groups.compactMap(\.first?.due).min() ?? 0
        await withTaskGroup(of: Void.self) { group in
            for frames in groups {
                group.addTask { await replay(frames, origin: origin, started: started, tally: tally) }
            }
        }
        var report = tally.snapshot
        report.seconds = FleetRunner.Plan.seconds(ContinuousClock.now - started)
        return report
    }

    private func replay(
        _ frames: [Scheduled], origin: Int64, started: ContinuousClock.Instant, tally: Tally
    ) async {
        do {
            let channel = try await GatewayConnection.open(
                host: host, port: port, attempts: connectAttempts, halfClosure: true)
            try await channel.executeThenClose { inbound, outbound in
                var replies = inbound.makeAsyncIterator()
                var pending = ByteBuffer()
                for item in frames {
                    if speed > 0 {
                        let target = started + .seconds(Double(item.due - origin) / speed)
                        if target > .now {
                            try await flush(&pending, outbound)
                            try await Task.sleep(until: target)
                        }
                    }
                    pending.writeBytes(item.frame.bytes)
                    tally.update { $0.replayedFrames += 1 }
                    let isLogin = item.frame.command == .vehicleLogin || item.frame.command == .platformLogin
                    if isLogin && item.frame.isCommand {
                        try await flush(&pending, outbound)
                        let reply = try await GatewayConnection.awaitReply(
                            to: item.frame.command, from: &replies, tally: tally)
                        guard let reply else { throw SimulatorError.closedEarly }
                        if GatewayConnection.ackName(reply) == "success" { tally.update { $0.loggedIn += 1 } }
                    }
                }
                try await flush(&pending, outbound)
                outbound.finish()
                while let frame = try await replies.next() {
                    tally.update { $0.replies[GatewayConnection.ackName(frame), default: 0] += 1 }
                }
            }
        } catch {
            tally.update { $0.failures += 1 }
        }
    }

    private func flush(_ pending: inout ByteBuffer, _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>)
        async throws
    {
        guard pending.readableBytes > 0 else { return }
        try await outbound.write(pending)
        pending.clear()
    }
}
