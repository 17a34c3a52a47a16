public import Model

/// A hydrogen refuelling station (加氢站). No T/CEC counterpart exists; the platform's own JSON shape.
public struct HydrogenStation: Sendable, Hashable, Codable {
    public var id: String
    public var operatorID: OperatorID?
    public var name: String
    public var address: String
    public var city: City
    public var location: GeoLocation
    public var status: StationStatus
    /// Dispensing pressures offered, MPa: 35 (buses, trucks) and/or 70 (cars).
    public var pressuresMPa: [Int]
    /// Hydrogen it can dispense per day, kg.
    public var dailyCapacityKg: Double

    /// The dispensing pressures in use (GB/T 34584 stations dispense at 35 or 70 MPa).
    public static let pressures: Set<Int> = [35, 70]

    /// Creates a hydrogen station.
    public init(
        id: String, operatorID: OperatorID?, name: String, address: String, city: City, location: GeoLocation,
        status: StationStatus, pressuresMPa: [Int], dailyCapacityKg: Double
    ) {
        self.id = id
        self.operatorID = operatorID
        self.name = name
        self.address = address
        self.city = city
        self.location = location
        self.status = status
        self.pressuresMPa = pressuresMPa
        self.dailyCapacityKg = dailyCapacityKg
    }
}
