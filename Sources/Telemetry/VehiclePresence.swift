public import Model
import Synchronization

/// Which vehicles this gateway process sees online, and on which session: the source of the online/offline
/// changes it hands to the store.
///
/// A vehicle comes online at its login or at the first frame of a session (a platform may forward data without
/// forwarding logins), and goes offline at its logout, when its session ends (connection closed, replaced, idle,
/// platform logout), or after `offlineAfter` without a frame. Changes carry the session, so an old session
/// ending never takes a vehicle offline that a newer session holds (the store checks the same, across processes).
public final class VehiclePresence: Sendable {
    private struct Entry {
        var session: Int64
        var lastSeen: Int64
    }

    private struct State {
        var vehicles: [String: Entry] = [:]
        var bySession: [Int64: Set<String>] = [:]

        mutating func remove(_ vin: String) -> Entry? {
            guard let entry = vehicles.removeValue(forKey: vin) else { return nil }
            bySession[entry.session]?.remove(vin)
            if bySession[entry.session]?.isEmpty == true { bySession[entry.session] = nil }
            return entry
        }
    }

    private let state = Mutex(State())
    /// Microseconds without a frame after which a vehicle is offline.
    public let offlineAfter: Int64

    /// A tracker taking vehicles offline after `offlineAfterSeconds` without a frame.
    public init(offlineAfterSeconds: Int) {
        offlineAfter = Int64(max(offlineAfterSeconds, 1)) * 1_000_000
    }

    /// A frame of `vin` arrived on `session`: an online change if the vehicle was not online on that session.
    public func seen(vin: String, session: Int64, at: Int64, login: Bool) -> PresenceChange? {
        state.withLock { state in
            // One hash of the VIN for the common case, a frame of a vehicle already online on this session.
            if let index = state.vehicles.index(forKey: vin), state.vehicles.values[index].session == session {
                state.vehicles.values[index].lastSeen = max(state.vehicles.values[index].lastSeen, at)
                return nil
            }
            _ = state.remove(vin)
            state.vehicles[vin] = Entry(session: session, lastSeen: at)
            state.bySession[session, default: []].insert(vin)
            return PresenceChange(vin: vin, at: at, online: true, reason: login ? "login" : "data", session: session)
        }
    }

    /// `vin` left `session` (logout, or its direct connection ended): an offline change if it was online there.
    public func left(vin: String, session: Int64, at: Int64, reason: String) -> PresenceChange? {
        state.withLock { state in
            guard state.vehicles[vin]?.session == session, state.remove(vin) != nil else { return nil }
            return PresenceChange(vin: vin, at: at, online: false, reason: reason, session: session)
        }
    }

    /// `session` ended: every vehicle still online on it goes offline.
    public func sessionEnded(_ session: Int64, at: Int64, reason: String) -> [PresenceChange] {
        state.withLock { state in
            guard let vins = state.bySession[session] else { return [] }
            return vins.sorted().compactMap { vin in
                guard state.remove(vin) != nil else { return nil }
                return PresenceChange(vin: vin, at: at, online: false, reason: reason, session: session)
            }
        }
    }

    /// Vehicles without a frame for `offlineAfter` go offline (reason `timeout`).
    public func expire(now: Int64) -> [PresenceChange] {
        let cutoff = now - offlineAfter
        return state.withLock { state in
            let quiet = state.vehicles.filter { $0.value.lastSeen < cutoff }.map(\.key).sorted()
            return quiet.compactMap { vin in
                guard let entry = state.remove(vin) else { return nil }
                return PresenceChange(vin: vin, at: now, online: false, reason: "timeout", session: entry.session)
            }
        }
    }

    /// Vehicles online now.
    public var onlineCount: Int { state.withLock { $0.vehicles.count } }
}
