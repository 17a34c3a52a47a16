public import Model

/// A place kept in both datums: WGS-84 (GNSS, phones; the datum the spatial indexes use) and GCJ-02 (what Chinese
/// maps and T/CEC 102 exchange, StationLng/StationLat). Both are stored so neither conversion runs on a read.
public struct GeoLocation: Sendable, Hashable, Codable {
    public let wgs84: GeoPoint
    public let gcj02: GeoPoint

    /// The location of `point`, given in `datum`.
    public init(_ point: GeoPoint, in datum: CoordinateSystem) {
        switch datum {
        case .wgs84:
            wgs84 = point
            gcj02 = point.wgs84ToGCJ02
        case .gcj02:
            gcj02 = point
            wgs84 = point.gcj02ToWGS84
        }
    }

    /// Both points as stored (no conversion).
    public init(wgs84: GeoPoint, gcj02: GeoPoint) {
        self.wgs84 = wgs84
        self.gcj02 = gcj02
    }

    /// The point in `datum`.
    public func point(in datum: CoordinateSystem) -> GeoPoint { datum == .wgs84 ? wgs84 : gcj02 }
}

/// The coordinate systems callers give points in.
public enum CoordinateSystem: String, CaseIterable, Sendable, Codable, Hashable {
    case wgs84
    case gcj02

    /// `point`, given in this datum, in WGS-84.
    public func toWGS84(_ point: GeoPoint) -> GeoPoint { self == .wgs84 ? point : point.gcj02ToWGS84 }
}

extension GeoPoint {
    /// Whether the numbers are a position at all (finite, latitude within ±90, longitude within ±180).
    public var isValid: Bool {
        latitude.isFinite && longitude.isFinite && abs(latitude) <= 90 && abs(longitude) <= 180
    }
}
