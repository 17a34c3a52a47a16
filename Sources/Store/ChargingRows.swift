package import Charging
import Foundation

/// What both stores share to turn rows back into registry records: stations are read as three flat lists (stations,
/// chargers, connectors) and put together here; tariffs and pressures are kept as short texts.
package enum ChargingRows {
    /// `stations` with their chargers and connectors attached, in each list's order (the stores read chargers and
    /// connectors by position).
    package static func assemble(
        _ stations: [ChargingStation], equipment: [(stationID: String, equipment: ChargingEquipment)],
        connectors: [(equipmentID: String, connector: ChargingConnector)]
    ) -> [ChargingStation] {
        var connectorsByCharger: [String: [ChargingConnector]] = [:]
        for (equipmentID, connector) in connectors { connectorsByCharger[equipmentID, default: []].append(connector) }
        var chargersByStation: [String: [ChargingEquipment]] = [:]
        for (stationID, charger) in equipment {
            var charger = charger
            charger.connectors = connectorsByCharger[charger.id] ?? []
            chargersByStation[stationID, default: []].append(charger)
        }
        return stations.map { station in
            var station = station
            station.equipment = chargersByStation[station.id] ?? []
            return station
        }
    }

    /// A tariff as stored: `startSecond:electricity:service` (1/10,000 yuan) periods joined by `;`.
    package static func pricesText(_ periods: [PricePeriod]) -> String {
        periods.sorted { $0.startSecond < $1.startSecond }
            .map { "\($0.startSecond):\($0.electricity):\($0.service)" }.joined(separator: ";")
    }

    /// The tariff of `pricesText`; throws on text a bug or a hand edit corrupted.
    package static func prices(_ text: String) throws -> [PricePeriod] {
        guard !text.isEmpty else { return [] }
        return try text.split(separator: ";").map { part in
            let numbers = part.split(separator: ":").compactMap { Int64($0) }
            guard numbers.count == 3 else { throw StoreError(.engine, "corrupt tariff \(text) in store") }
            return PricePeriod(startSecond: Int(numbers[0]), electricity: numbers[1], service: numbers[2])
        }
    }

    /// A code of a T/CEC table read back from the store.
    package static func code<Code: RawRepresentable>(_ raw: Int64, _ type: Code.Type) throws -> Code
    where Code.RawValue == Int {
        guard let code = Code(rawValue: Int(raw)) else { throw StoreError(.engine, "unknown \(Code.self) \(raw)") }
        return code
    }

    /// Unit-sphere coordinates of a WGS-84 point: their Euclidean (chord) distance grows with the great-circle
    /// distance, which is what PostgreSQL's `cube` index orders by.
    package static func unitVector(longitude: Double, latitude: Double) -> (x: Double, y: Double, z: Double) {
        let lat = latitude * .pi / 180
        let lng = longitude * .pi / 180
        return (cos(lat) * cos(lng), cos(lat) * sin(lng), sin(lat))
    }

    /// The nearest search widens its radius from this (metres) by `growth` each round until it holds enough
    /// stations: a first box of a few hundred stations at most in a city centre, so a round costs well under a ms.
    package static let firstRadius = 1_500.0
    package static let growth = 3.0
}
