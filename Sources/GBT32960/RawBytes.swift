/// Bytes kept verbatim (OEM units, signatures, ciphertext, pack codes, string fields), so that encoding is
/// byte-exact. Its `Codable` form is a lower-case hex string.
public struct RawBytes: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// The bytes.
    public var bytes: [UInt8]

    /// Wraps `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Builds from an array literal of bytes.
    public init(arrayLiteral elements: UInt8...) { self.bytes = elements }

    /// The ASCII/UTF-8 bytes of `text`.
    public init(ascii text: String) { self.bytes = Array(text.utf8) }

    /// The number of bytes.
    public var count: Int { bytes.count }

    /// Lower-case hex of the bytes.
    public var hex: String { hexString(bytes) }

    public var description: String { hex }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = GBT32960.bytes(fromHex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not hex: \(text)")
        }
        self.bytes = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
