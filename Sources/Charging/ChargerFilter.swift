/// What a "find a charger" caller asks for beyond the place. Only public stations in service are ever found
/// (StationType 1, StationStatus 50); a station matches when at least one of its connectors passes every connector
/// filter.
public struct ChargerFilter: Sendable, Hashable {
    /// Only connectors idle now (status 1).
    public var availableNow: Bool
    /// Only DC connectors (ConnectorType 4).
    public var dcOnly: Bool
    /// Only connectors of at least this power, kW.
    public var minPowerKW: Double?
    public var connectorType: ConnectorType?
    public var operatorID: OperatorID?
    /// Only stations where parking is free while charging.
    public var freeParking: Bool

    /// Creates a filter; with no arguments it admits every public station in service.
    public init(
        availableNow: Bool = false, dcOnly: Bool = false, minPowerKW: Double? = nil,
        connectorType: ConnectorType? = nil, operatorID: OperatorID? = nil, freeParking: Bool = false
    ) {
        self.availableNow = availableNow
        self.dcOnly = dcOnly
        self.minPowerKW = minPowerKW
        self.connectorType = connectorType
        self.operatorID = operatorID
        self.freeParking = freeParking
    }

    /// The station-level conditions.
    public func admitsStation(_ station: ChargingStation) -> Bool {
        station.type == .public && station.status == .inService
            && (operatorID == nil || station.operatorID == operatorID) && (!freeParking || station.freeParking)
    }

    /// The connector-level conditions.
    public func admits(_ connector: ChargingConnector) -> Bool {
        (!availableNow || connector.status == .idle) && (!dcOnly || connector.type.isDC)
            && (minPowerKW.map { connector.powerKW >= $0 } ?? true)
            && (connectorType.map { connector.type == $0 } ?? true)
    }

    /// Whether the finder shows `station`.
    public func matches(_ station: ChargingStation) -> Bool {
        admitsStation(station) && station.connectors.contains(where: admits)
    }
}
