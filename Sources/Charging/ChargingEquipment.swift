/// One charger (充电设备, a pile) of a station: T/CEC 102.2 EquipmentInfo.
public struct ChargingEquipment: Sendable, Hashable, Codable {
    /// EquipmentID; unique across the registry.
    public var id: String
    public var name: String?
    public var type: EquipmentType
    /// Rated power, kW.
    public var powerKW: Double
    public var connectors: [ChargingConnector]

    /// Creates a charger.
    public init(id: String, name: String? = nil, type: EquipmentType, powerKW: Double, connectors: [ChargingConnector])
    {
        self.id = id
        self.name = name
        self.type = type
        self.powerKW = powerKW
        self.connectors = connectors
    }
}
