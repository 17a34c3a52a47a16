import NIOCore

/// Parameter query command (参数查询命令), command 0x80 with flag 0xFE: time, count N (0-252), N parameter IDs.
/// GB/T 32960.3-2016 Table B.9, GB/T 32960.3-2025 Table B.5.
public struct ParameterQuery: Hashable, Sendable, Codable {
    /// Query time.
    public var time: CollectionTime
    /// The IDs queried.
    public var ids: [UInt8]

    /// Creates a query.
    public init(time: CollectionTime, ids: [UInt8]) {
        self.time = time
        self.ids = ids
    }

    /// Reads the data unit.
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let offset = buffer.readerIndex
        let time = try CollectionTime.decode(from: &buffer)
        try context.check(time, at: offset)
        let countOffset = buffer.readerIndex
        let count = try buffer.readByte("parameter count")
        if count > 252 { try context.deviation(.valueOutOfRange, at: countOffset, "parameter count \(count) (0-252)") }
        return ParameterQuery(time: time, ids: try buffer.readByteArray(Int(count), "parameter IDs"))
    }

    /// Writes the data unit.
    func encode(into buffer: inout FrameWriter) {
        time.encode(into: &buffer)
        buffer.writeInteger(UInt8(truncatingIfNeeded: ids.count))
        buffer.writeBytes(ids)
    }
}
