public import Model

/// Which vehicles to list, and which page of them: filters that all must hold, then either keyset
/// paging (`after`, the last VIN of the previous page) or offset paging (`offset`), or both.
public struct VehicleQuery: Sendable, Hashable {
    /// The most a page may hold.
    public static let maxLimit = 1000

    /// Only this enterprise's vehicles.
    public var enterprise: EnterpriseID?
    /// Only vehicles registered in this city.
    public var city: City?
    /// Only vehicles of this usage.
    public var usage: VehicleUsage?
    /// Only vehicles of this fuel type.
    public var fuelType: FuelType?
    /// Only vehicles online (true) or offline (false) now.
    public var online: Bool?
    /// Only vehicles charging (true: online with charge state 1 or 2 in the newest report) or not (false).
    public var charging: Bool?
    /// Only vehicles online whose newest report has a general alarm level of at least this.
    public var minAlarmLevel: Int?
    /// Only VINs after this one (keyset paging).
    public var after: VIN?
    /// Skip this many matches (after `after`, if both are given).
    public var offset: Int
    /// At most this many records; clamped to `0...maxLimit`.
    public var limit: Int

    /// Creates a query; with no arguments, the first 100 vehicles of all.
    public init(
        enterprise: EnterpriseID? = nil, city: City? = nil, usage: VehicleUsage? = nil, fuelType: FuelType? = nil,
        online: Bool? = nil, charging: Bool? = nil, minAlarmLevel: Int? = nil, after: VIN? = nil, offset: Int = 0,
        limit: Int = 100
    ) {
        self.enterprise = enterprise
        self.city = city
        self.usage = usage
        self.fuelType = fuelType
        self.online = online
        self.charging = charging
        self.minAlarmLevel = minAlarmLevel
        self.after = after
        self.offset = offset
        self.limit = limit
    }

    /// `limit` within `0...maxLimit`, as the stores apply it.
    public var effectiveLimit: Int { min(max(limit, 0), Self.maxLimit) }
    /// `offset`, never negative.
    public var effectiveOffset: Int { max(offset, 0) }
    /// Whether the query filters on the latest state (and so reads `vehicle_latest`).
    public var filtersOnState: Bool { online != nil || charging != nil || minAlarmLevel != nil }
}

/// One page of a vehicle listing.
public struct VehiclePage: Sendable, Hashable {
    /// The page, in VIN order.
    public var records: [VehicleRecord]
    /// How many vehicles match the filters in all (ignoring `after`, `offset` and `limit`).
    public var total: Int
    /// The VIN to pass as `after` for the next page; nil when this page is the last.
    public var nextAfter: VIN?

    /// Creates a page.
    public init(records: [VehicleRecord], total: Int, nextAfter: VIN?) {
        self.records = records
        self.total = total
        self.nextAfter = nextAfter
    }
}

/// Which enterprise owns a VIN: what the telemetry gateway needs to know about every vehicle.
public struct VehicleOwnership: Sendable, Hashable {
    /// The vehicle.
    public var vin: VIN
    /// The enterprise its data belongs to.
    public var enterprise: EnterpriseID
    /// The city it is registered in (what a city user's scope follows), if known.
    public var city: City?

    /// Creates an ownership pair.
    public init(vin: VIN, enterprise: EnterpriseID, city: City? = nil) {
        self.vin = vin
        self.enterprise = enterprise
        self.city = city
    }
}
