/// T/CEC 102.2 ConnectorInfo.ConnectorType: the physical connector (GB/T 18487.1 charging modes).
public enum ConnectorType: Int, CaseIterable, Sendable, Codable, Hashable {
    /// 家用插座 (mode 2).
    case householdSocket = 1
    /// 交流接口插座 (mode 3, connection B).
    case acSocket = 2
    /// 交流接口插头, with cable (mode 3, connection C).
    case acPlug = 3
    /// 直流接口枪头, with cable (mode 4): the only DC connector, so "DC only" means this type.
    case dcGun = 4
    /// 无线充电座.
    case wireless = 5
    /// 其他.
    case other = 6

    /// Whether the connector delivers direct current (fast charging).
    public var isDC: Bool { self == .dcGun }
}

/// T/CEC 102.2 ConnectorInfo.NationalStandard: the GB/T 20234 edition the connector follows.
public enum NationalStandard: Int, CaseIterable, Sendable, Codable, Hashable {
    case gbt2011 = 1
    case gbt2015 = 2
}
