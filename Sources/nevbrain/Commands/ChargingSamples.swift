import Charging
import Model
import Simulator
import Store

/// Deterministic sample charging infrastructure across Zhejiang's 11 cities, for `demo` and `bench finder`. Every
/// id starts with `SMP` and every name with `(样例)`: sample data, never to be mistaken for an operator's.
enum ChargingSamples {
    /// City centres (WGS-84) and their share of the stations, roughly by population.
    static let cities: [(City, GeoPoint, Int)] = [
        (.hangzhou, GeoPoint(longitude: 120.155, latitude: 30.274), 24),
        (.ningbo, GeoPoint(longitude: 121.550, latitude: 29.875), 16),
        (.wenzhou, GeoPoint(longitude: 120.699, latitude: 27.994), 13),
        (.jiaxing, GeoPoint(longitude: 120.755, latitude: 30.746), 8),
        (.huzhou, GeoPoint(longitude: 120.088, latitude: 30.894), 5),
        (.shaoxing, GeoPoint(longitude: 120.580, latitude: 30.030), 8),
        (.jinhua, GeoPoint(longitude: 119.647, latitude: 29.079), 10),
        (.quzhou, GeoPoint(longitude: 118.859, latitude: 28.970), 3),
        (.zhoushan, GeoPoint(longitude: 122.207, latitude: 29.985), 2),
        (.taizhou, GeoPoint(longitude: 121.421, latitude: 28.656), 9),
        (.lishui, GeoPoint(longitude: 119.923, latitude: 28.468), 2),
    ]

    static let operators = [
        ChargingOperator(id: "SMPTLD001", name: "(样例) 特来电 sample", enterpriseID: "sample-geely"),
        ChargingOperator(id: "SMPXX0002", name: "(样例) 星星充电 sample"),
        ChargingOperator(id: "SMPGW0003", name: "(样例) 国网浙江 sample"),
        ChargingOperator(id: "SMPXJ0004", name: "(样例) 小桔充电 sample"),
    ]

    /// A city by its share, and a point around its centre (denser near the middle).
    static func place(_ random: inout SplitMix64) -> (City, GeoPoint) {
        let total = cities.reduce(0) { $0 + $1.2 }
        var pick = Int(random.next() % UInt64(total))
        for (city, centre, share) in cities {
            if pick < share {
                // The sum of three uniforms: a bell around the centre, about ±20 km.
                let dx = (random.unit(-1, 1) + random.unit(-1, 1) + random.unit(-1, 1)) * 0.08
                let dy = (random.unit(-1, 1) + random.unit(-1, 1) + random.unit(-1, 1)) * 0.07
                return (city, GeoPoint(longitude: centre.longitude + dx, latitude: centre.latitude + dy))
            }
            pick -= share
        }
        return (.hangzhou, cities[0].1)
    }

    /// Stations until they hold at least `connectors` connectors, with live statuses as of `at`.
    static func stations(connectors target: Int, seed: UInt64 = 102, at: Int64) -> [ChargingStation] {
        var random = SplitMix64(seed: seed)
        var stations: [ChargingStation] = []
        var connectors = 0
        let statuses: [ConnectorStatus] = [.idle, .idle, .idle, .charging, .charging, .occupied, .offline, .fault]
        let types: [StationType] = Array(repeating: .public, count: 17) + [.bus, .taxi, .logistics]
        while connectors < target {
            let index = stations.count
            let (city, point) = place(&random)
            let id = "SMP" + String(index).leftPadded(to: 6)
            let equipment = (0..<(1 + Int(random.next() % 8))).map { e in
                let dc = random.next() % 5 < 3
                let power: Double = dc ? [60, 120, 180][Int(random.next() % 3)] : 7
                return ChargingEquipment(
                    id: "\(id)-E\(e + 1)", type: dc ? .dc : .ac, powerKW: power,
                    connectors: (0..<(dc ? 2 : 1)).map { c in
                        ChargingConnector(
                            id: "\(id)-E\(e + 1)-\(c + 1)", type: dc ? .dcGun : .acPlug, nationalStandard: .gbt2015,
                            voltageUpper: dc ? 750 : 220, voltageLower: dc ? 200 : 220, current: dc ? 250 : 32,
                            powerKW: dc ? power / 2 : 7, status: statuses[Int(random.next() % UInt64(statuses.count))],
                            statusAt: at)
                    })
            }
            connectors += equipment.reduce(0) { $0 + $1.connectors.count }
            let peak = Int64(9000 + random.next() % 3000)
            stations.append(
                ChargingStation(
                    id: id, operatorID: operators[Int(random.next() % UInt64(operators.count))].id,
                    name: "(样例) \(city.chineseName)充电站 \(index)", address: "\(city.chineseName)样例路 \(index) 号",
                    areaCode: String(city.rawValue.prefix(4)) + "02", city: city,
                    location: GeoLocation(point, in: .wgs84), type: types[Int(random.next() % UInt64(types.count))],
                    status: random.next() % 20 == 0 ? .maintenance : .inService, openingHours: "00:00-24:00",
                    parkingFee: random.next() % 5 < 2 ? "充电免费停车" : "5 元/小时", freeParking: false,
                    equipment: equipment,
                    prices: [
                        PricePeriod(startSecond: 0, electricity: 3500, service: 6000),
                        PricePeriod(startSecond: 8 * 3600, electricity: peak, service: 8000),
                        PricePeriod(startSecond: 22 * 3600, electricity: 3500, service: 6000),
                    ]))
            stations[index].freeParking = stations[index].parkingFee.contains("免费")
        }
        return stations
    }

    static func swapStations(count: Int, seed: UInt64 = 202) -> [SwapStation] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { index in
            let (city, point) = place(&random)
            return SwapStation(
                id: "SMPSW" + String(index).leftPadded(to: 4), operatorID: operators[index % operators.count].id,
                name: "(样例) \(city.chineseName)换电站 \(index)", address: "\(city.chineseName)样例路", city: city,
                location: GeoLocation(point, in: .wgs84), status: .inService, bays: 1 + Int(random.next() % 3),
                batteries: 10 + Int(random.next() % 20))
        }
    }

    static func hydrogenStations(count: Int, seed: UInt64 = 302) -> [HydrogenStation] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { index in
            let (city, point) = place(&random)
            return HydrogenStation(
                id: "SMPH2" + String(index).leftPadded(to: 4), operatorID: nil,
                name: "(样例) \(city.chineseName)加氢站 \(index)", address: "\(city.chineseName)样例路", city: city,
                location: GeoLocation(point, in: .wgs84), status: .inService,
                pressuresMPa: index % 3 == 0 ? [35, 70] : [35], dailyCapacityKg: [500, 1000, 2000][index % 3])
        }
    }

    /// Registers the samples (idempotent: everything is an upsert by id) and reports each connector's status.
    static func load(into store: any PlatformStore, connectors: Int, at: Int64) async throws -> [ChargingStation] {
        try await store.charging.upsertOperators(operators)
        let stations = stations(connectors: connectors, at: at)
        for chunk in stride(from: 0, to: stations.count, by: 2000) {
            try await store.charging.importStations(Array(stations[chunk..<min(stations.count, chunk + 2000)]))
        }
        // Six hours ago everything was idle; the statuses now follow, so the statistics have a period to show.
        let changes = stations.flatMap(\.connectors).flatMap {
            [
                ConnectorStatusChange(connectorID: $0.id, status: .idle, at: at - 6 * 3_600_000_000),
                ConnectorStatusChange(connectorID: $0.id, status: $0.status, at: at - 2 * 3_600_000_000),
            ]
        }
        for chunk in stride(from: 0, to: changes.count, by: 20_000) {
            _ = try await store.charging.updateConnectorStatuses(
                Array(changes[chunk..<min(changes.count, chunk + 20_000)]))
        }
        try await store.charging.upsertSwapStations(swapStations(count: 80))
        try await store.charging.upsertHydrogenStations(hydrogenStations(count: 30))
        return stations
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
