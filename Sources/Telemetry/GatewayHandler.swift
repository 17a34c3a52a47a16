import GBT32960
public import Logging
import Model
public import NIOCore

/// What every gateway connection shares.
public struct GatewayServices: Sendable {
    /// The configurable decisions.
    public var policy: GatewayPolicy
    /// VIN → owner, for per-frame checks.
    public var directory: VehicleDirectory
    /// Who is online on which connection.
    public var registry: ConnectionRegistry
    /// The queue to the store.
    public var writer: TelemetryWriter
    /// Platform logins.
    public var authenticator: any PlatformAuthenticator
    /// Largest frame accepted (header, data unit, check code).
    public var maxFrameLength: Int
    /// Microseconds since the epoch, UTC (a parameter so tests control time).
    public var now: @Sendable () -> Int64
    /// Connection logs.
    public var logger: Logger

    /// Creates the shared services.
    public init(
        policy: GatewayPolicy, directory: VehicleDirectory, registry: ConnectionRegistry, writer: TelemetryWriter,
        authenticator: any PlatformAuthenticator = NoPlatformAccounts(), maxFrameLength: Int = 16_384,
        now: @escaping @Sendable () -> Int64 = { Clock.nowMicros() }, logger: Logger
    ) {
        self.policy = policy
        self.directory = directory
        self.registry = registry
        self.writer = writer
        self.authenticator = authenticator
        self.maxFrameLength = maxFrameLength
        self.now = now
        self.logger = logger
    }
}

/// One GB/T 32960 connection: feeds framed packets to its `GatewaySession` and carries out the actions.
///
/// Reads are held back while the telemetry queue is full (TCP backpressure), and resumed when it has room.
public final class GatewayHandler: ChannelDuplexHandler {
    public typealias InboundIn = Frame
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private let services: GatewayServices
    private let connectionID: UInt64
    private var session: GatewaySession
    private var logger: Logger
    private var readsHeld = false
    private var readPending = false

    /// A handler for a new connection.
    public init(services: GatewayServices) {
        self.services = services
        self.connectionID = services.registry.makeConnectionID()
        self.session = GatewaySession(policy: services.policy)
        var logger = services.logger
        logger[metadataKey: "connection"] = "\(connectionID)"
        self.logger = logger
    }

    public func channelActive(context: ChannelHandlerContext) {
        if let peer = context.remoteAddress { logger[metadataKey: "peer"] = "\(peer)" }
        logger.debug("gateway connection opened")
        context.fireChannelActive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        let receivedAt = services.now()
        let actions: [GatewaySession.Action]
        do {
            let message = try Message.decode(frame: frame, mode: .lenient)
            let vin = message.uniqueCode.text
            var frameContext = GatewaySession.FrameContext(
                registration: services.directory.registration(vin: vin),
                now: CollectionTime(beijingTimeOf: receivedAt / 1_000_000))
            if message.command == .vehicleLogin {
                frameContext.identityOnlineElsewhere = services.registry.isOnline(
                    .vehicle(vin: vin), otherThan: connectionID)
            }
            actions = session.handle(.frame(message, frameContext))
        } catch {
            actions = session.handle(.undecodable(frame, error))
        }
        execute(actions, context: context, frame: frame, receivedAt: receivedAt)
    }

    public func read(context: ChannelHandlerContext) {
        if readsHeld {
            readPending = true
        } else {
            context.read()
        }
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            execute(session.handle(.idleTimeout), context: context, frame: nil, receivedAt: services.now())
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    public func channelInactive(context: ChannelHandlerContext) {
        execute(session.handle(.connectionClosed), context: context, frame: nil, receivedAt: services.now())
        logger.debug("gateway connection closed")
        context.fireChannelInactive()
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("gateway connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    private func execute(
        _ actions: [GatewaySession.Action], context: ChannelHandlerContext, frame: Frame?, receivedAt: Int64
    ) {
        var wrote = false
        for action in actions {
            switch action {
            case .reply(let message):
                var buffer = context.channel.allocator.buffer(capacity: 64)
                message.encode(into: &buffer)
                context.write(wrapOutboundOut(buffer), promise: nil)
                wrote = true
            case .ingest(let message, _, _):
                guard let frame else { break }
                let raw = Array(frame.bytes.readableBytesView)
                if let row = TelemetryRow(report: message, raw: raw, receivedAt: receivedAt),
                    !services.writer.submit(row)
                {
                    holdReads(context: context)
                }
            case .claim(let identity, _):
                let loop = context.eventLoop
                let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
                services.registry.claim(
                    identity,
                    by: .init(id: connectionID) {
                        loop.execute {
                            let (handler, context) = bound.value
                            handler.execute(
                                handler.session.handle(.replacedByNewerConnection), context: context, frame: nil,
                                receivedAt: handler.services.now())
                        }
                    })
            case .release(let identity, let reason):
                services.registry.release(identity, by: connectionID)
                logger.debug("identity offline", metadata: ["identity": "\(identity)", "reason": "\(reason.rawValue)"])
            case .authenticatePlatform(let username, let password):
                authenticate(username: username, password: password, context: context)
            case .drop(let reason, let vin):
                logger.debug("frame dropped", metadata: ["reason": "\(reason.rawValue)", "vin": "\(vin)"])
            case .close(let reason):
                logger.info("closing gateway connection", metadata: ["reason": "\(reason.rawValue)"])
                // Close once the replies above are on the wire.
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(capacity: 0)))
                    .whenComplete { _ in channel.close(promise: nil) }
                return
            }
        }
        if wrote { context.flush() }
    }

    private func authenticate(username: String, password: RawBytes, context: ChannelHandlerContext) {
        let loop = context.eventLoop
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
        let authenticator = services.authenticator
        let registry = services.registry
        let connection = connectionID
        Task {
            var grant = await authenticator.authenticate(username: username, password: password)
            if grant != nil {
                grant?.onlineElsewhere = registry.isOnline(.platform(username: username), otherThan: connection)
            }
            loop.execute { [grant] in
                let (handler, context) = bound.value
                handler.execute(
                    handler.session.handle(.platformAuthenticated(grant)), context: context, frame: nil,
                    receivedAt: handler.services.now())
            }
        }
    }

    private func holdReads(context: ChannelHandlerContext) {
        guard !readsHeld else { return }
        readsHeld = true
        let loop = context.eventLoop
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
        services.writer.whenRoom {
            loop.execute {
                let (handler, context) = bound.value
                handler.readsHeld = false
                if handler.readPending {
                    handler.readPending = false
                    context.read()
                }
            }
        }
    }
}
