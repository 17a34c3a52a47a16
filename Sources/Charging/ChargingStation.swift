public import Model

/// A charging station (充电站) with its chargers, connectors and tariff: T/CEC 102.2 StationInfo.
public struct ChargingStation: Sendable, Hashable, Codable {
    /// StationID (at most 20 characters in T/CEC); the registry's key for the station.
    public var id: String
    public var operatorID: OperatorID
    public var name: String
    public var address: String
    /// AreaCode, the GB/T 2260 county code (e.g. `330106`); `city` is its prefecture.
    public var areaCode: String
    public var city: City
    public var location: GeoLocation
    public var type: StationType
    public var status: StationStatus
    /// BusineHours, as the operator writes it (`00:00-24:00`, `全天`).
    public var openingHours: String
    /// ParkFee, as the operator writes it.
    public var parkingFee: String
    /// Whether parking is free while charging (ParkFeeFree in the schemas' later extension).
    public var freeParking: Bool
    public var equipment: [ChargingEquipment]
    /// The time-of-use tariff; empty when unknown.
    public var prices: [PricePeriod]

    /// Creates a station.
    public init(
        id: String, operatorID: OperatorID, name: String, address: String, areaCode: String, city: City,
        location: GeoLocation, type: StationType, status: StationStatus, openingHours: String = "",
        parkingFee: String = "", freeParking: Bool = false, equipment: [ChargingEquipment] = [],
        prices: [PricePeriod] = []
    ) {
        self.id = id
        self.operatorID = operatorID
        self.name = name
        self.address = address
        self.areaCode = areaCode
        self.city = city
        self.location = location
        self.type = type
        self.status = status
        self.openingHours = openingHours
        self.parkingFee = parkingFee
        self.freeParking = freeParking
        self.equipment = equipment
        self.prices = prices
    }

    /// Every connector of every charger.
    public var connectors: [ChargingConnector] { equipment.flatMap(\.connectors) }

    /// The city of a GB/T 2260 code of Zhejiang (`3301xx` is Hangzhou), nil outside the province.
    public static func city(ofAreaCode code: String) -> City? {
        guard code.utf8.count == 6, code.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return City(rawValue: String(code.prefix(4)) + "00")
    }

    /// Longest texts accepted (T/CEC 102.2 field lengths, generous where operators are known to exceed them).
    public static let maxIDLength = 50
    public static let maxTextLength = 200

    /// What is wrong with the station, each problem with the path of its field in T/CEC names
    /// (`EquipmentInfos[0].ConnectorInfos[1].Power`); empty when it may be stored.
    public func problems() -> [ChargingProblem] {
        var found: [ChargingProblem] = []
        func check(_ ok: Bool, _ path: String, _ message: String) {
            if !ok { found.append(ChargingProblem(path: path, message: message)) }
        }
        check(Self.isIdentifier(id, max: 20), "StationID", "must be 1-20 characters without spaces")
        check(!name.isEmpty && name.count <= Self.maxTextLength, "StationName", "must be 1-200 characters")
        check(address.count <= Self.maxTextLength, "Address", "must be at most 200 characters")
        check(
            location.wgs84.isValid && location.gcj02.isValid && location.wgs84.isInsideChina, "StationLng",
            "the station must lie in China (longitude 72-138, latitude 1-56)")
        check(!equipment.isEmpty, "EquipmentInfos", "a station needs at least one charger")
        var seenPeriods = Set<Int>()
        for (index, period) in prices.enumerated() {
            check(
                seenPeriods.insert(period.startSecond).inserted, "PolicyInfos[\(index)].StartTime",
                "two periods start at \(period.startTime)")
        }
        var seenEquipment = Set<String>()
        var seenConnectors = Set<String>()
        for (e, charger) in equipment.enumerated() {
            let path = "EquipmentInfos[\(e)]"
            check(
                Self.isIdentifier(charger.id, max: Self.maxIDLength), "\(path).EquipmentID",
                "must be 1-50 characters without spaces")
            check(seenEquipment.insert(charger.id).inserted, "\(path).EquipmentID", "\(charger.id) appears twice")
            check(
                charger.powerKW.isFinite && charger.powerKW >= 0 && charger.powerKW <= 2000, "\(path).Power",
                "must be 0-2000 kW")
            check(!charger.connectors.isEmpty, "\(path).ConnectorInfos", "a charger needs at least one connector")
            for (c, connector) in charger.connectors.enumerated() {
                let cpath = "\(path).ConnectorInfos[\(c)]"
                check(
                    Self.isIdentifier(connector.id, max: Self.maxIDLength), "\(cpath).ConnectorID",
                    "must be 1-50 characters without spaces")
                check(
                    seenConnectors.insert(connector.id).inserted, "\(cpath).ConnectorID",
                    "\(connector.id) appears twice")
                check(
                    connector.powerKW.isFinite && connector.powerKW >= 0 && connector.powerKW <= 2000,
                    "\(cpath).Power", "must be 0-2000 kW")
                if let upper = connector.voltageUpper, let lower = connector.voltageLower {
                    check(lower <= upper, "\(cpath).VoltageLowerLimits", "must not exceed VoltageUpperLimits")
                }
            }
        }
        return found
    }

    static func isIdentifier(_ text: String, max: Int) -> Bool {
        !text.isEmpty && text.count <= max && !text.contains(where: { $0.isWhitespace || $0 == "/" })
    }
}

/// One thing wrong with an input record: where (a field path or a CSV column) and what.
public struct ChargingProblem: Sendable, Hashable, CustomStringConvertible {
    /// `StationInfos[3].EquipmentInfos[0].Power`, or a CSV column name.
    public var path: String
    public var message: String
    /// The CSV line, for CSV imports.
    public var row: Int?

    /// Creates a problem.
    public init(path: String, message: String, row: Int? = nil) {
        self.path = path
        self.message = message
        self.row = row
    }

    public var description: String { (row.map { "row \($0), " } ?? "") + "\(path): \(message)" }
}

extension ChargingStation {
    /// Station, charger and connector ids used twice across `stations` (each must be unique in the registry), each
    /// reported at its second use; `place` names a station's position (`StationInfos[3]`, `row 7`).
    public static func duplicates(in stations: [ChargingStation], place: (Int) -> String) -> [ChargingProblem] {
        var problems: [ChargingProblem] = []
        var stationIDs: [String: Int] = [:]
        var equipmentIDs: [String: Int] = [:]
        var connectorIDs: [String: Int] = [:]
        for (index, station) in stations.enumerated() {
            if let first = stationIDs.updateValue(index, forKey: station.id) {
                problems.append(
                    ChargingProblem(
                        path: "\(place(index)).StationID", message: "\(station.id) is also at \(place(first))"))
            }
            for charger in station.equipment {
                if let first = equipmentIDs.updateValue(index, forKey: charger.id), first != index {
                    problems.append(
                        ChargingProblem(
                            path: "\(place(index)).EquipmentID",
                            message: "charger \(charger.id) is also at \(place(first))"))
                }
                for connector in charger.connectors {
                    if let first = connectorIDs.updateValue(index, forKey: connector.id), first != index {
                        problems.append(
                            ChargingProblem(
                                path: "\(place(index)).ConnectorID",
                                message: "connector \(connector.id) is also at \(place(first))"))
                    }
                }
            }
        }
        return problems
    }
}
