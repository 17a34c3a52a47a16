import NIOCore

/// Activation response (激活应答), command 0x0A of the 2025 edition, GB/T 32960.3-2025 Table B.4.
///
/// rtm_con 1.0.4 maps the info byte 1 → ok, 2 → chip used, 3 → VIN duplicate; Table B.4 says 0x00 success,
/// 0x01 chip already activated, 0x02 VIN duplicate. This type follows the standard.
public struct ActivationResponse: Hashable, Sendable, Codable {
    /// 0x01 activated, 0x02 activation failed.
    public var status: UInt8
    /// 0x00 success, 0x01 chip already activated, 0x02 VIN duplicate.
    public var info: UInt8

    /// Creates a response.
    public init(status: UInt8, info: UInt8) {
        self.status = status
        self.info = info
    }

    /// `success`, `failure` or `undefined`.
    public var statusName: String {
        switch status {
        case 0x01: "success"
        case 0x02: "failure"
        default: "undefined"
        }
    }

    /// `success`, `chip_already_activated`, `vin_duplicate` or `undefined` (Table B.4).
    public var infoName: String {
        switch info {
        case 0x00: "success"
        case 0x01: "chip_already_activated"
        case 0x02: "vin_duplicate"
        default: "undefined"
        }
    }

    /// Reads the data unit.
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let offset = buffer.readerIndex
        let status = try buffer.readByte("activation status")
        let info = try buffer.readByte("activation info")
        if !(1...2).contains(status) || info > 2 {
            try context.deviation(
                .valueOutOfRange, at: offset, "activation status \(status) / info \(info) not in Table B.4")
        }
        return ActivationResponse(status: status, info: info)
    }

    /// Writes the data unit.
    func encode(into buffer: inout FrameWriter) {
        buffer.writeMultipleIntegers(status, info)
    }
}
