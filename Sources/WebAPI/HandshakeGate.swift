import Foundation
public import HummingbirdCore
public import Logging
public import NIOCore

/// Answers a refused charge-point handshake with its own status (401 for wrong credentials) before Hummingbird's
/// WebSocket upgrader sees it: that upgrader answers every refused upgrade with a bare 400, and OCPP charge points
/// (and the OCPP 1.6 security whitepaper) expect 401 when their Basic credentials are wrong.
///
/// It reads the head of a connection's first request only: an upgrade to `/ocpp/...` is held until `decide` has
/// answered; anything else goes straight through and the gate leaves the pipeline.
struct HandshakeGateChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let decide: HandshakeDecision

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            // Last for now: behind a TLS handler a wrapping channel added before, in front of the HTTP handlers the
            // base adds next. It must read the request in clear.
            try channel.pipeline.syncOperations.addHandler(HandshakeGate(decide: decide))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HandshakeGateChannel: HTTPChannelHandler where Base: HTTPChannelHandler {
    var responder: HTTPChannelHandler.Responder { base.responder }
}

/// Given a handshake's path and headers (names lowercased): nil lets it through; otherwise the complete HTTP response
/// to send before closing.
typealias HandshakeDecision = @Sendable (_ path: String, _ headers: [String: String]) async -> String?

/// The handler behind `HandshakeGateChannel`.
final class HandshakeGate: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// A request head longer than this is not a handshake worth holding.
    static let maxHead = 16 * 1024

    let decide: HandshakeDecision
    private var pending: ByteBuffer?
    private var deciding = false
    private var refused = false

    init(decide: @escaping HandshakeDecision) {
        self.decide = decide
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        var incoming = unwrapInboundIn(data)
        if pending == nil {
            pending = incoming
        } else {
            pending?.writeBuffer(&incoming)
        }
        guard !deciding, let buffer = pending else { return }
        let text = String(buffer: buffer)
        guard let end = text.range(of: "\r\n\r\n") else {
            if buffer.readableBytes > Self.maxHead { passThrough(context) }
            return
        }
        let lines = text[..<end.lowerBound].split(separator: "\r\n")
        let requestLine = lines.first?.split(separator: " ") ?? []
        let path = requestLine.count >= 2 ? String(requestLine[1]) : ""
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] =
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard path.hasPrefix(OCPPRoutes.socketPrefix), headers["upgrade"]?.lowercased() == "websocket" else {
            passThrough(context)
            return
        }
        deciding = true
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        let decide = self.decide
        Task {
            let refusal = await decide(path, headers)
            loop.execute {
                let (gate, context) = bound.value
                if let refusal {
                    gate.refuse(context, refusal)
                } else {
                    gate.passThrough(context)
                }
            }
        }
    }

    private func passThrough(_ context: ChannelHandlerContext) {
        deciding = false
        if let buffer = pending {
            pending = nil
            context.fireChannelRead(wrapInboundOut(buffer))
            context.fireChannelReadComplete()
        }
        context.pipeline.removeHandler(context: context, promise: nil)
    }

    /// Answers, shuts our side, and closes for good two seconds later if the client has not closed by then (it
    /// should, on `Connection: close`; closing at once would fail the upgrader's pending negotiation, which
    /// Hummingbird logs as an error).
    private func refuse(_ context: ChannelHandlerContext, _ response: String) {
        pending = nil
        refused = true
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(NIOAny(ByteBuffer(string: response)), promise: written)
        let channel = context.channel
        written.futureResult.whenComplete { _ in
            channel.close(mode: .output, promise: nil)
            channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
        }
    }
}
