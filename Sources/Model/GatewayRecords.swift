/// A GB/T 32960 frame the gateway accepted that is not a report (login, logout, heartbeat, time sync,
/// platform login or logout), kept verbatim for audit and replay. Reports are kept verbatim in their
/// telemetry row.
public struct ArchivedFrame: Sendable, Hashable {
    /// The frame's unique-code field: the VIN, or a platform's code for platform login/logout.
    public var vin: String
    /// When the platform received the frame, microseconds since the Unix epoch (UTC).
    public var receivedAt: Int64
    /// The gateway session (connection) that received it.
    public var session: Int64
    /// 2016 or 2025.
    public var edition: Int
    /// The command byte (0x01 login, 0x07 heartbeat, ...).
    public var command: Int
    /// The frame as received; a platform login's password field is zeroed (see `redactingPassword`).
    public var raw: [UInt8]

    /// Creates an archived frame.
    public init(vin: String, receivedAt: Int64, session: Int64, edition: Int, command: Int, raw: [UInt8]) {
        self.vin = vin
        self.receivedAt = receivedAt
        self.session = session
        self.edition = edition
        self.command = command
        self.raw = raw
    }
}

/// A vehicle coming online or going offline, as the gateway sees it.
///
/// Sessions make the store's transitions safe when a vehicle reconnects: an "offline" from an old session
/// (its connection closing after a newer login took over) does not take a vehicle offline that is online on
/// a newer session.
public struct PresenceChange: Sendable, Hashable {
    public var vin: String
    /// Microseconds since the Unix epoch (UTC).
    public var at: Int64
    public var online: Bool
    /// Why: `login`, `data` (a frame from a vehicle not known to be online), `logout`, `connection_closed`,
    /// `replaced`, `idle`, `misbehaving`, `timeout` (no frame for the offline timeout), `stale` (left online
    /// by a process that stopped).
    public var reason: String
    /// The gateway session the change comes from.
    public var session: Int64

    /// Creates a presence change.
    public init(vin: String, at: Int64, online: Bool, reason: String, session: Int64) {
        self.vin = vin
        self.at = at
        self.online = online
        self.reason = reason
        self.session = session
    }
}

/// A login that takes an identity (a vehicle's VIN, or a platform account) on a gateway session: the newest claim
/// of an identity wins, across every gateway process sharing the store.
///
/// A process that holds the identity on an older session closes that connection when it sees a newer claim, as it
/// does at once for a second login within the process.
public struct IdentityClaim: Sendable, Hashable {
    /// `vehicle:<VIN>` or `platform:<user name>`.
    public var identity: String
    /// The gateway session that logged in.
    public var session: Int64
    /// When the login was received, microseconds since the Unix epoch (UTC); ties go to the higher session.
    public var claimedAt: Int64

    /// Creates a claim.
    public init(identity: String, session: Int64, claimedAt: Int64) {
        self.identity = identity
        self.session = session
        self.claimedAt = claimedAt
    }

    /// Whether this claim is newer than one of the same identity by `session` at `claimedAt`.
    public func supersedes(session other: Int64, claimedAt otherAt: Int64) -> Bool {
        (claimedAt, session) > (otherAt, other)
    }
}
