import GBT32960
import NIOCore

/// Executes a terminal's actions on one vehicle connection: frames go out many per write, a login waits for its
/// reply, and a `.disconnect` ends the connection's share of the work.
struct VehicleLink {
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let tally: Tally

    /// What `perform` did.
    struct Outcome {
        /// A login got a success reply.
        var loggedIn = false
        /// The actions after a `.disconnect`, nil if there was none.
        var afterDrop: [VehicleTerminal.Action]?
    }

    /// Writes the frames of `actions` in order, up to a `.disconnect`.
    func perform(
        _ actions: [VehicleTerminal.Action], replies: inout NIOAsyncChannelInboundStream<Frame>.AsyncIterator
    ) async throws -> Outcome {
        var outcome = Outcome()
        var pending = ByteBuffer()
        for (position, action) in actions.enumerated() {
            switch action {
            case .send(let message) where message.command == .vehicleLogin:
                try await flush(&pending)
                tally.sent(message)
                try await outbound.write(ByteBuffer(bytes: message.encodedBytes()))
                guard
                    let reply = try await GatewayConnection.awaitReply(to: .vehicleLogin, from: &replies, tally: tally)
                else { throw SimulatorError.closedEarly }
                let ack = GatewayConnection.ackName(reply)
                guard ack == "success" else { throw SimulatorError.loginRefused(ack) }
                outcome.loggedIn = true
            case .send(let message):
                tally.sent(message)
                pending.writeBytes(message.encodedBytes())
            case .disconnect:
                try await flush(&pending)
                outcome.afterDrop = Array(actions[(position + 1)...])
                return outcome
            case .connect:
                // Only comes after a disconnect, which ends this connection first.
                break
            }
        }
        try await flush(&pending)
        return outcome
    }

    private func flush(_ pending: inout ByteBuffer) async throws {
        guard pending.readableBytes > 0 else { return }
        try await outbound.write(pending)
        pending.clear()
    }
}
