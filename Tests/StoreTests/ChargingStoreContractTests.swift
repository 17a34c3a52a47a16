import Charging
import Foundation
import Model
import Store
import Testing

/// What the charging registry promises on both engines: imports are all or nothing and round-trip, re-imports keep
/// live status, statuses are logged into utilisation and fault rates, scopes narrow, and the indexed finder answers
/// exactly what brute force over the same stations answers.
@Suite("Charging store contract")
struct ChargingStoreContractTests {
    static let t: Int64 = 1_795_570_200_000_000
    static let s: Int64 = 1_000_000
    static let operators = [
        ChargingOperator(id: "MA01H3BQ2", name: "特来电 (test)", enterpriseID: "geely"),
        ChargingOperator(id: "313744932", name: "星星充电 (test)"),
        ChargingOperator(id: "MA27U1Q3X", name: "国网 (test)"),
    ]

    static func station(
        _ id: String, operatorID: OperatorID = "MA01H3BQ2", city: City = .hangzhou,
        at point: GeoPoint = GeoPoint(longitude: 120.16, latitude: 30.27), connectors: Int = 2
    ) -> ChargingStation {
        ChargingStation(
            id: id, operatorID: operatorID, name: "站 \(id)", address: "路 \(id)号", areaCode: city.rawValue,
            city: city, location: GeoLocation(point, in: .gcj02), type: .public, status: .inService,
            openingHours: "00:00-24:00", parkingFee: "免费", freeParking: true,
            equipment: [
                ChargingEquipment(
                    id: "\(id)-E1", name: "一号桩", type: .dc, powerKW: 120,
                    connectors: (1...connectors).map {
                        ChargingConnector(
                            id: "\(id)-C\($0)", name: $0 == 1 ? "A枪" : nil, type: .dcGun, nationalStandard: .gbt2015,
                            voltageUpper: 750, voltageLower: $0 == 1 ? 200 : nil, current: 250, powerKW: 60)
                    })
            ],
            prices: [
                PricePeriod(startSecond: 0, electricity: 3500, service: 8000),
                PricePeriod(startSecond: 8 * 3600, electricity: 10_500, service: 8000),
            ])
    }

    static func setUp(_ store: any PlatformStore) async throws {
        try await VehicleStoreContractTests.addEnterprises(store)
        try await store.charging.upsertOperators(operators)
    }

    @Test(arguments: TestStores.engines)
    func importsRoundTripAndAreAllOrNothing(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await Self.setUp(store)
            let a = Self.station("ST-A")
            let b = Self.station("ST-B", operatorID: "313744932", city: .ningbo)
            try await store.charging.importStations([a, b])
            #expect(try await store.charging.station(id: "ST-A") == a)
            #expect(try await store.charging.station(id: "ST-B") == b)
            #expect(try await store.charging.station(id: "nope") == nil)

            // An unknown operator in the second station: nothing of the batch is stored.
            let c = Self.station("ST-C")
            let orphan = Self.station("ST-D", operatorID: "ZZZZZZZZZ")
            let error = await #expect(throws: StoreError.self) { try await store.charging.importStations([c, orphan]) }
            #expect(error?.kind == .conflict)
            #expect(try await store.charging.station(id: "ST-C") == nil)
            // A connector id of another station: refused.
            var thief = Self.station("ST-E")
            thief.equipment[0].connectors[0].id = "ST-A-C1"
            await #expect(throws: StoreError.self) { try await store.charging.importStations([thief]) }
            #expect(try await store.charging.station(id: "ST-E") == nil)
            #expect(try await store.charging.stations(StationQuery()).total == 2)
        }
    }

    @Test(arguments: TestStores.engines)
    func reimportKeepsLiveStatusAndDropsWhatIsGone(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await Self.setUp(store)
            try await store.charging.importStations([Self.station("ST-A", connectors: 3)])
            #expect(
                try await store.charging.updateConnectorStatus(connectorID: "ST-A-C1", status: .charging, at: Self.t))
            #expect(!(try await store.charging.updateConnectorStatus(connectorID: "nope", status: .idle, at: Self.t)))
            // An older report is logged but does not move the live status back.
            try await store.charging.updateConnectorStatus(connectorID: "ST-A-C1", status: .idle, at: Self.t - Self.s)
            var renamed = Self.station("ST-A", connectors: 2)
            renamed.name = "改名"
            try await store.charging.importStations([renamed])
            let stored = try #require(try await store.charging.station(id: "ST-A"))
            #expect(stored.name == "改名" && stored.connectors.map(\.id) == ["ST-A-C1", "ST-A-C2"])
            #expect(stored.connectors[0].status == .charging && stored.connectors[0].statusAt == Self.t)
            #expect(stored.connectors[1].status == .offline && stored.connectors[1].statusAt == nil)
        }
    }

    @Test(arguments: TestStores.engines)
    func statusLogGivesUtilisationFaultRateAndEnergy(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await Self.setUp(store)
            try await store.charging.importStations([
                Self.station("ST-A"), Self.station("ST-B", operatorID: "313744932", city: .ningbo),
            ])
            let t = Self.t
            let s = Self.s
            // ST-A-C1: idle from before the period, charging 100-400 s, idle, fault 700-1000 s (period 0-1000 s).
            let unknown = try await store.charging.updateConnectorStatuses([
                ConnectorStatusChange(connectorID: "ST-A-C1", status: .idle, at: t - 50 * s),
                ConnectorStatusChange(connectorID: "ST-A-C1", status: .charging, at: t + 100 * s),
                ConnectorStatusChange(connectorID: "ST-A-C1", status: .idle, at: t + 400 * s),
                ConnectorStatusChange(connectorID: "ST-A-C1", status: .fault, at: t + 700 * s),
                ConnectorStatusChange(connectorID: "ghost", status: .idle, at: t),
                // ST-B-C1 charging all period, in Ningbo.
                ConnectorStatusChange(connectorID: "ST-B-C1", status: .charging, at: t),
            ])
            #expect(unknown == ["ghost"])
            try await store.charging.recordSession(
                connectorID: "ST-A-C1", start: t + 100 * s, stop: t + 400 * s, energyKWh: 5.5, source: "ocpp")
            try await store.charging.recordSession(
                connectorID: "ST-B-C1", start: t, stop: t + 2000 * s, energyKWh: 40, source: "tcec")
            await #expect(throws: StoreError.self) {
                try await store.charging.recordSession(
                    connectorID: "ghost", start: t, stop: t + s, energyKWh: 1, source: "ocpp")
            }
            try await store.charging.upsertSwapStations([
                SwapStation(
                    id: "SW-1", operatorID: "313744932", name: "换电站", address: "", city: .ningbo,
                    location: GeoLocation(GeoPoint(longitude: 121.5, latitude: 29.8), in: .wgs84), status: .inService,
                    bays: 2, batteries: 13)
            ])
            try await store.charging.upsertHydrogenStations([
                HydrogenStation(
                    id: "H2-1", operatorID: nil, name: "加氢站", address: "", city: .jiaxing,
                    location: GeoLocation(GeoPoint(longitude: 120.7, latitude: 30.7), in: .wgs84), status: .inService,
                    pressuresMPa: [35, 70], dailyCapacityKg: 500)
            ])

            let all = try await store.charging.statistics(scope: ChargingScope(), from: t, to: t + 1000 * s)
            #expect(all.stations == 2 && all.chargers == 2 && all.publicChargers == 2 && all.connectors == 4)
            #expect(all.stationsByCity == [.hangzhou: 1, .ningbo: 1])
            #expect(all.stationsByOperator == ["MA01H3BQ2": 1, "313744932": 1])
            #expect(all.connectorsByStatus == [.fault: 1, .charging: 1, .offline: 2])
            #expect(all.swapStations == 1 && all.hydrogenStations == 1)
            #expect(all.usage.time[.charging] == 1300 * s && all.usage.time[.fault] == 300 * s)
            #expect(all.usage.utilisation == 1300.0 / 1700.0)
            #expect(all.usage.faultRate == 300.0 / 2000.0)
            #expect(all.energyKWh == 5.5 && all.sessions == 1, "only sessions that ended in the period")

            let ningbo = try await store.charging.statistics(
                scope: ChargingScope(city: .ningbo), from: t, to: t + 1000 * s)
            #expect(ningbo.stations == 1 && ningbo.usage.utilisation == 1 && ningbo.swapStations == 1)
            #expect(ningbo.hydrogenStations == 0)
            let geely = try await store.charging.statistics(
                scope: ChargingScope(enterprise: "geely"), from: t, to: t + 1000 * s)
            #expect(geely.stationsByOperator == ["MA01H3BQ2": 1] && geely.swapStations == 0)

            #expect(
                try await store.charging.swapStations(StationQuery(scope: ChargingScope(city: .ningbo))).map(\.bays)
                    == [2])
            #expect(
                try await store.charging.hydrogenStations(StationQuery()).first?.pressuresMPa == [35, 70])
        }
    }

    @Test(arguments: TestStores.engines)
    func listsAreScoped(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await Self.setUp(store)
            try await store.charging.importStations([
                Self.station("ST-A"), Self.station("ST-B", operatorID: "313744932", city: .ningbo),
                Self.station("ST-C", city: .ningbo),
            ])
            let ningbo = try await store.charging.stations(StationQuery(scope: ChargingScope(city: .ningbo)))
            #expect(ningbo.stations.map(\.id) == ["ST-B", "ST-C"] && ningbo.total == 2)
            let geely = try await store.charging.stations(StationQuery(scope: ChargingScope(enterprise: "geely")))
            #expect(geely.stations.map(\.id) == ["ST-A", "ST-C"])
            let page = try await store.charging.stations(StationQuery(limit: 1, offset: 1))
            #expect(page.stations.map(\.id) == ["ST-B"] && page.total == 3)
            #expect(
                try await store.charging.operators(scope: ChargingScope(enterprise: "geely")).map(\.id)
                    == ["MA01H3BQ2"])
            #expect(try await store.charging.operators(scope: ChargingScope(city: .ningbo)).count == 2)
        }
    }

    // MARK: Finder against brute force

    /// Random stations around Hangzhou: mixed types, statuses, operators, parking, connectors and live statuses.
    static func randomStations(count: Int, seed: UInt64) -> [ChargingStation] {
        var random = SeededRandom(seed: seed)
        let types: [StationType] = [.public, .public, .public, .bus, .personal]
        let statuses: [StationStatus] = [.inService, .inService, .inService, .maintenance]
        let connectorTypes: [ConnectorType] = [.dcGun, .dcGun, .acPlug, .acSocket, .householdSocket]
        let connectorStatuses: [ConnectorStatus] = [.idle, .idle, .charging, .occupied, .offline, .fault, .reserved]
        return (0..<count).map { index in
            let point = GeoPoint(
                longitude: 120.0 + random.unit() * 0.5, latitude: 30.0 + random.unit() * 0.5)
            let equipment = (0..<(1 + random.below(3))).map { e in
                ChargingEquipment(
                    id: "R\(index)-E\(e)", type: .acdc, powerKW: 120,
                    connectors: (0..<(1 + random.below(3))).map { c in
                        ChargingConnector(
                            id: "R\(index)-E\(e)-C\(c)", type: connectorTypes[random.below(connectorTypes.count)],
                            powerKW: [7, 30, 60, 120, 180][random.below(5)],
                            status: connectorStatuses[random.below(connectorStatuses.count)], statusAt: t)
                    })
            }
            return ChargingStation(
                id: "R\(index)", operatorID: operators[random.below(operators.count)].id, name: "随机站 \(index)",
                address: "", areaCode: "330106", city: .hangzhou,
                location: GeoLocation(point, in: random.below(2) == 0 ? .wgs84 : .gcj02),
                type: types[random.below(types.count)], status: statuses[random.below(statuses.count)],
                freeParking: random.below(2) == 0, equipment: equipment,
                prices: [PricePeriod(startSecond: 0, electricity: Int64(index), service: 8000)])
        }
    }

    static func randomFilter(_ random: inout SeededRandom) -> ChargerFilter {
        ChargerFilter(
            availableNow: random.below(3) == 0, dcOnly: random.below(3) == 0,
            minPowerKW: random.below(3) == 0 ? [7, 60, 120][random.below(3)] : nil,
            connectorType: random.below(5) == 0 ? [.dcGun, .acPlug][random.below(2)] : nil,
            operatorID: random.below(4) == 0 ? operators[random.below(operators.count)].id : nil,
            freeParking: random.below(4) == 0)
    }

    @Test(arguments: TestStores.engines)
    func theFinderAnswersWhatBruteForceAnswers(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await Self.setUp(store)
            let stations = Self.randomStations(count: 600, seed: 7)
            try await store.charging.importStations(stations)
            // Statuses come through the live-status path, as in production.
            _ = try await store.charging.updateConnectorStatuses(
                stations.flatMap(\.connectors).map {
                    ConnectorStatusChange(connectorID: $0.id, status: $0.status, at: Self.t)
                })
            var random = SeededRandom(seed: 42)
            var answered = 0
            var cutByLimit = 0
            for round in 0..<150 {
                let datum: CoordinateSystem = round % 2 == 0 ? .wgs84 : .gcj02
                let point = GeoPoint(
                    longitude: 119.95 + random.unit() * 0.6, latitude: 29.95 + random.unit() * 0.6)
                let query = NearestQuery(
                    point: point, datum: datum, radiusMetres: [500, 3000, 10_000, 80_000][random.below(4)],
                    limit: [1, 5, 20][random.below(3)], filter: Self.randomFilter(&random), at: Self.t)
                let expected = ChargerFinder.nearest(query, in: stations)
                let found = try await store.charging.nearest(query)
                answered += found.isEmpty ? 0 : 1
                cutByLimit += found.count == query.limit ? 1 : 0
                #expect(found.map(\.station.id) == expected.map(\.station.id), "round \(round): \(query)")
                for (a, b) in zip(found, expected) {
                    #expect(abs(a.distanceMetres - b.distanceMetres) < 1e-6)
                    #expect(a.matchingConnectors == b.matchingConnectors && a.price == b.price)
                }
            }
            // The random cases exercise both ends: answers cut by the limit and by the radius or filters.
            #expect(answered > 60 && cutByLimit > 20 && answered - cutByLimit > 20, "\(answered), \(cutByLimit)")
            for round in 0..<60 {
                let datum: CoordinateSystem = round % 2 == 0 ? .gcj02 : .wgs84
                let lng = 119.95 + random.unit() * 0.5
                let lat = 29.95 + random.unit() * 0.5
                let query = BoxQuery(
                    southWest: GeoPoint(longitude: lng, latitude: lat),
                    northEast: GeoPoint(longitude: lng + random.unit() * 0.3, latitude: lat + random.unit() * 0.3),
                    datum: datum, limit: [10, 1000][random.below(2)], filter: Self.randomFilter(&random), at: Self.t)
                let expected = ChargerFinder.box(query, in: stations)
                let found = try await store.charging.box(query)
                #expect(found.map(\.station.id) == expected.map(\.station.id), "box round \(round): \(query)")
            }
        }
    }
}

/// SplitMix64: the same stations and queries on every run and engine.
struct SeededRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// In [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
