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
    /// Which vehicles are online on which session.
    public var presence: VehiclePresence
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
        presence: VehiclePresence = VehiclePresence(offlineAfterSeconds: 180),
        authenticator: any PlatformAuthenticator = NoPlatformAccounts(), maxFrameLength: Int = 16_384,
        now: @escaping @Sendable () -> Int64 = { Clock.nowMicros() }, logger: Logger
    ) {
        self.policy = policy
        self.directory = directory
        self.registry = registry
        self.writer = writer
        self.presence = presence
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
    /// The connection's id in the store (`ConnectionRegistry.sessionID`).
    private let sessionID: Int64
    private var session: GatewaySession
    private var logger: Logger
    private var readsHeld = false
    private var readPending = false
    /// A VIN is being looked up in the store; frames wait in `waiting`, in order.
    private var lookingUp = false
    private var waiting: [Arrival] = []
    private var closedWhileWaiting = false
    /// The VIN text of the frame being handled: built once per frame, not per use.
    private var currentVIN: (code: UniqueCode, text: String)?

    /// A frame and when it arrived.
    private struct Arrival {
        var frame: Frame
        var receivedAt: Int64
    }

    /// A handler for a new connection.
    public init(services: GatewayServices) {
        self.services = services
        self.connectionID = services.registry.makeConnectionID()
        self.sessionID = services.registry.sessionID(connectionID)
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
        let arrival = Arrival(frame: unwrapInboundIn(data), receivedAt: services.now())
        if lookingUp {
            waiting.append(arrival)
            return
        }
        handle(arrival, context: context)
    }

    /// Feeds one frame to the session, unless its VIN must first be looked up in the store: then it waits, with
    /// the frames after it, until the answer is in (reads are held meanwhile).
    private func handle(_ arrival: Arrival, context: ChannelHandlerContext) {
        let frame = arrival.frame
        let receivedAt = arrival.receivedAt
        let actions: [GatewaySession.Action]
        do {
            let message = try Message.decode(frame: frame, mode: .lenient)
            let vin = message.uniqueCode.text
            currentVIN = (message.uniqueCode, vin)
            let entry = services.directory.entry(vin: vin)
            if entry == .unknown(askStore: true), Self.needsRegistration(message.command) {
                lookUp(vin, holding: arrival, context: context)
                return
            }
            var frameContext = GatewaySession.FrameContext(
                registration: entry.registration,
                now: CollectionTime(beijingTimeOf: receivedAt / 1_000_000),
                received: .init(bytes: Array(frame.bytes.readableBytesView), receivedAt: receivedAt))
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

    /// `message`'s VIN as text, reusing the current frame's.
    private func vinText(_ message: Message) -> String {
        if let current = currentVIN, current.code == message.uniqueCode { return current.text }
        return message.uniqueCode.text
    }

    /// The commands whose handling depends on the VIN's registration.
    private static func needsRegistration(_ command: Command) -> Bool {
        command == .vehicleLogin || command == .realtimeReport || command == .reissueReport
            || command == .vehicleLogout
    }

    private func lookUp(_ vin: String, holding arrival: Arrival, context: ChannelHandlerContext) {
        lookingUp = true
        waiting.insert(arrival, at: 0)
        let loop = context.eventLoop
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
        let directory = services.directory
        Task {
            await directory.resolve(vin: vin)
            loop.execute {
                let (handler, context) = bound.value
                handler.lookedUp(context: context)
            }
        }
    }

    /// The answer is in: handle the waiting frames in order (one may start another lookup), then read again.
    private func lookedUp(context: ChannelHandlerContext) {
        lookingUp = false
        while !lookingUp, !waiting.isEmpty {
            handle(waiting.removeFirst(), context: context)
        }
        guard !lookingUp else { return }
        if closedWhileWaiting {
            closedWhileWaiting = false
            connectionEnded(context: context)
            return
        }
        if !readsHeld, readPending {
            readPending = false
            context.read()
        }
    }

    public func read(context: ChannelHandlerContext) {
        if readsHeld || lookingUp {
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
        if lookingUp {
            // Frames that arrived before the close are still handled (and stored) once the lookup answers.
            closedWhileWaiting = true
            return
        }
        connectionEnded(context: context)
    }

    private func connectionEnded(context: ChannelHandlerContext) {
        execute(session.handle(.connectionClosed), context: context, frame: nil, receivedAt: services.now())
        // Whatever is still online on this connection (a platform's vehicles) goes offline with it.
        for change in services.presence.sessionEnded(sessionID, at: services.now(), reason: "connection_closed") {
            submit(.presence(change), context: context)
        }
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
            case .ingest(let message, _, _, let received):
                ingest(message, received, context: context)
            case .archive(let message, let received):
                archive(message, received, context: context)
                if case .vehicle(let vin)? = session.identity, vin == vinText(message) {
                    markSeen(vin: vin, at: received.receivedAt, login: false, context: context)
                }
            case .claim(let identity, _):
                let loop = context.eventLoop
                let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
                // The claim goes to the store too, for gateway processes sharing it (`TakeoverWatch`).
                submit(
                    .claim(IdentityClaim(identity: identity.claimKey, session: sessionID, claimedAt: receivedAt)),
                    context: context)
                services.registry.claim(
                    identity,
                    by: .init(id: connectionID, claimedAt: receivedAt) {
                        loop.execute {
                            let (handler, context) = bound.value
                            handler.execute(
                                handler.session.handle(.replacedByNewerConnection), context: context, frame: nil,
                                receivedAt: handler.services.now())
                        }
                    })
            case .release(let identity, let reason):
                services.registry.release(identity, by: connectionID)
                let now = services.now()
                switch identity {
                case .vehicle(let vin):
                    if let change = services.presence.left(
                        vin: vin, session: sessionID, at: now, reason: reason.rawValue)
                    {
                        submit(.presence(change), context: context)
                    }
                case .platform:
                    for change in services.presence.sessionEnded(sessionID, at: now, reason: reason.rawValue) {
                        submit(.presence(change), context: context)
                    }
                }
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

    /// A vehicle login, report or logout: presence first, then the report row (or the frame, for logins,
    /// logouts and reports without a valid collection time).
    private func ingest(_ message: Message, _ received: GatewaySession.ReceivedFrame, context: ChannelHandlerContext) {
        let vin = vinText(message)
        markSeen(vin: vin, at: received.receivedAt, login: message.command == .vehicleLogin, context: context)
        if var row = TelemetryRow(report: message, raw: received.bytes, receivedAt: received.receivedAt, vin: vin) {
            row.session = sessionID
            submit(.report(row), context: context)
        } else {
            archive(message, received, context: context)
        }
        if message.command == .vehicleLogout,
            let change = services.presence.left(
                vin: vin, session: sessionID, at: received.receivedAt, reason: "logout")
        {
            submit(.presence(change), context: context)
        }
    }

    private func archive(_ message: Message, _ received: GatewaySession.ReceivedFrame, context: ChannelHandlerContext) {
        let frame = ArchivedFrame(
            vin: vinText(message), receivedAt: received.receivedAt, session: sessionID,
            edition: message.edition == .gb2025 ? 2025 : 2016, command: Int(message.command.rawValue),
            raw: received.bytes)
        submit(.frame(message.command == .platformLogin ? frame.redactingPlatformPassword() : frame), context: context)
    }

    private func markSeen(vin: String, at: Int64, login: Bool, context: ChannelHandlerContext) {
        if let change = services.presence.seen(vin: vin, session: sessionID, at: at, login: login) {
            submit(.presence(change), context: context)
        }
    }

    /// Queues a record; a full queue holds this connection's reads.
    private func submit(_ record: IngestRecord, context: ChannelHandlerContext) {
        if !services.writer.submit(record) { holdReads(context: context) }
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
                if handler.readPending, !handler.lookingUp {
                    handler.readPending = false
                    context.read()
                }
            }
        }
    }
}
