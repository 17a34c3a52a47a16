import GBT32960
import NIOCore
import NIOPosix

/// Opening a TCP connection to the gateway, framing what comes back, and reading replies.
enum GatewayConnection {
    /// Connects, retrying once a second up to `attempts` times (a gateway starting up, a listen backlog full under
    /// a large fleet), as a terminal would. With `halfClosure`, finishing the writer shuts the output only, so the
    /// replies can still be read to the end.
    static func open(host: String, port: Int, attempts: Int, halfClosure: Bool = false) async throws
        -> NIOAsyncChannel<Frame, ByteBuffer>
    {
        var attempt = 0
        while true {
            do {
                return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connect(host: host, port: port) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                ByteToMessageHandler(GBT32960FrameDecoder()))
                            return try NIOAsyncChannel<Frame, ByteBuffer>(
                                wrappingChannelSynchronously: channel,
                                configuration: .init(isOutboundHalfClosureEnabled: halfClosure))
                        }
                    }
            } catch {
                attempt += 1
                guard attempt < attempts else { throw error }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// The name of a reply's ack flag (success, error, vin_unknown, ...).
    static func ackName(_ frame: Frame) -> String {
        AckFlag(rawValue: frame.bytes.getInteger(at: frame.bytes.readerIndex + 3, as: UInt8.self) ?? 0).name
    }

    /// The command a reply answers.
    static func command(_ frame: Frame) -> Command {
        Command(rawValue: frame.bytes.getInteger(at: frame.bytes.readerIndex + 2, as: UInt8.self) ?? 0)
    }

    /// Reads replies, counting each, until the reply to `command` (returned) or the end of the connection (nil).
    static func awaitReply(
        to command: Command, from replies: inout NIOAsyncChannelInboundStream<Frame>.AsyncIterator, tally: Tally
    ) async throws -> Frame? {
        while let frame = try await replies.next() {
            tally.update { $0.replies[ackName(frame), default: 0] += 1 }
            if self.command(frame) == command { return frame }
        }
        return nil
    }
}

/// Why a simulated vehicle or platform stopped.
enum SimulatorError: Error {
    case closedEarly
    case loginRefused(String)
}
