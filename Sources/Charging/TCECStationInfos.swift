import Foundation
import Model

/// A T/CEC 102.2 `query_stations_info` result (the decrypted `Data`): `{"PageNo", "PageCount", "ItemSize",
/// "StationInfos": [...]}`, or a bare `StationInfos` array, read into stations, all or nothing.
///
/// Lenient where operators differ and strict where the registry needs a value: keys match without regard to case,
/// the standard's misspellings are accepted beside the corrected names (`SevicePrice`/`ServicePrice`,
/// `BusineHours`/`BusinessHours`, `VoltageUpperLimits`/`VoltageUpperLimit`), numbers may come as numeric strings.
/// Coordinates are GCJ-02 (T/CEC 102.2). Each problem names its field: `StationInfos[3].EquipmentInfos[0].Power`.
///
/// Beyond the 2016 text, a station may carry `PolicyInfos` (as query_equip_business_policy returns them, for the
/// whole station) and `ParkFeeFree` (0/1, seen in later schemas); without `ParkFeeFree`, parking counts as free when
/// `ParkFee` is `0` or says 免费.
public struct TCECStationInfos: Sendable {
    public var pageNo: Int?
    public var pageCount: Int?
    public var itemSize: Int?
    /// The stations, in document order; meaningful only when `problems` is empty.
    public private(set) var stations: [ChargingStation] = []
    /// Everything wrong, in document order.
    public private(set) var problems: [ChargingProblem] = []

    /// Reads `data`.
    public init(json data: Data) {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            problems = [ChargingProblem(path: "body", message: "not valid JSON")]
            return
        }
        let infos: [Any]
        if let array = root as? [Any] {
            infos = array
        } else if let object = root as? [String: Any] {
            let page = Fields(object, path: "")
            pageNo = page.int("PageNo", &problems)
            pageCount = page.int("PageCount", &problems)
            itemSize = page.int("ItemSize", &problems)
            guard let list = page.value("StationInfos") as? [Any] else {
                problems.append(ChargingProblem(path: "StationInfos", message: "missing, or not an array"))
                return
            }
            infos = list
        } else {
            problems = [ChargingProblem(path: "body", message: "must be an object with StationInfos, or an array")]
            return
        }
        var positions: [Int] = []
        for (index, info) in infos.enumerated() {
            let path = "StationInfos[\(index)]"
            guard let object = info as? [String: Any] else {
                problems.append(ChargingProblem(path: path, message: "must be an object"))
                continue
            }
            if let station = Self.station(Fields(object, path: path), &problems) {
                problems += station.problems().map { ChargingProblem(path: "\(path).\($0.path)", message: $0.message) }
                stations.append(station)
                positions.append(index)
            }
        }
        problems += ChargingStation.duplicates(in: stations) { "StationInfos[\(positions[$0])]" }
    }

    private static func station(_ f: Fields, _ problems: inout [ChargingProblem]) -> ChargingStation? {
        let before = problems.count
        let id = f.string("StationID", &problems, required: true)
        let operatorText = f.string("OperatorID", &problems, required: true)
        let operatorID = operatorText.flatMap { text in
            let id = OperatorID(rawValue: text)
            if id == nil {
                problems.append(f.problem("OperatorID", "must be 9 digits or capital letters (组织机构代码)"))
            }
            return id
        }
        let name = f.string("StationName", &problems, required: true)
        let address = f.string("Address", &problems) ?? ""
        let areaCode = f.string("AreaCode", &problems, required: true)
        let city = areaCode.flatMap { code in
            let city = ChargingStation.city(ofAreaCode: code)
            if city == nil {
                problems.append(f.problem("AreaCode", "\(code) is not a GB/T 2260 county code of Zhejiang (33xxxx)"))
            }
            return city
        }
        let lng = f.double("StationLng", &problems, required: true)
        let lat = f.double("StationLat", &problems, required: true)
        let type = f.code("StationType", StationType.self, &problems, required: true)
        let status = f.code("StationStatus", StationStatus.self, &problems, required: true)
        let parkFee = f.string("ParkFee", &problems) ?? ""
        let freeCode = f.int("ParkFeeFree", &problems)
        let freeParking = freeCode.map { $0 == 1 } ?? (parkFee == "0" || parkFee.contains("免费"))
        var equipment: [ChargingEquipment] = []
        for (e, object) in f.objects("EquipmentInfos", &problems, required: true).enumerated() {
            if let charger = Self.equipment(f.nested("EquipmentInfos[\(e)]", object), &problems) {
                equipment.append(charger)
            }
        }
        var prices: [PricePeriod] = []
        for (p, object) in f.objects("PolicyInfos", &problems).enumerated() {
            let period = f.nested("PolicyInfos[\(p)]", object)
            let start = period.string("StartTime", &problems, required: true)
            let second = start.flatMap { text in
                let second = PricePeriod.second(ofStartTime: text)
                if second == nil { problems.append(period.problem("StartTime", "must be HHmmss, e.g. 080000")) }
                return second
            }
            let elec = period.price("ElecPrice", &problems, aliases: ["ElectricityPrice"])
            let service = period.price("ServicePrice", &problems, aliases: ["SevicePrice"])
            if let second, let elec, let service {
                prices.append(PricePeriod(startSecond: second, electricity: elec, service: service))
            }
        }
        guard problems.count == before, let id, let operatorID, let name, let areaCode, let city, let lng, let lat,
            let type, let status
        else { return nil }
        return ChargingStation(
            id: id, operatorID: operatorID, name: name, address: address, areaCode: areaCode, city: city,
            location: GeoLocation(GeoPoint(longitude: lng, latitude: lat), in: .gcj02), type: type, status: status,
            openingHours: f.string("BusineHours", &problems, aliases: ["BusinessHours"]) ?? "", parkingFee: parkFee,
            freeParking: freeParking, equipment: equipment, prices: prices)
    }

    private static func equipment(_ f: Fields, _ problems: inout [ChargingProblem]) -> ChargingEquipment? {
        let before = problems.count
        let id = f.string("EquipmentID", &problems, required: true)
        let type = f.code("EquipmentType", EquipmentType.self, &problems, required: true)
        let power = f.double("Power", &problems, required: true)
        var connectors: [ChargingConnector] = []
        for (c, object) in f.objects("ConnectorInfos", &problems, required: true).enumerated() {
            let g = f.nested("ConnectorInfos[\(c)]", object)
            let connectorID = g.string("ConnectorID", &problems, required: true)
            let connectorType = g.code("ConnectorType", ConnectorType.self, &problems, required: true)
            let connectorPower = g.double("Power", &problems, required: true)
            let standard = g.code("NationalStandard", NationalStandard.self, &problems)
            let upper = g.int("VoltageUpperLimits", &problems, aliases: ["VoltageUpperLimit"])
            let lower = g.int("VoltageLowerLimits", &problems, aliases: ["VoltageLowerLimit"])
            let current = g.int("Current", &problems)
            if let connectorID, let connectorType, let connectorPower {
                connectors.append(
                    ChargingConnector(
                        id: connectorID, name: g.string("ConnectorName", &problems), type: connectorType,
                        nationalStandard: standard, voltageUpper: upper, voltageLower: lower, current: current,
                        powerKW: connectorPower))
            }
        }
        guard problems.count == before, let id, let type, let power else { return nil }
        return ChargingEquipment(
            id: id, name: f.string("EquipmentName", &problems), type: type, powerKW: power, connectors: connectors)
    }
}

/// One JSON object's fields, looked up without regard to case, with the object's path for problems.
private struct Fields {
    let values: [String: Any]
    let path: String

    init(_ object: [String: Any], path: String) {
        var values: [String: Any] = [:]
        for (key, value) in object { values[key.lowercased()] = value }
        self.values = values
        self.path = path
    }

    func nested(_ name: String, _ object: [String: Any]) -> Fields {
        Fields(object, path: path.isEmpty ? name : "\(path).\(name)")
    }

    func problem(_ key: String, _ message: String) -> ChargingProblem {
        ChargingProblem(path: path.isEmpty ? key : "\(path).\(key)", message: message)
    }

    /// The value under `key` or an alias; JSON null counts as absent.
    func value(_ key: String, aliases: [String] = []) -> Any? {
        for name in [key] + aliases {
            if let value = values[name.lowercased()], !(value is NSNull) { return value }
        }
        return nil
    }

    func string(_ key: String, _ problems: inout [ChargingProblem], aliases: [String] = [], required: Bool = false)
        -> String?
    {
        guard let raw = value(key, aliases: aliases) else {
            if required { problems.append(problem(key, "missing")) }
            return nil
        }
        let text: String
        if let string = raw as? String {
            text = string.trimmingCharacters(in: .whitespaces)
        } else if let number = raw as? NSNumber, !(raw is Bool) {
            text = number.stringValue
        } else {
            problems.append(problem(key, "must be a string"))
            return nil
        }
        if required && text.isEmpty { problems.append(problem(key, "must not be empty")) }
        return text
    }

    func double(_ key: String, _ problems: inout [ChargingProblem], aliases: [String] = [], required: Bool = false)
        -> Double?
    {
        guard let raw = value(key, aliases: aliases) else {
            if required { problems.append(problem(key, "missing")) }
            return nil
        }
        if let number = raw as? NSNumber, number.doubleValue.isFinite {
            return number.doubleValue
        }
        if let text = raw as? String, let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite {
            return number
        }
        problems.append(problem(key, "must be a number"))
        return nil
    }

    func int(_ key: String, _ problems: inout [ChargingProblem], aliases: [String] = [], required: Bool = false)
        -> Int?
    {
        guard let number = double(key, &problems, aliases: aliases, required: required) else { return nil }
        guard number == number.rounded(), abs(number) < 1e15 else {
            problems.append(problem(key, "must be a whole number"))
            return nil
        }
        return Int(number)
    }

    /// An integer of a T/CEC code table.
    func code<Code: RawRepresentable & CaseIterable>(
        _ key: String, _ type: Code.Type, _ problems: inout [ChargingProblem], required: Bool = false
    ) -> Code? where Code.RawValue == Int {
        guard let raw = int(key, &problems, required: required) else { return nil }
        guard let code = Code(rawValue: raw) else {
            let allowed = Code.allCases.map { "\($0.rawValue)" }.joined(separator: ", ")
            problems.append(problem(key, "\(raw) is not a code of the table (\(allowed))"))
            return nil
        }
        return code
    }

    /// A price in yuan with up to 4 decimals, in 1/10,000 yuan.
    func price(_ key: String, _ problems: inout [ChargingProblem], aliases: [String]) -> Int64? {
        guard let yuan = double(key, &problems, aliases: aliases, required: true) else { return nil }
        guard let units = PricePeriod.units(ofYuan: yuan) else {
            problems.append(problem(key, "must be 0-100 yuan per kWh"))
            return nil
        }
        return units
    }

    /// The objects of an array field.
    func objects(_ key: String, _ problems: inout [ChargingProblem], required: Bool = false) -> [[String: Any]] {
        guard let raw = value(key) else {
            if required { problems.append(problem(key, "missing")) }
            return []
        }
        guard let array = raw as? [Any] else {
            problems.append(problem(key, "must be an array"))
            return []
        }
        var objects: [[String: Any]] = []
        for (index, element) in array.enumerated() {
            if let object = element as? [String: Any] {
                objects.append(object)
            } else {
                problems.append(problem("\(key)[\(index)]", "must be an object"))
            }
        }
        return objects
    }
}
