import NIOCore

/// The 17-byte unique identifier at frame offset 4 (唯一识别码), 2016 and 2025 Table 2: the VIN (GB 16735) when
/// vehicle data is carried, otherwise a custom code such as a platform identifier.
///
/// Stored inline as three integers so that decoding a frame allocates nothing for it; `text` builds a `String`
/// only when asked. Its `Codable` form is the 34-digit hex of the 17 bytes.
public struct UniqueCode: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Bytes 0-7, big-endian.
    var head: UInt64
    /// Bytes 8-15, big-endian.
    var middle: UInt64
    /// Byte 16.
    var tail: UInt8

    /// The size of the field on the wire.
    public static let byteCount = 17

    /// All zero bytes (what a VIN-less heartbeat is given).
    public static let zero = UniqueCode(head: 0, middle: 0, tail: 0)

    init(head: UInt64, middle: UInt64, tail: UInt8) {
        self.head = head
        self.middle = middle
        self.tail = tail
    }

    /// Builds from exactly 17 bytes; returns nil for any other count.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        var head: UInt64 = 0
        var middle: UInt64 = 0
        var tail: UInt8 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 {
                head = head << 8 | UInt64(byte)
            } else if index < 16 {
                middle = middle << 8 | UInt64(byte)
            } else {
                tail = byte
            }
        }
        self.init(head: head, middle: middle, tail: tail)
    }

    /// Builds from text, padding with NUL bytes to 17 (as short custom codes are sent in the field).
    /// Returns nil when the UTF-8 text is longer than 17 bytes.
    public init?(paddingWithNUL text: String) {
        var utf8 = Array(text.utf8)
        guard utf8.count <= Self.byteCount else { return nil }
        utf8 += Array(repeating: 0, count: Self.byteCount - utf8.count)
        self.init(bytes: utf8)
    }

    /// The 17 bytes as on the wire.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(17)
        for shift in stride(from: 56, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: head >> UInt64(shift)))
        }
        for shift in stride(from: 56, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: middle >> UInt64(shift)))
        }
        out.append(tail)
        return out
    }

    /// The identifier as text, with trailing NUL and space padding removed. Non-ASCII bytes are decoded as
    /// UTF-8 with replacement characters; use `bytes` for exact content.
    public var text: String {
        var raw = bytes
        while let last = raw.last, last == 0 || last == 0x20 { raw.removeLast() }
        return String(decoding: raw, as: UTF8.self)
    }

    /// Whether all 17 bytes are characters a VIN may contain (GB 16735: digits and capital letters except I, O, Q).
    public var isWellFormedVIN: Bool {
        bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                byte != UInt8(ascii: "I") && byte != UInt8(ascii: "O") && byte != UInt8(ascii: "Q")
            default: false
            }
        }
    }

    /// Whether the field is printable ASCII with no padding (the form the standard expects for any unique code).
    /// Checks the stored integers directly: it runs on every decoded frame, and going through `bytes` allocated.
    public var isPrintableASCII: Bool {
        // Eight bytes at a time (checked on every decoded frame): a byte below 0x20 borrows into its high bit when
        // 0x20 is subtracted, a byte above 0x7E carries into it when 1 is added.
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func printable(_ word: UInt64) -> Bool {
            (word &- 0x20 &* ones) & ~word & highs == 0 && ((word &+ ones) | word) & highs == 0
        }
        return printable(head) && printable(middle) && tail >= 0x20 && tail < 0x7F
    }

    /// Whether the field is printable ASCII followed by NUL padding (seen from short custom codes).
    public var isNULPadded: Bool {
        let raw = bytes
        guard let firstNUL = raw.firstIndex(of: 0), firstNUL > 0 else { return false }
        return raw[..<firstNUL].allSatisfy { $0 >= 0x20 && $0 < 0x7F } && raw[firstNUL...].allSatisfy { $0 == 0 }
    }

    public var description: String { text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let raw = GBT32960.bytes(fromHex: text), let code = UniqueCode(bytes: raw) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "need 34 hex digits: \(text)")
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hexString(bytes))
    }
}
