import Charging
import Foundation
import Model
import Store

/// JSON shapes of the charging endpoints (schemas in `APISchemas+Charging.swift`). Codes stay T/CEC's integers, with
/// an English name beside the ones people read; prices are yuan per kWh.
struct PointView: Codable, Equatable {
    let lng: Double
    let lat: Double

    init(_ point: GeoPoint) {
        lng = point.longitude
        lat = point.latitude
    }
}

struct PriceView: Codable, Equatable {
    let startTime: String
    let electricity: Double
    let service: Double
    let total: Double

    init(_ p: PricePeriod) {
        startTime = p.startTime
        electricity = Double(p.electricity) / 10_000
        service = Double(p.service) / 10_000
        total = Double(p.electricity + p.service) / 10_000
    }
}

struct ConnectorView: Codable, Equatable {
    let id: String
    let name: String?
    let type: Int
    let dc: Bool
    let nationalStandard: Int?
    let voltageUpper: Int?
    let voltageLower: Int?
    let current: Int?
    let powerKw: Double
    let status: Int
    let statusName: String
    let statusAt: String?

    init(_ c: ChargingConnector) {
        id = c.id
        name = c.name
        type = c.type.rawValue
        dc = c.type.isDC
        nationalStandard = c.nationalStandard?.rawValue
        voltageUpper = c.voltageUpper
        voltageLower = c.voltageLower
        current = c.current
        powerKw = c.powerKW
        status = c.status.rawValue
        statusName = c.status.name
        statusAt = c.statusAt.map { Clock.iso8601(micros: $0) }
    }
}

struct EquipmentView: Codable, Equatable {
    let id: String
    let name: String?
    let type: Int
    let powerKw: Double
    let connectors: [ConnectorView]

    init(_ e: ChargingEquipment) {
        id = e.id
        name = e.name
        type = e.type.rawValue
        powerKw = e.powerKW
        connectors = e.connectors.map(ConnectorView.init)
    }
}

struct StationView: Codable, Equatable {
    let id: String
    let operatorId: String
    let name: String
    let address: String
    let areaCode: String
    let city: String
    let wgs84: PointView
    let gcj02: PointView
    let type: Int
    let typeName: String
    let status: Int
    let openingHours: String
    let parkingFee: String
    let freeParking: Bool
    let prices: [PriceView]
    let equipment: [EquipmentView]

    init(_ s: ChargingStation) {
        id = s.id
        operatorId = s.operatorID.rawValue
        name = s.name
        address = s.address
        areaCode = s.areaCode
        city = s.city.slug
        wgs84 = PointView(s.location.wgs84)
        gcj02 = PointView(s.location.gcj02)
        type = s.type.rawValue
        typeName = s.type.name
        status = s.status.rawValue
        openingHours = s.openingHours
        parkingFee = s.parkingFee
        freeParking = s.freeParking
        prices = s.prices.sorted { $0.startSecond < $1.startSecond }.map(PriceView.init)
        equipment = s.equipment.map(EquipmentView.init)
    }
}

struct StationListView: Codable {
    let stations: [StationView]
    let total: Int
    let limit: Int
    let offset: Int
}

struct ChargerMatchView: Codable {
    let station: StationView
    let distanceM: Double
    let matchingConnectors: Int
    let availableConnectors: Int
    let maxPowerKw: Double
    let price: PriceView?
    let lastStatusAt: String?

    init(_ m: ChargerMatch) {
        station = StationView(m.station)
        distanceM = (m.distanceMetres * 10).rounded() / 10
        matchingConnectors = m.matchingConnectors.count
        availableConnectors = m.availableConnectors
        maxPowerKw = m.maxPowerKW
        price = m.price.map(PriceView.init)
        lastStatusAt = m.lastStatusAt.map { Clock.iso8601(micros: $0) }
    }
}

struct ChargerMatchListView: Codable {
    let coord: String
    let chargers: [ChargerMatchView]
    /// Box queries: whether more stations matched than `limit`.
    let truncated: Bool?
}

struct OperatorView: Codable {
    let id: String
    let name: String
    let enterprise: String?

    init(_ o: ChargingOperator) {
        id = o.id.rawValue
        name = o.name
        enterprise = o.enterpriseID?.rawValue
    }
}

struct OperatorListView: Codable { let operators: [OperatorView] }

struct OperatorRequest: Codable {
    let name: String
    let enterprise: String?
}

struct ImportResultView: Codable {
    let imported: Int
    let connectors: Int
    let operatorsAdded: [String]
}

/// A swap station in and out.
struct SwapStationBody: Codable {
    let id: String
    let operatorId: String?
    let name: String
    let address: String?
    let city: String
    let lng: Double
    let lat: Double
    let coord: String?
    let status: Int
    let bays: Int
    let batteries: Int
}

struct HydrogenStationBody: Codable {
    let id: String
    let operatorId: String?
    let name: String
    let address: String?
    let city: String
    let lng: Double
    let lat: Double
    let coord: String?
    let status: Int
    let pressuresMpa: [Int]
    let dailyCapacityKg: Double
}

struct SwapStationView: Codable {
    let id: String
    let operatorId: String?
    let name: String
    let address: String
    let city: String
    let wgs84: PointView
    let gcj02: PointView
    let status: Int
    let bays: Int
    let batteries: Int

    init(_ s: SwapStation) {
        id = s.id
        operatorId = s.operatorID?.rawValue
        name = s.name
        address = s.address
        city = s.city.slug
        wgs84 = PointView(s.location.wgs84)
        gcj02 = PointView(s.location.gcj02)
        status = s.status.rawValue
        bays = s.bays
        batteries = s.batteries
    }
}

struct HydrogenStationView: Codable {
    let id: String
    let operatorId: String?
    let name: String
    let address: String
    let city: String
    let wgs84: PointView
    let gcj02: PointView
    let status: Int
    let pressuresMpa: [Int]
    let dailyCapacityKg: Double

    init(_ s: HydrogenStation) {
        id = s.id
        operatorId = s.operatorID?.rawValue
        name = s.name
        address = s.address
        city = s.city.slug
        wgs84 = PointView(s.location.wgs84)
        gcj02 = PointView(s.location.gcj02)
        status = s.status.rawValue
        pressuresMpa = s.pressuresMPa
        dailyCapacityKg = s.dailyCapacityKg
    }
}

struct SwapStationListView: Codable { let stations: [SwapStationView] }
struct HydrogenStationListView: Codable { let stations: [HydrogenStationView] }

struct StatusUpdateBody: Codable {
    let connectorId: String
    let status: Int
    let at: String?
}

struct StatusUpdateResultView: Codable {
    let applied: Int
    let unknownConnectors: [String]
}

struct ChargingStatsView: Codable {
    let from: String
    let to: String
    let stations: Int
    let stationsByCity: [String: Int]
    let stationsByType: [String: Int]
    let stationsByOperator: [String: Int]
    let chargers: Int
    let publicChargers: Int
    let connectors: Int
    let connectorsByCity: [String: Int]
    let connectorsByStatus: [String: Int]
    let swapStations: Int
    let hydrogenStations: Int
    let utilisation: Double?
    let faultRate: Double?
    let chargingHours: Double
    let energyKwh: Double
    let sessions: Int

    init(_ s: ChargingStatistics, from: Int64, to: Int64) {
        self.from = Clock.iso8601(micros: from)
        self.to = Clock.iso8601(micros: to)
        stations = s.stations
        stationsByCity = Dictionary(uniqueKeysWithValues: s.stationsByCity.map { ($0.key.slug, $0.value) })
        stationsByType = Dictionary(uniqueKeysWithValues: s.stationsByType.map { ($0.key.name, $0.value) })
        stationsByOperator = Dictionary(uniqueKeysWithValues: s.stationsByOperator.map { ($0.key.rawValue, $0.value) })
        chargers = s.chargers
        publicChargers = s.publicChargers
        connectors = s.connectors
        connectorsByCity = Dictionary(uniqueKeysWithValues: s.connectorsByCity.map { ($0.key.slug, $0.value) })
        connectorsByStatus = Dictionary(uniqueKeysWithValues: s.connectorsByStatus.map { ($0.key.name, $0.value) })
        swapStations = s.swapStations
        hydrogenStations = s.hydrogenStations
        utilisation = s.usage.utilisation
        faultRate = s.usage.faultRate
        chargingHours = Double(s.usage.time[.charging] ?? 0) / 3_600_000_000
        energyKwh = s.energyKWh
        sessions = s.sessions
    }
}
