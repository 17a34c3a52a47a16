import GBT32960
import NIOCore

extension FleetRunner {
    /// One platform connection forwarding the frames of `indices`' vehicles: platform login, then every frame its
    /// vehicles' terminals send (their logins, reports, reissues, logouts), all due at one moment in one write, then
    /// platform logout. A vehicle's lost link is its link to the platform: it sends nothing meanwhile and logs in
    /// again through the platform afterwards; the platform connection stays up.
    func forward(
        _ indices: [Int], as platform: PlatformAccess, clock: SimulationClock, deadline: Int64, tally: Tally
    ) async {
        let edition = plan.edition ?? .gb2016
        let serial: UInt16 = 1
        var terminals: [VehicleTerminal] = []
        do {
            let start = clock.seconds
            let initial = indices.enumerated().map { position, index in
                VehicleTerminal(
                    vehicle: vehicle(index, start: start), period: plan.periodSeconds,
                    phase: Int64(position) % plan.periodSeconds, rates: plan.incidents)
            }
            terminals = initial
            let channel = try await GatewayConnection.open(
                host: plan.host, port: plan.port, attempts: plan.connectAttempts)
            terminals = try await channel.executeThenClose { inbound, outbound in
                let login = platform.login(
                    edition: edition, at: CollectionTime(beijingTimeOf: clock.seconds), serial: serial)
                try await outbound.write(ByteBuffer(bytes: login.encodedBytes()))
                // One task reads the replies: first the platform login's, then counting, up to the logout's.
                let (acceptance, accept) = AsyncStream.makeStream(of: Bool.self)
                return try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        defer { accept.finish() }
                        var replies = inbound.makeAsyncIterator()
                        let reply = try await GatewayConnection.awaitReply(
                            to: .platformLogin, from: &replies, tally: tally)
                        let accepted = reply.map { GatewayConnection.ackName($0) == "success" } ?? false
                        accept.yield(accepted)
                        if accepted { try await Self.countForwardingReplies(&replies, tally: tally) }
                    }
                    var accepted = false
                    for await answer in acceptance {
                        accepted = answer
                        break
                    }
                    guard accepted else { throw SimulatorError.loginRefused("platform") }
                    var terminals = initial
                    var pending = ByteBuffer()
                    for index in terminals.indices {
                        collect(terminals[index].start(), into: &pending, tally: tally, reconnecting: false)
                    }
                    while let wake = terminals.map(\.nextWake).min(), wake <= deadline {
                        if pending.readableBytes > 0 { try await outbound.write(pending) }
                        pending.clear()
                        try await clock.sleep(until: wake)
                        let now = clock.seconds
                        for index in terminals.indices where terminals[index].nextWake <= now {
                            collect(terminals[index].advance(to: now), into: &pending, tally: tally)
                        }
                    }
                    for terminal in terminals { collect(terminal.finish(), into: &pending, tally: tally) }
                    let logout = platform.logout(
                        edition: edition, at: CollectionTime(beijingTimeOf: clock.seconds), serial: serial)
                    pending.writeBytes(logout.encodedBytes())
                    try await outbound.write(pending)
                    // The reader ends at the platform logout's reply: everything before it has been handled.
                    try await group.waitForAll()
                    return terminals
                }
            }
        } catch {
            tally.update { $0.failures += 1 }
        }
        for terminal in terminals { tally.add(terminal) }
    }

    private func collect(
        _ actions: [VehicleTerminal.Action], into pending: inout ByteBuffer, tally: Tally, reconnecting: Bool = true
    ) {
        for action in actions {
            switch action {
            case .send(let message):
                tally.sent(message)
                pending.writeBytes(message.encodedBytes())
            case .connect:
                // A vehicle back on its link to the platform; the first connect of all is not a reconnect.
                if reconnecting { tally.update { $0.reconnects += 1 } }
            case .disconnect:
                break
            }
        }
    }

    /// Counts the replies on a platform connection (to forwarded logins and logouts, and any refusals) until the
    /// reply to the platform logout; a vehicle counts as logged in at its first successful login.
    private static func countForwardingReplies(
        _ replies: inout NIOAsyncChannelInboundStream<Frame>.AsyncIterator, tally: Tally
    ) async throws {
        var loggedIn: Set<String> = []
        while let frame = try await replies.next() {
            let ack = GatewayConnection.ackName(frame)
            tally.update { $0.replies[ack, default: 0] += 1 }
            switch GatewayConnection.command(frame) {
            case .vehicleLogin where ack == "success":
                let code = frame.bytes.getBytes(at: frame.bytes.readerIndex + 4, length: UniqueCode.byteCount) ?? []
                let vin = UniqueCode(bytes: code)?.text ?? ""
                if loggedIn.insert(vin).inserted { tally.update { $0.loggedIn += 1 } }
            case .platformLogout:
                return
            default:
                break
            }
        }
    }
}
