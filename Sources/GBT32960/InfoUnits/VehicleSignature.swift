import NIOCore

/// The vehicle-side digital signature (车端数字签名), GB/T 32960.3-2025 Table 8: it follows the 0xFF marker at
/// the end of a 2025 realtime or reissue report, and closes the activation message (Table B.3).
///
/// It signs the bytes from the first byte of the collection time to the byte before the signature block.
/// Verification needs the vehicle's registered public key and is the gateway's business, not the codec's.
public struct VehicleSignature: Hashable, Sendable, Codable {
    /// 0x01 SM2, 0x02 RSA, 0x03 ECC.
    public var algorithm: UInt8
    /// The R value (RSA: the whole signature).
    public var r: RawBytes
    /// The S value (empty for RSA).
    public var s: RawBytes

    /// Creates a signature.
    public init(algorithm: UInt8, r: RawBytes, s: RawBytes) {
        self.algorithm = algorithm
        self.r = r
        self.s = s
    }

    /// `sm2`, `rsa`, `ecc` or `reserved`.
    public var algorithmName: String {
        switch algorithm {
        case 0x01: "sm2"
        case 0x02: "rsa"
        case 0x03: "ecc"
        default: "reserved"
        }
    }

    /// Bytes on the wire (without the 0xFF marker).
    public var encodedSize: Int { 5 + r.count + s.count }

    /// Reads the block after the 0xFF marker (or, in activation, in place).
    static func decode(from buffer: inout FrameReader) throws(GBT32960Error) -> Self {
        let algorithm = try buffer.readByte("signature type")
        let rLength = Int(try buffer.readWord("signature R length"))
        let r = try buffer.readRaw(rLength, "signature R")
        let sLength = Int(try buffer.readWord("signature S length"))
        let s = try buffer.readRaw(sLength, "signature S")
        return VehicleSignature(algorithm: algorithm, r: r, s: s)
    }

    /// Writes the block (without the 0xFF marker).
    func encode(into buffer: inout FrameWriter) {
        buffer.writeInteger(algorithm)
        buffer.writeInteger(UInt16(truncatingIfNeeded: r.count))
        buffer.writeRaw(r)
        buffer.writeInteger(UInt16(truncatingIfNeeded: s.count))
        buffer.writeRaw(s)
    }

    /// Whether a signature block starting at `index` in `buffer` (just after 0xFF) ends exactly at `end`.
    static func endsExactly(in buffer: FrameReader, at index: Int, end: Int) -> Bool {
        guard index + 3 <= end, let algorithm = buffer.getInteger(at: index, as: UInt8.self),
            (1...3).contains(algorithm), let rLength = buffer.getInteger(at: index + 1, as: UInt16.self)
        else { return false }
        let sIndex = index + 3 + Int(rLength)
        guard sIndex + 2 <= end, let sLength = buffer.getInteger(at: sIndex, as: UInt16.self) else { return false }
        return sIndex + 2 + Int(sLength) == end
    }
}
