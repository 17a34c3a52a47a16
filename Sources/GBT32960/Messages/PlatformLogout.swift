import NIOCore

/// Platform logout (平台登出), command 0x06: logout time and the serial of the matching platform login.
/// GB/T 32960.3-2016 Table 22, GB/T 32960.3-2025 Table 30.
public struct PlatformLogout: Hashable, Sendable, Codable {
    /// Logout time.
    public var time: CollectionTime
    /// Serial number of the platform login this logout closes.
    public var serial: UInt16

    /// Creates a platform logout.
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
        return PlatformLogout(time: time, serial: try buffer.readWord("platform logout serial"))
    }

    /// Writes the data unit.
    func encode(into buffer: inout FrameWriter) {
        time.encode(into: &buffer)
        buffer.writeInteger(serial)
    }
}
