public import Store
import Synchronization

/// Duplicate logins across gateway processes: several `serve` processes on one port (`gateway-reuse-port`), or on
/// several hosts behind a load balancer, share one store. A second login of a VIN or platform account within one
/// process closes the first connection at once (`ConnectionRegistry.claim`); a login that reaches another process
/// is seen here, when this process next reads the claims other processes committed.
///
/// Each login's claim goes through the telemetry queue into the store, which keeps the newest per identity. Every
/// `check` reads the claims committed since the previous one (with `overlap` to spare for claims still queued
/// then) and closes this process's connections that a newer login took over. Both processes agree which login is
/// newer (receive time, then session), so exactly one connection stays, whichever process commits first.
public final class TakeoverWatch: Sendable {
    private let store: any PlatformStore
    private let registry: ConnectionRegistry
    /// How far before the previous check each check reads: longer than a claim waits in the queue.
    public let overlap: Int64
    private let lastCheck: Mutex<Int64>

    /// A watch over `registry`'s connections, reading claims from `store` from `start` (µs since epoch, UTC) on.
    public init(store: any PlatformStore, registry: ConnectionRegistry, start: Int64, overlapSeconds: Int = 30) {
        self.store = store
        self.registry = registry
        overlap = Int64(overlapSeconds) * 1_000_000
        lastCheck = Mutex(start)
    }

    /// Reads the claims committed since the last check and closes the connections they replaced; returns how many.
    @discardableResult
    public func check(now: Int64) async throws -> Int {
        let since = lastCheck.withLock { $0 } - overlap
        let claims = try await store.telemetry.claims(since: since)
        lastCheck.withLock { $0 = max($0, now) }
        return registry.supersede(by: claims)
    }
}
