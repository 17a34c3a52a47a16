public import Model

/// A battery-swap station (换电站). T/CEC 102's 2016 message set is charging-centric, so these are registered in the
/// platform's own JSON shape.
public struct SwapStation: Sendable, Hashable, Codable {
    public var id: String
    public var operatorID: OperatorID?
    public var name: String
    public var address: String
    public var city: City
    public var location: GeoLocation
    public var status: StationStatus
    /// Swap lanes (工位) that can serve a vehicle at once.
    public var bays: Int
    /// Batteries kept charged on site.
    public var batteries: Int

    /// Creates a swap station.
    public init(
        id: String, operatorID: OperatorID?, name: String, address: String, city: City, location: GeoLocation,
        status: StationStatus, bays: Int, batteries: Int
    ) {
        self.id = id
        self.operatorID = operatorID
        self.name = name
        self.address = address
        self.city = city
        self.location = location
        self.status = status
        self.bays = bays
        self.batteries = batteries
    }
}
