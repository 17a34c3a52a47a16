import NIOCore

/// Vehicle logout (车辆登出), command 0x04: logout time and the serial of the matching login.
/// GB/T 32960.3-2016 Table 20, GB/T 32960.3-2025 Table 28.
public struct VehicleLogout: Hashable, Sendable, Codable {
    /// Logout time.
    public var time: CollectionTime
    /// Serial number of the login this logout closes.
    public var serial: UInt16

    /// Creates a logout.
    public init(time: CollectionTime, serial: UInt16) {
        self.time = time
        self.serial = serial
    }

    /// Reads the data unit.
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let offset = buffer.readerIndex
        let time = try CollectionTime.decode(from: &buffer)
        try context.check(time, at: offset)
        return VehicleLogout(time: time, serial: try buffer.readWord("logout serial"))
    }

    /// Writes the data unit.
    func encode(into buffer: inout FrameWriter) {
        time.encode(into: &buffer)
        buffer.writeInteger(serial)
    }
}
