import NIOCore

/// A timed list of parameter items: the parameter setting command (参数设置, command 0x81; 2016 Table B.13,
/// 2025 Table B.9) and the terminal's reply to a query (参数查询返回, command 0x80 with a reply flag; 2016 Table
/// B.10, 2025 Table B.6). IDs 0x07 and 0x08 are read-only and may not be set.
public struct ParameterList: Hashable, Sendable, Codable {
    /// Setting or reply time.
    public var time: CollectionTime
    /// The items.
    public var items: [ParameterItem]
    /// Lenient decoding only: items from one of unknown width onwards, verbatim.
    public var unparsedItems: RawBytes?
    /// The count byte when it differs from `items.count` (only with `unparsedItems`).
    public var declaredCount: UInt8?

    /// Creates a list.
    public init(time: CollectionTime, items: [ParameterItem]) {
        self.time = time
        self.items = items
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
        let (items, rest) = try ParameterItem.decodeList(count: Int(count), from: &buffer, context: &context)
        var list = ParameterList(time: time, items: items)
        if let rest {
            list.unparsedItems = rest
            list.declaredCount = count
        }
        return list
    }

    /// Writes the data unit.
    func encode(into buffer: inout FrameWriter) {
        time.encode(into: &buffer)
        buffer.writeInteger(declaredCount ?? UInt8(truncatingIfNeeded: items.count))
        for item in items { item.encode(into: &buffer) }
        if let unparsedItems { buffer.writeRaw(unparsedItems) }
    }
}
