public import GBT32960
public import Model

/// The decisions of one GB/T 32960.3 gateway connection, as a pure state machine: events in, actions out.
///
/// The channel handler feeds it decoded frames (with what the vehicle directory knows about the frame's VIN),
/// authentication results and timeouts, and only executes the actions it returns: write a reply, hand a report
/// to ingest, claim or release an identity, authenticate a platform, close. No I/O happens here, so every rule
/// of the standard below is tested without sockets (GB/T 32960.3-2016 and -2025 Annex B, and
/// `../shared/reference/gb32960.md` §3.2 and §3.7):
///
/// - A vehicle logs in (0x01) before it reports; a platform logs in (0x05) and then forwards frames for many
///   VINs, each of which must belong to the platform's enterprise.
/// - Login, logout, heartbeat, time sync and platform login/logout get a reply; a correct realtime or reissue
///   report gets none; a report that cannot be accepted gets an error reply.
/// - Frames whose ack flag is not 0xFE are replies from the terminal and are never answered.
/// - A login of an identity that is online on another connection either takes it over (the old connection is
///   closed, as the standard says) or is refused with 0x03 "VIN duplicate", by policy.
public struct GatewaySession: Sendable {
    /// Who is on the other end, once logged in.
    public enum Identity: Hashable, Sendable, CustomStringConvertible {
        /// A vehicle terminal reporting for itself.
        case vehicle(vin: String)
        /// An OEM platform forwarding for its vehicles, by its platform account's user name.
        case platform(username: String)

        public var description: String {
            switch self {
            case .vehicle(let vin): "vehicle \(vin)"
            case .platform(let username): "platform \(username)"
            }
        }

        /// The identity as the store keeps its claims (`IdentityClaim.identity`): `vehicle:<VIN>`,
        /// `platform:<user name>`.
        public var claimKey: String {
            switch self {
            case .vehicle(let vin): "vehicle:\(vin)"
            case .platform(let username): "platform:\(username)"
            }
        }

        /// The identity of a claim key; nil for a key of another form.
        public init?(claimKey: String) {
            if claimKey.hasPrefix("vehicle:") {
                self = .vehicle(vin: String(claimKey.dropFirst("vehicle:".count)))
            } else if claimKey.hasPrefix("platform:") {
                self = .platform(username: String(claimKey.dropFirst("platform:".count)))
            } else {
                return nil
            }
        }
    }

    /// A frame's bytes as received and when, carried with it so that frames held during a platform login are
    /// archived with their own bytes and receive time.
    public struct ReceivedFrame: Sendable, Hashable {
        public var bytes: [UInt8]
        /// Microseconds since the Unix epoch (UTC).
        public var receivedAt: Int64

        /// Creates a received frame.
        public init(bytes: [UInt8], receivedAt: Int64) {
            self.bytes = bytes
            self.receivedAt = receivedAt
        }

        /// No bytes, time 0: what tests that do not look at bytes pass.
        public static let none = ReceivedFrame(bytes: [], receivedAt: 0)
    }

    /// What the channel handler knows about a frame when it feeds it in.
    public struct FrameContext: Sendable, Hashable {
        /// The vehicle directory's entry for the frame's VIN, nil if the VIN is not registered.
        public var registration: VehicleRegistration?
        /// For a login frame: whether that identity is online on another connection right now.
        public var identityOnlineElsewhere: Bool
        /// The platform's clock as GB/T 32960 time (Beijing), for time-sync replies.
        public var now: CollectionTime
        /// The frame itself.
        public var received: ReceivedFrame

        /// Creates a context.
        public init(
            registration: VehicleRegistration?, identityOnlineElsewhere: Bool = false, now: CollectionTime,
            received: ReceivedFrame = .none
        ) {
            self.registration = registration
            self.identityOnlineElsewhere = identityOnlineElsewhere
            self.now = now
            self.received = received
        }
    }

    /// Something that happened on the connection.
    public enum Event: Sendable {
        /// A frame that framed and decoded (leniently).
        case frame(Message, FrameContext)
        /// A frame that framed (BCC and length good) but whose data unit did not decode.
        case undecodable(Frame, GBT32960Error)
        /// The answer to `.authenticatePlatform`: the account, or nil if the name or password is wrong or the
        /// account is disabled.
        case platformAuthenticated(PlatformAccountGrant?)
        /// Nothing arrived for the idle timeout (default 180 s).
        case idleTimeout
        /// A newer connection logged in with this connection's identity.
        case replacedByNewerConnection
        /// The peer closed the connection, or it failed.
        case connectionClosed
    }

    /// What the handler must do, in order.
    public enum Action: Sendable, Hashable {
        /// Write this reply.
        case reply(Message)
        /// Hand the report (or vehicle login/logout) to ingest, with the enterprise it belongs to (nil for an
        /// unregistered vehicle accepted under `.acceptAndFlag`) and the frame as received.
        case ingest(Message, owner: EnterpriseID?, unregistered: Bool, frame: ReceivedFrame = .none)
        /// Keep an accepted frame that carries no vehicle data (heartbeat, time sync, platform login/logout)
        /// verbatim.
        case archive(Message, frame: ReceivedFrame = .none)
        /// Mark the identity online on this connection; with `replacing`, close the connection that held it.
        case claim(Identity, replacing: Bool)
        /// Mark the identity offline (logout, close, takeover, idle).
        case release(Identity, reason: ReleaseReason)
        /// Check the platform account's name and password (slow: a password hash), then feed
        /// `.platformAuthenticated`. Frames that arrive meanwhile are held by the session.
        case authenticatePlatform(username: String, password: RawBytes)
        /// A frame was not accepted; counted per reason, and logged at debug level.
        case drop(DropReason, vin: String)
        /// Close the connection after writing any replies above.
        case close(CloseReason)
    }

    /// Why an identity went offline.
    public enum ReleaseReason: String, Sendable, Hashable {
        case logout
        case connectionClosed = "connection_closed"
        case replaced, idle, misbehaving
    }

    /// Why a frame was not accepted.
    public enum DropReason: String, Sendable, Hashable {
        /// A report or logout before any login on the connection.
        case notLoggedIn = "not_logged_in"
        /// A vehicle session sent a frame for a different VIN.
        case vinMismatch = "vin_mismatch"
        /// A platform forwarded a VIN that is not registered to its enterprise.
        case vehicleNotOwned = "vehicle_not_owned"
        /// An unregistered VIN under the `.refuse` policy.
        case unknownVehicle = "unknown_vehicle"
        /// The data unit did not decode.
        case undecodable
        /// A reply from the terminal (ack flag not 0xFE), or a command this gateway does not serve yet.
        case notServed = "not_served"
        /// Too many frames while a platform login was being checked.
        case pendingOverflow = "pending_overflow"
    }

    /// Why the session ends the connection.
    public enum CloseReason: String, Sendable, Hashable {
        case loginRefused = "login_refused"
        case duplicateIdentity = "duplicate_identity"
        case replaced, idle
        case tooManyErrors = "too_many_errors"
        case pendingOverflow = "pending_overflow"
        case peerClosed = "peer_closed"
    }

    private enum State: Sendable {
        case awaitingLogin
        case vehicle(vin: String, owner: EnterpriseID?, unregistered: Bool)
        case authenticating(
            username: String, login: Message, loginFrame: ReceivedFrame, pending: [(Message, FrameContext)])
        case platform(PlatformAccountGrant)
        case closed
    }

    /// The configuration the decisions depend on.
    public let policy: GatewayPolicy
    private var state: State = .awaitingLogin
    private var consecutiveErrors = 0

    /// A session for a new connection.
    public init(policy: GatewayPolicy) {
        self.policy = policy
    }

    /// The identity logged in on this connection, if any.
    public var identity: Identity? {
        switch state {
        case .vehicle(let vin, _, _): .vehicle(vin: vin)
        case .platform(let grant): .platform(username: grant.username)
        case .awaitingLogin, .authenticating, .closed: nil
        }
    }

    /// Whether the session has decided to close.
    public var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// Feeds one event and returns what to do.
    public mutating func handle(_ event: Event) -> [Action] {
        if case .closed = state { return [] }
        switch event {
        case .frame(let message, let context):
            if case .authenticating(let username, let login, let loginFrame, var pending) = state {
                guard pending.count < policy.maxFramesWhileAuthenticating else {
                    state = .closed
                    return [.drop(.pendingOverflow, vin: message.uniqueCode.text), .close(.pendingOverflow)]
                }
                pending.append((message, context))
                state = .authenticating(username: username, login: login, loginFrame: loginFrame, pending: pending)
                return []
            }
            return frame(message, context)
        case .undecodable(let frame, let error):
            return undecodable(frame, error)
        case .platformAuthenticated(let grant):
            return platformAuthenticated(grant)
        case .idleTimeout:
            return end(.idle, release: .idle)
        case .replacedByNewerConnection:
            return end(.replaced, release: .replaced)
        case .connectionClosed:
            let actions = identity.map { [Action.release($0, reason: .connectionClosed)] } ?? []
            state = .closed
            return actions
        }
    }

    // MARK: - Frames

    private mutating func frame(_ message: Message, _ context: FrameContext) -> [Action] {
        let vin = message.uniqueCode.text
        // Only commands (0xFE) are answered; anything else is the terminal replying to us.
        guard message.ackFlag.isCommand else { return [.drop(.notServed, vin: vin)] }
        switch message.command {
        case .heartbeat:
            consecutiveErrors = 0
            return [
                .archive(message, frame: context.received), .reply(message.reply(.success, style: policy.replyStyle)),
            ]
        case .timeSync:
            consecutiveErrors = 0
            // The reply carries the platform's clock (B.2.5): that is what the terminal asked for.
            return [
                .archive(message, frame: context.received),
                .reply(message.reply(.success, style: .timeOnly, time: context.now)),
            ]
        case .vehicleLogin:
            return vehicleLogin(message, context)
        case .platformLogin:
            return platformLogin(message, context)
        case .realtimeReport, .reissueReport, .vehicleLogout:
            return vehicleData(message, context)
        case .platformLogout:
            return platformLogout(message, context)
        default:
            return [.drop(.notServed, vin: vin)]
        }
    }

    private mutating func vehicleLogin(_ message: Message, _ context: FrameContext) -> [Action] {
        let vin = message.uniqueCode.text
        if case .platform(let grant) = state {
            // A platform forwarding a vehicle's login: the vehicle comes online through the platform.
            return forwarded(message, context, grant: grant, reply: true)
        }
        var actions: [Action] = []
        if let previous = identity, previous != .vehicle(vin: vin) {
            actions.append(.release(previous, reason: .logout))
        }
        if context.registration == nil, policy.unknownVehicles == .refuse {
            state = .closed
            return actions + [
                .reply(message.reply(unknownVINFlag(message.edition), style: policy.replyStyle)),
                .drop(.unknownVehicle, vin: vin), .close(.loginRefused),
            ]
        }
        let relogin = identity == .vehicle(vin: vin)
        if context.identityOnlineElsewhere, !relogin, policy.duplicateLogin == .refuseNew {
            state = .closed
            return actions + [
                .reply(message.reply(.vinDuplicate, style: policy.replyStyle)), .close(.duplicateIdentity),
            ]
        }
        consecutiveErrors = 0
        let owner = context.registration?.enterprise
        state = .vehicle(vin: vin, owner: owner, unregistered: context.registration == nil)
        if !relogin {
            actions.append(.claim(.vehicle(vin: vin), replacing: context.identityOnlineElsewhere))
        }
        actions.append(
            .ingest(message, owner: owner, unregistered: context.registration == nil, frame: context.received))
        actions.append(.reply(message.reply(.success, style: policy.replyStyle)))
        return actions
    }

    private mutating func vehicleData(_ message: Message, _ context: FrameContext) -> [Action] {
        let vin = message.uniqueCode.text
        switch state {
        case .vehicle(let loggedIn, let owner, let unregistered):
            guard vin == loggedIn else {
                return refuse(message, .vinMismatch, flag: .error)
            }
            consecutiveErrors = 0
            var actions: [Action] = [
                .ingest(message, owner: owner, unregistered: unregistered, frame: context.received)
            ]
            if message.command == .vehicleLogout {
                actions.append(.reply(message.reply(.success, style: policy.replyStyle)))
                actions.append(.release(.vehicle(vin: vin), reason: .logout))
                state = .awaitingLogin
            }
            return actions
        case .platform(let grant):
            return forwarded(message, context, grant: grant, reply: message.command == .vehicleLogout)
        case .awaitingLogin, .authenticating, .closed:
            // The standard: data from a terminal that has not logged in is ignored.
            return [.drop(.notLoggedIn, vin: vin)]
        }
    }

    /// A frame a platform forwards for one of its vehicles.
    private mutating func forwarded(
        _ message: Message, _ context: FrameContext, grant: PlatformAccountGrant, reply: Bool
    ) -> [Action] {
        guard let registration = context.registration, registration.enterprise == grant.enterprise else {
            // Well-formed, just not this platform's (a registration not yet made, or a vehicle moved to another
            // maker): refused, but not held against the connection, which carries all the platform's other vehicles.
            return refuse(
                message, .vehicleNotOwned, flag: unknownVINFlag(message.edition), countsAsError: false)
        }
        consecutiveErrors = 0
        var actions: [Action] = [
            .ingest(message, owner: registration.enterprise, unregistered: false, frame: context.received)
        ]
        if reply { actions.append(.reply(message.reply(.success, style: grant.replyStyle ?? policy.replyStyle))) }
        return actions
    }

    private mutating func platformLogin(_ message: Message, _ context: FrameContext) -> [Action] {
        guard case .platformLogin(let login) = message.body else { return [.drop(.undecodable, vin: "")] }
        var actions: [Action] = []
        if let previous = identity { actions.append(.release(previous, reason: .logout)) }
        let username = GB18030.text(login.username)?.trimmingNULs ?? login.username.hex
        state = .authenticating(username: username, login: message, loginFrame: context.received, pending: [])
        actions.append(.authenticatePlatform(username: username, password: login.password))
        return actions
    }

    private mutating func platformAuthenticated(_ grant: PlatformAccountGrant?) -> [Action] {
        guard case .authenticating(let username, let login, let loginFrame, let pending) = state else { return [] }
        guard let grant, grant.username == username else {
            state = .closed
            return [.reply(login.reply(.error, style: policy.replyStyle)), .close(.loginRefused)]
        }
        if grant.onlineElsewhere, policy.duplicateLogin == .refuseNew {
            state = .closed
            return [.reply(login.reply(.vinDuplicate, style: policy.replyStyle)), .close(.duplicateIdentity)]
        }
        state = .platform(grant)
        consecutiveErrors = 0
        var actions: [Action] = [
            .claim(.platform(username: username), replacing: grant.onlineElsewhere),
            .archive(login, frame: loginFrame),
            .reply(login.reply(.success, style: grant.replyStyle ?? policy.replyStyle)),
        ]
        for (message, context) in pending {
            actions += handle(.frame(message, context))
        }
        return actions
    }

    private mutating func platformLogout(_ message: Message, _ context: FrameContext) -> [Action] {
        guard case .platform(let grant) = state else { return [.drop(.notLoggedIn, vin: message.uniqueCode.text)] }
        state = .awaitingLogin
        return [
            .archive(message, frame: context.received),
            .reply(message.reply(.success, style: grant.replyStyle ?? policy.replyStyle)),
            .release(.platform(username: grant.username), reason: .logout),
        ]
    }

    // MARK: - Errors

    private mutating func undecodable(_ frame: Frame, _ error: GBT32960Error) -> [Action] {
        let header = FrameHeader(frame)
        var actions: [Action] = [.drop(.undecodable, vin: header.vin)]
        // Reply only to commands; the 2025 edition has a code for exactly this (0x06 data-structure error).
        if header.ackFlag.isCommand {
            actions.append(.reply(header.errorReply()))
        }
        return actions + countError()
    }

    /// Refuses one frame with `flag`. With `countsAsError`, it counts toward closing the connection.
    private mutating func refuse(_ message: Message, _ reason: DropReason, flag: AckFlag, countsAsError: Bool = true)
        -> [Action]
    {
        let vin = message.uniqueCode.text
        var actions: [Action] = [.drop(reason, vin: vin)]
        actions.append(.reply(message.reply(flag, style: policy.replyStyle)))
        return countsAsError ? actions + countError() : actions
    }

    /// Closes a connection that keeps sending what cannot be accepted: it costs the platform and others.
    private mutating func countError() -> [Action] {
        consecutiveErrors += 1
        guard consecutiveErrors >= policy.maxConsecutiveErrors else { return [] }
        return end(.tooManyErrors, release: .misbehaving)
    }

    private mutating func end(_ reason: CloseReason, release: ReleaseReason) -> [Action] {
        var actions: [Action] = []
        if let identity { actions.append(.release(identity, reason: release)) }
        state = .closed
        actions.append(.close(reason))
        return actions
    }

    private func unknownVINFlag(_ edition: Edition) -> AckFlag {
        // 2025 has "VIN does not exist" (0x04); 2016 has only the general error.
        edition == .gb2025 ? .vinUnknown : .error
    }
}

extension String {
    /// Fixed-width STRING fields are NUL- or space-padded on the wire.
    fileprivate var trimmingNULs: String {
        var text = Substring(self)
        while let last = text.last, last == "\0" || last == " " { text = text.dropLast() }
        return String(text)
    }
}
