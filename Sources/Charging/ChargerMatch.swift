/// One station the finder found: the station with its live connectors, how far it is, and what the caller can use.
public struct ChargerMatch: Sendable, Hashable {
    public var station: ChargingStation
    /// Great-circle distance from the query point, metres (0 for a bounding-box query).
    public var distanceMetres: Double
    /// The connectors that pass the filter.
    public var matchingConnectors: [ChargingConnector]
    /// The tariff period in force at the query's time.
    public var price: PricePeriod?

    /// Describes `station` as found by `filter` at `at` (microseconds since the epoch).
    public init(station: ChargingStation, distanceMetres: Double, filter: ChargerFilter, at: Int64) {
        self.station = station
        self.distanceMetres = distanceMetres
        self.matchingConnectors = station.connectors.filter(filter.admits)
        self.price = PricePeriod.inForce(station.prices, at: at)
    }

    /// Connectors idle now (status 1), whatever the filter.
    public var availableConnectors: Int { station.connectors.count { $0.status == .idle } }
    /// The most powerful connector, kW.
    public var maxPowerKW: Double { station.connectors.map(\.powerKW).max() ?? 0 }
    /// The newest status report of the station's connectors.
    public var lastStatusAt: Int64? { station.connectors.compactMap(\.statusAt).max() }
}
