import NIOCore

/// Vehicle position (车辆位置数据), info type 0x05: GB/T 32960.3-2016 Table 14/15 (9 bytes) and
/// GB/T 32960.3-2025 Table 21/22 (10 bytes, adds the coordinate system).
public struct PositionData: Hashable, Sendable, Codable {
    /// Status bits: bit 0 set = invalid fix, bit 1 set = south latitude, bit 2 set = west longitude.
    public var status: UInt8
    /// Coordinate system (2025 only): 0x01 WGS-84, 0x02 GCJ-02, 0x03 other.
    public var coordinateSystem: UInt8?
    /// Longitude in millionths of a degree (absolute value).
    public var longitude: UInt32
    /// Latitude in millionths of a degree (absolute value).
    public var latitude: UInt32

    /// Creates the unit from raw values.
    public init(status: UInt8, coordinateSystem: UInt8? = nil, longitude: UInt32, latitude: UInt32) {
        self.status = status
        self.coordinateSystem = coordinateSystem
        self.longitude = longitude
        self.latitude = latitude
    }

    /// Whether the fix is valid (status bit 0 clear).
    public var isFixValid: Bool { status & 0x01 == 0 }
    /// Signed longitude in degrees, east positive.
    public var longitudeDegrees: Reading { signed(.dword(longitude, divisor: 1_000_000), negative: status & 0x04 != 0) }
    /// Signed latitude in degrees, north positive.
    public var latitudeDegrees: Reading { signed(.dword(latitude, divisor: 1_000_000), negative: status & 0x02 != 0) }

    private func signed(_ reading: Reading, negative: Bool) -> Reading {
        if case .value(let v) = reading, negative { return .value(-v) }
        return reading
    }

    /// Reads the body (after the type byte).
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let status = try buffer.readByte("position status")
        let system: UInt8? = context.edition == .gb2025 ? try buffer.readByte("coordinate system") : nil
        guard let (lon, lat) = buffer.readMultipleIntegers(as: (UInt32, UInt32).self) else {
            throw GBT32960Error(.truncated, at: buffer.readerIndex, "longitude/latitude need 8 bytes")
        }
        return PositionData(status: status, coordinateSystem: system, longitude: lon, latitude: lat)
    }

    /// Writes the body (after the type byte) for `edition`.
    func encode(into buffer: inout FrameWriter, edition: Edition) {
        buffer.writeInteger(status)
        if edition == .gb2025 { buffer.writeInteger(coordinateSystem ?? 0x01) }
        buffer.writeMultipleIntegers(longitude, latitude)
    }
}
