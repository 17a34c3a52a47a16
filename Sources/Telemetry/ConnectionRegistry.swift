public import Model
import Synchronization

/// Which connection holds each logged-in identity, so that a new login of the same VIN or platform can find
/// (and close) the old connection, and so the platform knows who is online.
public final class ConnectionRegistry: Sendable {
    /// A connection as the registry knows it: an id and a way to tell it it was replaced.
    public struct Holder: Sendable {
        /// Unique per connection.
        public var id: UInt64
        /// When its login was received (µs since epoch, UTC): against other processes' claims, the newer login wins.
        public var claimedAt: Int64
        /// Called (on any thread) when a newer connection takes the identity over.
        public var replaced: @Sendable () -> Void
        /// Told already that a newer claim from another process took over (so it is told once).
        fileprivate var superseded = false

        /// Creates a holder.
        public init(id: UInt64, claimedAt: Int64 = 0, replaced: @escaping @Sendable () -> Void) {
            self.id = id
            self.claimedAt = claimedAt
            self.replaced = replaced
        }
    }

    private let holders = Mutex<[GatewaySession.Identity: Holder]>([:])
    private let nextID = Atomic<UInt64>(1)
    /// This process's prefix of session ids, random so that sessions of several `serve` processes sharing
    /// one database differ.
    private let node: Int64

    /// An empty registry.
    public init() {
        node = Int64.random(in: 1..<(1 << 22))
    }

    /// The store-wide id of a connection's session: 22 bits of process, 40 bits of connection.
    public func sessionID(_ connection: UInt64) -> Int64 {
        node << 40 | Int64(connection & 0xFF_FFFF_FFFF)
    }

    /// A fresh connection id.
    public func makeConnectionID() -> UInt64 {
        nextID.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// Whether `identity` is held by a connection other than `connection`.
    public func isOnline(_ identity: GatewaySession.Identity, otherThan connection: UInt64) -> Bool {
        holders.withLock { $0[identity].map { $0.id != connection } ?? false }
    }

    /// Records `holder` as holding `identity`; the previous holder, if another connection, is told it was
    /// replaced.
    public func claim(_ identity: GatewaySession.Identity, by holder: Holder) {
        let previous = holders.withLock { map -> Holder? in
            let old = map[identity]
            map[identity] = holder
            return old
        }
        if let previous, previous.id != holder.id { previous.replaced() }
    }

    /// Forgets `identity` if `connection` still holds it (a replaced connection must not release its successor).
    public func release(_ identity: GatewaySession.Identity, by connection: UInt64) {
        holders.withLock { map in
            if map[identity]?.id == connection { map[identity] = nil }
        }
    }

    /// Tells each connection holding one of the claimed identities on an older login that it was replaced: the claims
    /// are other gateway processes' logins, read from the store (`TakeoverWatch`). Returns how many were told.
    ///
    /// A claim of this process's own session, or older than the holder's login, changes nothing: the holder's own
    /// claim is (or will be) the newer one in the store, and the other process gives way when it reads it.
    @discardableResult
    public func supersede(by claims: [IdentityClaim]) -> Int {
        let replaced = holders.withLock { map -> [@Sendable () -> Void] in
            var replaced: [@Sendable () -> Void] = []
            for claim in claims {
                guard let identity = GatewaySession.Identity(claimKey: claim.identity),
                    let holder = map[identity], !holder.superseded,
                    claim.supersedes(session: sessionID(holder.id), claimedAt: holder.claimedAt)
                else { continue }
                map[identity]?.superseded = true
                replaced.append(holder.replaced)
            }
            return replaced
        }
        for tell in replaced { tell() }
        return replaced.count
    }

    /// Number of identities online.
    public var onlineCount: Int { holders.withLock { $0.count } }
}
