import NIOCore

/// One parameter item (参数项) of a query reply or a setting: an ID and its value.
/// GB/T 32960.3-2016 Table B.11/B.12, GB/T 32960.3-2025 Table B.7/B.8.
///
/// Value widths by ID: 0x01 WORD; 0x02 and 0x03 WORD (2016) or BYTE (2025); 0x04 BYTE (domain length M);
/// 0x05 M bytes; 0x06 WORD; 0x07, 0x08 5-byte STRING; 0x09 BYTE; 0x0A, 0x0B WORD; 0x0C BYTE;
/// 0x0D BYTE (length N); 0x0E N bytes; 0x0F WORD; 0x10 BYTE. Reserved (0x11-0x7F) and user-defined
/// (0x80-0xFE) IDs have no width the codec can know.
public struct ParameterItem: Hashable, Sendable, Codable {
    /// The parameter ID.
    public var id: UInt8
    /// The value.
    public var value: Value

    /// A parameter value in its wire width.
    public enum Value: Hashable, Sendable, Codable {
        /// A BYTE value.
        case byte(UInt8)
        /// A WORD value.
        case word(UInt16)
        /// A STRING or BYTE[n] value.
        case bytes(RawBytes)
    }

    /// Creates an item.
    public init(id: UInt8, value: Value) {
        self.id = id
        self.value = value
    }

    /// A stable snake_case name for `id`.
    public static func name(of id: UInt8) -> String {
        switch id {
        case 0x01: "local_storage_period_ms"
        case 0x02: "normal_report_period_s"
        case 0x03: "alarm_report_period"
        case 0x04: "platform_domain_length"
        case 0x05: "platform_domain"
        case 0x06: "platform_port"
        case 0x07: "hardware_version"
        case 0x08: "firmware_version"
        case 0x09: "heartbeat_period_s"
        case 0x0A: "terminal_reply_timeout_s"
        case 0x0B: "platform_reply_timeout_s"
        case 0x0C: "relogin_interval_min"
        case 0x0D: "public_platform_domain_length"
        case 0x0E: "public_platform_domain"
        case 0x0F: "public_platform_port"
        case 0x10: "sampling_monitoring"
        case 0x80...0xFE: "user_defined"
        default: "reserved"
        }
    }

    /// The fixed width of a parameter's value in `edition`, or nil when it is variable (0x05, 0x0E) or unknown.
    public static func fixedWidth(of id: UInt8, _ edition: Edition) -> Int? {
        switch id {
        case 0x01, 0x06, 0x0A, 0x0B, 0x0F: 2
        case 0x02, 0x03: edition == .gb2016 ? 2 : 1
        case 0x04, 0x09, 0x0C, 0x0D, 0x10: 1
        case 0x07, 0x08: 5
        default: nil
        }
    }

    /// Reads a list of `count` items. The widths of 0x05 and 0x0E come from the preceding 0x04 and 0x0D items.
    /// An ID of unknown width stops the list: strict mode throws; lenient mode returns the rest verbatim.
    static func decodeList(
        count: Int,
        from buffer: inout FrameReader,
        context: inout DecodingContext
    ) throws(GBT32960Error) -> (items: [ParameterItem], rest: RawBytes?) {
        var items: [ParameterItem] = []
        items.reserveCapacity(min(count, buffer.readableBytes / 2))
        var domainLength: Int? = nil
        var publicDomainLength: Int? = nil
        for _ in 0..<count {
            let itemOffset = buffer.readerIndex
            let id = try buffer.readByte("parameter ID")
            let width: Int?
            switch id {
            case 0x05: width = domainLength
            case 0x0E: width = publicDomainLength
            default: width = fixedWidth(of: id, context.edition)
            }
            guard let width else {
                try context.deviation(
                    .unknownParameter, at: itemOffset, "parameter 0x\(hexByte(id)) has no known width")
                buffer.moveReaderIndex(to: itemOffset)
                return (items, try buffer.readRaw(buffer.readableBytes, "parameters"))
            }
            let value: Value
            switch (id, width) {
            case (0x05, _), (0x0E, _), (0x07, _), (0x08, _):
                value = .bytes(try buffer.readRaw(width, "parameter value"))
            case (_, 1): value = .byte(try buffer.readByte("parameter value"))
            default: value = .word(try buffer.readWord("parameter value"))
            }
            if id == 0x04, case .byte(let m) = value { domainLength = Int(m) }
            if id == 0x0D, case .byte(let n) = value { publicDomainLength = Int(n) }
            items.append(ParameterItem(id: id, value: value))
        }
        return (items, nil)
    }

    /// Writes the item.
    func encode(into buffer: inout FrameWriter) {
        buffer.writeInteger(id)
        switch value {
        case .byte(let v): buffer.writeInteger(v)
        case .word(let v): buffer.writeInteger(v)
        case .bytes(let v): buffer.writeRaw(v)
        }
    }
}
