import Model
public import Store
import Synchronization

/// The registry's VIN → owner map, in memory, for the gateway's per-frame checks.
///
/// A lookup per frame must not wait for the database; a million vehicles take about 100 MB here. It is
/// loaded at start and updated when vehicles are registered.
public final class VehicleDirectory: Sendable {
    private let owners: Mutex<[String: EnterpriseID]>

    /// A directory holding these registrations.
    public init(_ registrations: [VehicleOwnership] = []) {
        var map: [String: EnterpriseID] = [:]
        map.reserveCapacity(registrations.count)
        for entry in registrations { map[entry.vin.rawValue] = entry.enterprise }
        owners = Mutex(map)
    }

    /// Loads the whole registry from the store.
    public static func load(from store: any PlatformStore) async throws -> VehicleDirectory {
        VehicleDirectory(try await store.vehicles.allRegistrations())
    }

    /// The registration of `vin`, nil if it is not registered.
    public func registration(vin: String) -> VehicleRegistration? {
        owners.withLock { $0[vin] }.map { VehicleRegistration(vin: vin, enterprise: $0) }
    }

    /// Adds or replaces registrations (after an import or an API write).
    public func register(_ registrations: [VehicleOwnership]) {
        owners.withLock { map in
            for entry in registrations { map[entry.vin.rawValue] = entry.enterprise }
        }
    }

    /// Number of registered vehicles.
    public var count: Int { owners.withLock { $0.count } }
}
