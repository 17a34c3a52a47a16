import Foundation
import Model

/// A station import file: one line per connector, each repeating its station's and charger's columns, read into
/// stations all or nothing.
///
/// UTF-8, RFC 4180 quoting, a header line naming the columns in any order. Required: `station_id`, `operator_id`,
/// `station_name`, `area_code` (GB/T 2260 county code), `lng`, `lat`, `station_type` (T/CEC code), `station_status`,
/// `equipment_id`, `equipment_type`, `equipment_power_kw`, `connector_id`, `connector_type`, `power_kw`. Optional:
/// `address`, `coord` (`gcj02`, the default as in T/CEC, or `wgs84`), `opening_hours`, `parking_fee`,
/// `free_parking` (0/1), `national_standard`, `voltage_upper`, `voltage_lower`, `current_a`, `equipment_name`,
/// `connector_name`, `prices` (`HHmmss:elec:service` periods joined by `;`, yuan with up to 4 decimals). Lines of one
/// station must agree on the station's columns and lines of one charger on the charger's. Problems carry the line
/// (the header is line 1) and the column.
public struct ChargingCSV: Sendable {
    /// The columns of the format.
    public enum Column: String, CaseIterable, Sendable {
        case stationID = "station_id"
        case operatorID = "operator_id"
        case stationName = "station_name"
        case address
        case areaCode = "area_code"
        case lng, lat, coord
        case stationType = "station_type"
        case stationStatus = "station_status"
        case openingHours = "opening_hours"
        case parkingFee = "parking_fee"
        case freeParking = "free_parking"
        case prices
        case equipmentID = "equipment_id"
        case equipmentName = "equipment_name"
        case equipmentType = "equipment_type"
        case equipmentPowerKW = "equipment_power_kw"
        case connectorID = "connector_id"
        case connectorName = "connector_name"
        case connectorType = "connector_type"
        case nationalStandard = "national_standard"
        case voltageUpper = "voltage_upper"
        case voltageLower = "voltage_lower"
        case currentA = "current_a"
        case powerKW = "power_kw"

        /// Whether every file must have the column.
        public var isRequired: Bool {
            switch self {
            case .address, .coord, .openingHours, .parkingFee, .freeParking, .prices, .equipmentName, .connectorName,
                .nationalStandard, .voltageUpper, .voltageLower, .currentA:
                false
            default: true
            }
        }

        static let stationColumns: [Column] = [
            .operatorID, .stationName, .address, .areaCode, .lng, .lat, .coord, .stationType, .stationStatus,
            .openingHours, .parkingFee, .freeParking, .prices,
        ]
        static let equipmentColumns: [Column] = [.stationID, .equipmentName, .equipmentType, .equipmentPowerKW]
    }

    /// The header of a file with every column, in the documented order.
    public static let header = Column.allCases.map(\.rawValue).joined(separator: ",")

    /// The stations, in order of first appearance; meaningful only when `problems` is empty.
    public private(set) var stations: [ChargingStation] = []
    /// Everything wrong, by line.
    public private(set) var problems: [ChargingProblem] = []

    /// Reads a file.
    public init(parsing bytes: [UInt8]) {
        let records = Self.lines(bytes, problems: &problems)
        guard let header = records.first else {
            problems.append(ChargingProblem(path: "file", message: "the file is empty; it needs a header line", row: 1))
            return
        }
        var columns: [Column: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            guard let column = Column(rawValue: name.lowercased()) else {
                problems.append(ChargingProblem(path: name, message: "unknown column", row: 1))
                continue
            }
            if columns.updateValue(index, forKey: column) != nil {
                problems.append(ChargingProblem(path: name, message: "column given twice", row: 1))
            }
        }
        for column in Column.allCases where column.isRequired && columns[column] == nil {
            problems.append(ChargingProblem(path: column.rawValue, message: "required column missing", row: 1))
        }
        guard problems.isEmpty else { return }
        if records.count == 1 {
            problems.append(ChargingProblem(path: "file", message: "no data lines after the header", row: 1))
        }
        var order: [String] = []
        var byID: [String: (station: ChargingStation, line: Int, fields: [Column: String])] = [:]
        var chargerFields: [String: (line: Int, fields: [Column: String])] = [:]
        for record in records.dropFirst() {
            var row = Row(record: record, columns: columns)
            guard record.fields.count == header.fields.count else {
                problems.append(
                    ChargingProblem(
                        path: "file",
                        message: "\(record.fields.count) fields where the header has \(header.fields.count)",
                        row: record.line))
                continue
            }
            let parsed = Self.parse(&row)
            problems += row.problems
            guard let (station, charger, connector) = parsed else { continue }
            let stationFields = row.values(Column.stationColumns)
            if let existing = byID[station.id] {
                if existing.fields != stationFields {
                    let column = Column.stationColumns.first { existing.fields[$0] != stationFields[$0] }
                    problems.append(
                        ChargingProblem(
                            path: column?.rawValue ?? "station_id",
                            message: "differs from line \(existing.line), the station's first line", row: record.line))
                    continue
                }
            } else {
                order.append(station.id)
                byID[station.id] = (station, record.line, stationFields)
            }
            let equipmentFields = row.values(Column.equipmentColumns)
            if let first = chargerFields[charger.id], first.fields != equipmentFields {
                let column = Column.equipmentColumns.first { first.fields[$0] != equipmentFields[$0] }
                problems.append(
                    ChargingProblem(
                        path: column?.rawValue ?? "equipment_id",
                        message: "differs from line \(first.line), the charger's first line", row: record.line))
                continue
            }
            chargerFields[charger.id] = chargerFields[charger.id] ?? (record.line, equipmentFields)
            var entry = byID[station.id]!  // set above for a new station, checked for a known one
            if let e = entry.station.equipment.firstIndex(where: { $0.id == charger.id }) {
                if entry.station.equipment[e].connectors.contains(where: { $0.id == connector.id }) {
                    problems.append(
                        ChargingProblem(
                            path: "connector_id", message: "\(connector.id) appears twice", row: record.line))
                    continue
                }
                entry.station.equipment[e].connectors.append(connector)
            } else {
                var newCharger = charger
                newCharger.connectors = [connector]
                entry.station.equipment.append(newCharger)
            }
            byID[station.id] = entry
        }
        for id in order {
            guard let entry = byID[id] else { continue }
            for problem in entry.station.problems() {
                problems.append(ChargingProblem(path: problem.path, message: problem.message, row: entry.line))
            }
            stations.append(entry.station)
        }
        let lines = order.map { byID[$0]?.line ?? 0 }
        problems += ChargingStation.duplicates(in: stations) { "line \(lines[$0])" }.map {
            ChargingProblem(path: $0.path, message: $0.message, row: nil)
        }
        problems.sort { ($0.row ?? .max) < ($1.row ?? .max) }
    }

    private static func parse(_ row: inout Row) -> (ChargingStation, ChargingEquipment, ChargingConnector)? {
        let stationID = row.text(.stationID, required: true)
        let operatorID = row.text(.operatorID, required: true).flatMap { text in
            row.check(OperatorID(rawValue: text), .operatorID, "must be 9 digits or capital letters (组织机构代码)")
        }
        let name = row.text(.stationName, required: true)
        let areaCode = row.text(.areaCode, required: true)
        let city = areaCode.flatMap { code in
            row.check(ChargingStation.city(ofAreaCode: code), .areaCode, "\(code) is not a county code of Zhejiang")
        }
        let lng = row.number(.lng, required: true)
        let lat = row.number(.lat, required: true)
        let coord = row.text(.coord).flatMap { text in
            text.isEmpty
                ? CoordinateSystem.gcj02
                : row.check(CoordinateSystem(rawValue: text.lowercased()), .coord, "must be gcj02 or wgs84")
        }
        let stationType = row.code(.stationType, StationType.self, required: true)
        let stationStatus = row.code(.stationStatus, StationStatus.self, required: true)
        let free = row.code(.freeParking, FreeParking.self)
        let prices = row.text(.prices).flatMap { text in
            row.check(Self.prices(text), .prices, "must be HHmmss:elec:service periods joined by ; (0-100 yuan)")
        }
        let equipmentID = row.text(.equipmentID, required: true)
        let equipmentType = row.code(.equipmentType, EquipmentType.self, required: true)
        let equipmentPower = row.number(.equipmentPowerKW, required: true)
        let connectorID = row.text(.connectorID, required: true)
        let connectorType = row.code(.connectorType, ConnectorType.self, required: true)
        let standard = row.code(.nationalStandard, NationalStandard.self)
        let power = row.number(.powerKW, required: true)
        let upper = row.whole(.voltageUpper)
        let lower = row.whole(.voltageLower)
        let current = row.whole(.currentA)
        guard row.problems.isEmpty, let stationID, let operatorID, let name, let areaCode, let city, let lng, let lat,
            let stationType, let stationStatus, let equipmentID, let equipmentType, let equipmentPower, let connectorID,
            let connectorType, let power
        else { return nil }
        let station = ChargingStation(
            id: stationID, operatorID: operatorID, name: name, address: row.text(.address) ?? "", areaCode: areaCode,
            city: city, location: GeoLocation(GeoPoint(longitude: lng, latitude: lat), in: coord ?? .gcj02),
            type: stationType, status: stationStatus, openingHours: row.text(.openingHours) ?? "",
            parkingFee: row.text(.parkingFee) ?? "", freeParking: free == .yes, prices: prices ?? [])
        let charger = ChargingEquipment(
            id: equipmentID, name: row.text(.equipmentName).flatMap { $0.isEmpty ? nil : $0 }, type: equipmentType,
            powerKW: equipmentPower, connectors: [])
        let connector = ChargingConnector(
            id: connectorID, name: row.text(.connectorName).flatMap { $0.isEmpty ? nil : $0 }, type: connectorType,
            nationalStandard: standard, voltageUpper: upper, voltageLower: lower, current: current, powerKW: power)
        return (station, charger, connector)
    }

    /// `080000:1.2000:0.8000;220000:0.4000:0.8000`, nil if malformed; empty text is no tariff.
    static func prices(_ text: String) -> [PricePeriod]? {
        guard !text.isEmpty else { return [] }
        var periods: [PricePeriod] = []
        for part in text.split(separator: ";") {
            let pieces = part.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 3, let second = PricePeriod.second(ofStartTime: pieces[0]),
                let elec = Double(pieces[1]).flatMap(PricePeriod.units(ofYuan:)),
                let service = Double(pieces[2]).flatMap(PricePeriod.units(ofYuan:))
            else { return nil }
            periods.append(PricePeriod(startSecond: second, electricity: elec, service: service))
        }
        return periods
    }

    /// Prices in the `prices` column's form.
    public static func pricesText(_ periods: [PricePeriod]) -> String {
        periods.map { "\($0.startTime):\(yuan($0.electricity)):\(yuan($0.service))" }.joined(separator: ";")
    }

    /// 1/10,000 yuan as a 4-decimal yuan text.
    public static func yuan(_ units: Int64) -> String {
        let fraction = String(units % 10_000)
        return "\(units / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }

    private enum FreeParking: Int, CaseIterable {
        case no = 0
        case yes = 1
    }

    /// One record of the file as text: its line and its fields without surrounding spaces.
    private struct Line {
        var line: Int
        var fields: [String]
    }

    /// The file's records (RFC 4180, `CSVRecords`); a malformed record or a field that is not UTF-8 is a problem
    /// on its line.
    private static func lines(_ bytes: [UInt8], problems: inout [ChargingProblem]) -> [Line] {
        CSVRecords.split(file: bytes).map { record in
            if let error = record.error {
                problems.append(ChargingProblem(path: "file", message: error.message, row: record.line))
            }
            return Line(
                line: record.line,
                fields: record.fields.indices.map { index in
                    guard let text = record.text(index) else {
                        problems.append(
                            ChargingProblem(
                                path: "file", message: "field \(index + 1) is not UTF-8 text", row: record.line))
                        return ""
                    }
                    return text
                })
        }
    }

    /// One data line with its problems.
    private struct Row {
        let record: Line
        let columns: [Column: Int]
        var problems: [ChargingProblem] = []

        init(record: Line, columns: [Column: Int]) {
            self.record = record
            self.columns = columns
        }

        func values(_ list: [Column]) -> [Column: String] {
            var values: [Column: String] = [:]
            for column in list { values[column] = raw(column) }
            return values
        }

        func raw(_ column: Column) -> String? {
            guard let index = columns[column], index < record.fields.count else { return nil }
            return record.fields[index]
        }

        mutating func fail(_ column: Column, _ message: String) {
            problems.append(ChargingProblem(path: column.rawValue, message: message, row: record.line))
        }

        mutating func check<T>(_ value: T?, _ column: Column, _ message: String) -> T? {
            if value == nil { fail(column, message) }
            return value
        }

        mutating func text(_ column: Column, required: Bool = false) -> String? {
            let value = raw(column)
            if required && (value ?? "").isEmpty {
                fail(column, "required")
                return nil
            }
            if let value, value.count > ChargingStation.maxTextLength {
                fail(column, "longer than \(ChargingStation.maxTextLength) characters")
                return nil
            }
            return value
        }

        mutating func number(_ column: Column, required: Bool = false) -> Double? {
            guard let text = text(column, required: required), !text.isEmpty else { return nil }
            return check(Double(text).flatMap { $0.isFinite ? $0 : nil }, column, "\(text) is not a number")
        }

        mutating func whole(_ column: Column) -> Int? {
            guard let text = text(column), !text.isEmpty else { return nil }
            return check(Int(text), column, "\(text) is not a whole number")
        }

        mutating func code<Code: RawRepresentable & CaseIterable>(
            _ column: Column, _ type: Code.Type, required: Bool = false
        ) -> Code? where Code.RawValue == Int {
            guard let text = text(column, required: required), !text.isEmpty else { return nil }
            let allowed = Code.allCases.map { "\($0.rawValue)" }.joined(separator: ", ")
            return check(Int(text).flatMap(Code.init(rawValue:)), column, "\(text) is not one of \(allowed)")
        }
    }
}
