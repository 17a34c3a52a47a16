import Synchronization

/// Which connection holds each logged-in identity, so that a new login of the same VIN or platform can find
/// (and close) the old connection, and so the platform knows who is online.
public final class ConnectionRegistry: Sendable {
    /// A connection as the registry knows it: an id and a way to tell it it was replaced.
    public struct Holder: Sendable {
        /// Unique per connection.
        public var id: UInt64
        /// Called (on any thread) when a newer connection takes the identity over.
        public var replaced: @Sendable () -> Void

        /// Creates a holder.
        public init(id: UInt64, replaced: @escaping @Sendable () -> Void) {
            self.id = id
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

    /// Number of identities online.
    public var onlineCount: Int { holders.withLock { $0.count } }
}
