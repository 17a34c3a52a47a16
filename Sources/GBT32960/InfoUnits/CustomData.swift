import NIOCore

/// A user-defined information unit (自定义数据), types 0x80-0xFE: GB/T 32960.3-2016 Table 19 and
/// GB/T 32960.3-2025 Table 27. The length is a WORD; the content is kept verbatim.
public struct CustomData: Hashable, Sendable, Codable {
    /// The information type, 0x80-0xFE.
    public var type: UInt8
    /// The content, verbatim.
    public var data: RawBytes

    /// Creates the unit.
    public init(type: UInt8, data: RawBytes) {
        self.type = type
        self.data = data
    }

    /// Reads the body (after the type byte).
    static func decode(type: UInt8, from buffer: inout FrameReader) throws(GBT32960Error) -> Self {
        let length = Int(try buffer.readWord("custom data length"))
        return CustomData(type: type, data: try buffer.readRaw(length, "custom data 0x\(hexByte(type))"))
    }

    /// Writes the body (after the type byte).
    func encode(into buffer: inout FrameWriter) {
        buffer.writeInteger(UInt16(truncatingIfNeeded: data.count))
        buffer.writeRaw(data)
    }
}
