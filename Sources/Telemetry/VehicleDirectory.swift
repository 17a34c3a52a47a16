import Model
public import Store
import Synchronization

/// The registry's VIN → owner map, in memory, for the gateway's per-frame checks.
///
/// A lookup per frame must not wait for the database; a million vehicles take about 100 MB here. It is
/// loaded at start. A VIN it does not hold is looked up in the store once (the connection holds that frame
/// and those after it meanwhile), so vehicles registered while `serve` runs, by this process or another
/// sharing the database, are known at their first frame. A VIN the store does not know either is not asked
/// again for `missSeconds`: a platform forwarding unregistered VINs costs the store one query per VIN a minute.
public final class VehicleDirectory: Sendable {
    private struct State {
        var owners: [String: Owner]
        /// VINs the store did not know, with when it was asked (monotonic seconds).
        var misses: [String: Int64] = [:]
    }

    /// Most remembered misses; past it they are forgotten at once (a flood of made-up VINs must not grow memory).
    static let maxMisses = 100_000

    private let state: Mutex<State>

    /// What the directory keeps per VIN.
    private struct Owner {
        var enterprise: EnterpriseID
        var city: City?

        init(_ entry: VehicleOwnership) {
            enterprise = entry.enterprise
            city = entry.city
        }
    }
    private let lookup: (@Sendable (String) async throws -> VehicleOwnership?)?
    private let missSeconds: Int64

    /// A directory holding these registrations; with `lookup`, VINs it does not hold are asked there.
    public init(
        _ registrations: [VehicleOwnership] = [], missSeconds: Int = 60,
        lookup: (@Sendable (String) async throws -> VehicleOwnership?)? = nil
    ) {
        var map: [String: Owner] = [:]
        map.reserveCapacity(registrations.count)
        for entry in registrations { map[entry.vin.rawValue] = Owner(entry) }
        state = Mutex(State(owners: map))
        self.lookup = lookup
        self.missSeconds = Int64(missSeconds)
    }

    /// Loads the whole registry from the store, and looks up in it the VINs registered later.
    public static func load(from store: any PlatformStore) async throws -> VehicleDirectory {
        VehicleDirectory(try await store.vehicles.allRegistrations()) { vin in
            guard let vin = VIN(rawValue: vin), let record = try await store.vehicles.find(vin: vin) else { return nil }
            return VehicleOwnership(vin: vin, enterprise: record.enterprise, city: record.city)
        }
    }

    /// What the directory knows of a VIN, from one look under its lock (the gateway asks once per frame).
    public enum Entry: Sendable, Hashable {
        case registered(VehicleRegistration)
        /// Not registered as far as the directory knows; `askStore` when it should be looked up in the store
        /// before its frame is handled.
        case unknown(askStore: Bool)

        /// The registration, nil if unknown.
        public var registration: VehicleRegistration? {
            if case .registered(let registration) = self { return registration }
            return nil
        }
    }

    /// The registration of `vin`, or whether to ask the store about it.
    public func entry(vin: String) -> Entry {
        state.withLock { state in
            if let owner = state.owners[vin] {
                return .registered(VehicleRegistration(vin: vin, enterprise: owner.enterprise, city: owner.city))
            }
            guard lookup != nil else { return .unknown(askStore: false) }
            guard let asked = state.misses[vin] else { return .unknown(askStore: true) }
            return .unknown(askStore: Self.monotonicSeconds() - asked >= missSeconds)
        }
    }

    /// Whether `vin` is unknown here and should be looked up in the store before its frame is handled.
    public func shouldLookUp(vin: String) -> Bool {
        entry(vin: vin) == .unknown(askStore: true)
    }

    /// Asks the store about `vin` and remembers the answer (a failure counts as a miss, so a failing store is
    /// not asked per frame).
    public func resolve(vin: String) async {
        guard let lookup else { return }
        let owner = try? await lookup(vin)
        let now = Self.monotonicSeconds()
        state.withLock { state in
            if let owner {
                state.owners[vin] = Owner(owner)
                state.misses[vin] = nil
            } else {
                if state.misses.count >= Self.maxMisses { state.misses.removeAll(keepingCapacity: true) }
                state.misses[vin] = now
            }
        }
    }

    private static let started = ContinuousClock.now

    private static func monotonicSeconds() -> Int64 {
        (ContinuousClock.now - started).components.seconds
    }

    /// The registration of `vin`, nil if it is not registered.
    public func registration(vin: String) -> VehicleRegistration? {
        state.withLock { $0.owners[vin] }.map {
            VehicleRegistration(vin: vin, enterprise: $0.enterprise, city: $0.city)
        }
    }

    /// Adds or replaces registrations (after an import or an API write).
    public func register(_ registrations: [VehicleOwnership]) {
        state.withLock { state in
            for entry in registrations {
                state.owners[entry.vin.rawValue] = Owner(entry)
                state.misses[entry.vin.rawValue] = nil
            }
        }
    }

    /// Number of registered vehicles.
    public var count: Int { state.withLock { $0.owners.count } }
}
