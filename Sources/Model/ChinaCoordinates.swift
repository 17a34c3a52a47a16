import Foundation

/// A position in degrees, and the conversion between WGS-84 (what GNSS receivers measure and what the
/// platform stores) and GCJ-02 (the obfuscated datum that maps published in China use, and that 2025-edition
/// terminals may report, GB/T 32960.3-2025 Table 13 "坐标系").
///
/// GCJ-02 is WGS-84 plus a smooth, position-dependent shift of a few hundred metres inside China and none
/// outside it. The forward shift follows the published formula; the inverse is found by fixed-point iteration,
/// which converges to well under a millimetre in a few steps.
public struct GeoPoint: Sendable, Hashable, Codable {
    /// Longitude, degrees east.
    public var longitude: Double
    /// Latitude, degrees north.
    public var latitude: Double

    /// Creates a point.
    public init(longitude: Double, latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }

    /// Whether the GCJ-02 shift applies (a rectangle around China, as the datum itself defines it).
    public var isInsideChina: Bool {
        longitude >= 72.004 && longitude <= 137.8347 && latitude >= 0.8293 && latitude <= 55.8271
    }

    /// This WGS-84 point in GCJ-02.
    public var wgs84ToGCJ02: GeoPoint {
        guard isInsideChina else { return self }
        let shift = Self.shift(self)
        return GeoPoint(longitude: longitude + shift.longitude, latitude: latitude + shift.latitude)
    }

    /// This GCJ-02 point in WGS-84.
    public var gcj02ToWGS84: GeoPoint {
        guard isInsideChina else { return self }
        var guess = self
        for _ in 0..<10 {
            let forward = guess.wgs84ToGCJ02
            let dLon = longitude - forward.longitude
            let dLat = latitude - forward.latitude
            guess.longitude += dLon
            guess.latitude += dLat
            if abs(dLon) < 1e-10 && abs(dLat) < 1e-10 { break }
        }
        return guess
    }

    /// Great-circle distance in metres (haversine, mean Earth radius).
    public func distance(to other: GeoPoint) -> Double {
        let r = 6_371_008.8
        let lat1 = latitude * .pi / 180
        let lat2 = other.latitude * .pi / 180
        let dLat = lat2 - lat1
        let dLon = (other.longitude - longitude) * .pi / 180
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(lat1) * cos(lat2) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, sqrt(h)))
    }

    // The datum's reference ellipsoid (Krasovsky 1940).
    private static let semiMajorAxis = 6_378_245.0
    private static let eccentricitySquared = 0.006_693_421_622_965_943_23

    private static func shift(_ p: GeoPoint) -> GeoPoint {
        let x = p.longitude - 105
        let y = p.latitude - 35
        var dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        dLat += (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
        dLat += (20 * sin(y * .pi) + 40 * sin(y / 3 * .pi)) * 2 / 3
        dLat += (160 * sin(y / 12 * .pi) + 320 * sin(y * .pi / 30)) * 2 / 3
        var dLon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        dLon += (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
        dLon += (20 * sin(x * .pi) + 40 * sin(x / 3 * .pi)) * 2 / 3
        dLon += (150 * sin(x / 12 * .pi) + 300 * sin(x / 30 * .pi)) * 2 / 3
        let radLat = p.latitude / 180 * .pi
        var magic = sin(radLat)
        magic = 1 - eccentricitySquared * magic * magic
        let sqrtMagic = sqrt(magic)
        dLat = (dLat * 180) / ((semiMajorAxis * (1 - eccentricitySquared)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180) / (semiMajorAxis / sqrtMagic * cos(radLat) * .pi)
        return GeoPoint(longitude: dLon, latitude: dLat)
    }
}
