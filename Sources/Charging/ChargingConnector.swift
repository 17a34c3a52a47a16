/// One connector (充电接口, a gun) of a charger: T/CEC 102.2 ConnectorInfo plus its live status.
public struct ChargingConnector: Sendable, Hashable, Codable {
    /// ConnectorID; unique across the registry.
    public var id: String
    public var name: String?
    public var type: ConnectorType
    public var nationalStandard: NationalStandard?
    /// VoltageUpperLimits, volts.
    public var voltageUpper: Int?
    /// VoltageLowerLimits, volts.
    public var voltageLower: Int?
    /// Current, amperes.
    public var current: Int?
    /// Power, kW (one decimal in T/CEC).
    public var powerKW: Double
    /// The live status (T/CEC ConnectorStatusInfo.Status); `offline` until a status arrives.
    public var status: ConnectorStatus
    /// When `status` was reported, microseconds since the epoch; nil until one was.
    public var statusAt: Int64?

    /// Creates a connector.
    public init(
        id: String, name: String? = nil, type: ConnectorType, nationalStandard: NationalStandard? = nil,
        voltageUpper: Int? = nil, voltageLower: Int? = nil, current: Int? = nil, powerKW: Double,
        status: ConnectorStatus = .offline, statusAt: Int64? = nil
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.nationalStandard = nationalStandard
        self.voltageUpper = voltageUpper
        self.voltageLower = voltageLower
        self.current = current
        self.powerKW = powerKW
        self.status = status
        self.statusAt = statusAt
    }
}
