import Foundation
public import Model

/// "The nearest chargers to here": a point in either datum, a radius and how many stations at most.
public struct NearestQuery: Sendable, Hashable {
    public var point: GeoPoint
    public var datum: CoordinateSystem
    public var radiusMetres: Double
    public var limit: Int
    public var filter: ChargerFilter
    /// The time whose tariff period is shown, microseconds since the epoch.
    public var at: Int64

    /// Creates a query.
    public init(
        point: GeoPoint, datum: CoordinateSystem, radiusMetres: Double, limit: Int, filter: ChargerFilter = .init(),
        at: Int64
    ) {
        self.point = point
        self.datum = datum
        self.radiusMetres = radiusMetres
        self.limit = limit
        self.filter = filter
        self.at = at
    }

    /// The query point in WGS-84, the datum the indexes use.
    public var wgs84: GeoPoint { datum.toWGS84(point) }
}

/// "The chargers on this map": a rectangle in the caller's datum.
public struct BoxQuery: Sendable, Hashable {
    public var southWest: GeoPoint
    public var northEast: GeoPoint
    public var datum: CoordinateSystem
    public var limit: Int
    public var filter: ChargerFilter
    public var at: Int64

    /// Creates a query.
    public init(
        southWest: GeoPoint, northEast: GeoPoint, datum: CoordinateSystem, limit: Int,
        filter: ChargerFilter = .init(), at: Int64
    ) {
        self.southWest = southWest
        self.northEast = northEast
        self.datum = datum
        self.limit = limit
        self.filter = filter
        self.at = at
    }

    /// Whether `location` lies in the box, compared in the box's own datum (so a GCJ-02 box is exact).
    public func contains(_ location: GeoLocation) -> Bool {
        let p = location.point(in: datum)
        return p.longitude >= southWest.longitude && p.longitude <= northEast.longitude
            && p.latitude >= southWest.latitude && p.latitude <= northEast.latitude
    }

    /// A WGS-84 rectangle that surely holds every point of the box: the corners converted, widened by 0.01° (about
    /// 1 km), far more than the GCJ-02 shift changes across a box.
    public var wgs84Cover: (southWest: GeoPoint, northEast: GeoPoint) {
        guard datum == .gcj02 else { return (southWest, northEast) }
        let a = southWest.gcj02ToWGS84
        let b = northEast.gcj02ToWGS84
        return (
            GeoPoint(longitude: min(a.longitude, b.longitude) - 0.01, latitude: min(a.latitude, b.latitude) - 0.01),
            GeoPoint(longitude: max(a.longitude, b.longitude) + 0.01, latitude: max(a.latitude, b.latitude) + 0.01)
        )
    }
}

/// The finder done the slow way, over stations in memory: the oracle the stores' indexed finders are tested
/// against, and the benchmark's baseline.
public enum ChargerFinder {
    /// Every matching station within the radius, nearest first (ties by station id), at most `limit`.
    public static func nearest(_ query: NearestQuery, in stations: [ChargingStation]) -> [ChargerMatch] {
        let origin = query.wgs84
        var found: [(Double, ChargingStation)] = []
        for station in stations where query.filter.matches(station) {
            let d = origin.distance(to: station.location.wgs84)
            if d <= query.radiusMetres { found.append((d, station)) }
        }
        found.sort { ($0.0, $0.1.id) < ($1.0, $1.1.id) }
        return found.prefix(query.limit).map {
            ChargerMatch(station: $0.1, distanceMetres: $0.0, filter: query.filter, at: query.at)
        }
    }

    /// Every matching station in the box, by station id, at most `limit`.
    public static func box(_ query: BoxQuery, in stations: [ChargingStation]) -> [ChargerMatch] {
        stations.filter { query.filter.matches($0) && query.contains($0.location) }
            .sorted { $0.id < $1.id }.prefix(query.limit)
            .map { ChargerMatch(station: $0, distanceMetres: 0, filter: query.filter, at: query.at) }
    }

    /// A rectangle around `center` that holds the whole circle of `radius` metres (on the sphere).
    public static func boundingBox(around center: GeoPoint, radius: Double) -> (
        southWest: GeoPoint, northEast: GeoPoint
    ) {
        let earth = 6_371_008.8
        // Slightly larger than exact, so rounding never drops a point on the circle.
        let dLat = radius / earth * 180 / .pi * 1.000_001 + 1e-9
        let south = max(-90, center.latitude - dLat)
        let north = min(90, center.latitude + dLat)
        let widest = max(abs(south), abs(north))
        let dLon: Double
        if widest >= 89.9 {
            dLon = 180
        } else {
            let angular = radius / earth
            let ratio = sin(angular) / cos(widest * .pi / 180)
            dLon = ratio >= 1 ? 180 : asin(ratio) * 180 / .pi * 1.000_001 + 1e-9
        }
        return (
            GeoPoint(longitude: center.longitude - dLon, latitude: south),
            GeoPoint(longitude: center.longitude + dLon, latitude: north)
        )
    }
}
