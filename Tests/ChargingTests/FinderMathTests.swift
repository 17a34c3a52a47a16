import Charging
import Foundation
import Model
import Testing

/// The pure parts the finder and the statistics rest on.
@Suite("Finder math")
struct FinderMathTests {
    @Test func theBoundingBoxHoldsTheWholeCircle() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let center = GeoPoint(
                longitude: Double.random(in: 73...135, using: &generator),
                latitude: Double.random(in: 1...55, using: &generator))
            let radius = Double.random(in: 10...200_000, using: &generator)
            let box = ChargerFinder.boundingBox(around: center, radius: radius)
            // Points on the circle itself, all round.
            for step in 0..<36 {
                let bearing = Double(step) * 10 * .pi / 180
                let point = Self.destination(center, bearing: bearing, metres: radius * 0.999_999)
                #expect(point.longitude >= box.southWest.longitude && point.longitude <= box.northEast.longitude)
                #expect(point.latitude >= box.southWest.latitude && point.latitude <= box.northEast.latitude)
            }
        }
    }

    /// The point `metres` from `start` along `bearing` on the sphere.
    static func destination(_ start: GeoPoint, bearing: Double, metres: Double) -> GeoPoint {
        let angular = metres / 6_371_008.8
        let lat1 = start.latitude * .pi / 180
        let lon1 = start.longitude * .pi / 180
        let lat2 = asin(sin(lat1) * cos(angular) + cos(lat1) * sin(angular) * cos(bearing))
        let lon2 = lon1 + atan2(sin(bearing) * sin(angular) * cos(lat1), cos(angular) - sin(lat1) * sin(lat2))
        return GeoPoint(longitude: lon2 * 180 / .pi, latitude: lat2 * 180 / .pi)
    }

    @Test func thePriceInForceFollowsBeijingTime() {
        let periods = [
            PricePeriod(startSecond: 8 * 3600, electricity: 10_500, service: 8000),
            PricePeriod(startSecond: 22 * 3600, electricity: 3500, service: 8000),
        ]
        // 2026-11-25T23:30:00Z is 07:30 in Beijing: before the first start, so the night period still runs.
        let night: Int64 = 1_795_649_400 * 1_000_000
        #expect(PricePeriod.inForce(periods, at: night)?.electricity == 3500)
        #expect(PricePeriod.inForce(periods, at: night + 3600 * 1_000_000)?.electricity == 10_500)
        #expect(PricePeriod.inForce([], at: night) == nil)
        #expect(PricePeriod.second(ofStartTime: "235959") == 86_399 && PricePeriod.second(ofStartTime: "240000") == nil)
    }

    @Test func usageCountsTimePerStatusFromTheLog() {
        var usage = ConnectorUsage()
        // Idle before the period, charging 10-40, faulted 70-100 of a 0-100 period.
        usage.add(before: .idle, changes: [(10, .charging), (40, .idle), (70, .fault), (150, .idle)], from: 0, to: 100)
        // Never reported before 50: only 50-100 counts.
        usage.add(before: nil, changes: [(50, .charging)], from: 0, to: 100)
        #expect(usage.time[.charging] == 80 && usage.time[.idle] == 40 && usage.time[.fault] == 30)
        #expect(usage.utilisation == 80.0 / 120.0)
        #expect(usage.faultRate == 30.0 / 150.0)
        #expect(ConnectorUsage().utilisation == nil)
    }

    @Test func theFilterNeedsOneConnectorPassingEveryCondition() {
        let station = ChargingStation(
            id: "S", operatorID: "MA01H3BQ2", name: "n", address: "", areaCode: "330106", city: .hangzhou,
            location: GeoLocation(GeoPoint(longitude: 120, latitude: 30), in: .wgs84), type: .public,
            status: .inService,
            equipment: [
                ChargingEquipment(
                    id: "E", type: .acdc, powerKW: 120,
                    connectors: [
                        ChargingConnector(id: "A", type: .dcGun, powerKW: 120, status: .charging),
                        ChargingConnector(id: "B", type: .acPlug, powerKW: 7, status: .idle),
                    ])
            ])
        #expect(ChargerFilter(dcOnly: true).matches(station))
        #expect(ChargerFilter(availableNow: true).matches(station))
        #expect(!ChargerFilter(availableNow: true, dcOnly: true).matches(station), "no idle DC connector")
        #expect(!ChargerFilter(minPowerKW: 121).matches(station))
        #expect(!ChargerFilter(freeParking: true).matches(station))
        var closed = station
        closed.status = .maintenance
        #expect(!ChargerFilter().matches(closed))
    }
}
