/// Bytes kept verbatim (OEM units, signatures, ciphertext, pack codes, string fields), so that encoding is
/// byte-exact. Its `Codable` form is a lower-case hex string.
///
/// Decoded bytes are a view onto the frame's bytes (see `WireStorage`), not an array of their own; equality and
/// hashing are by content, as for the array they used to be.
public struct RawBytes: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByArrayLiteral {
    var slice: WireSlice

    /// The bytes (a new array on every read).
    public var bytes: [UInt8] {
        get { slice.array }
        set { slice = WireSlice(copying: newValue) }
    }

    init(slice: WireSlice) { self.slice = slice }

    /// Wraps `bytes`.
    public init(_ bytes: [UInt8]) { slice = WireSlice(copying: bytes) }

    /// Builds from an array literal of bytes.
    public init(arrayLiteral elements: UInt8...) { self.init(elements) }

    /// The ASCII/UTF-8 bytes of `text`.
    public init(ascii text: String) { self.init(Array(text.utf8)) }

    /// The number of bytes.
    public var count: Int { slice.count }

    /// Lower-case hex of the bytes.
    public var hex: String { slice.withUnsafeBytes { hexString($0) } }

    public var description: String { hex }

    public static func == (lhs: RawBytes, rhs: RawBytes) -> Bool { lhs.slice.hasSameBytes(as: rhs.slice) }

    /// Hashes like `[UInt8]`: the count, then each byte.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        slice.withUnsafeBytes { bytes in
            for byte in bytes { hasher.combine(byte) }
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = GBT32960.bytes(fromHex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not hex: \(text)")
        }
        self.init(parsed)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
