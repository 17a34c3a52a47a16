import NIOCore

/// One framed GB/T 32960.3 packet whose start marker, length and BCC have been checked (2016 and 2025
/// Table 2), with the data unit not yet interpreted.
public struct Frame: Hashable, Sendable {
    /// The whole frame, start marker to check code.
    public var bytes: ByteBuffer
    /// `##` (2016) or `$$` (2025).
    public var edition: Edition
    /// Whether the frame is a VIN-less heartbeat (`232307fe010000f8`), accepted only by a lenient framer.
    public var identifierOmitted: Bool

    /// Offset of the data unit in `bytes`.
    public var dataUnitOffset: Int { identifierOmitted ? 7 : 24 }

    /// The data unit.
    public var dataUnit: ByteBuffer {
        // The framer guarantees the data unit lies inside `bytes`.
        bytes.getSlice(at: bytes.readerIndex + dataUnitOffset, length: bytes.readableBytes - dataUnitOffset - 1)
            ?? ByteBuffer()
    }

    /// The frame as lower-case hex.
    public var hex: String { hexString(bytes.readableBytesView) }

    /// Result of examining the bytes at a start marker.
    enum Scan {
        case frame(length: Int, identifierOmitted: Bool)
        case needMore
        case invalid(GBT32960Error)
    }

    /// XOR of `count` bytes from `index` (the BCC of Table 2).
    static func bcc(_ buffer: ByteBuffer, from index: Int, count: Int) -> UInt8 {
        buffer.withUnsafeReadableBytes { raw in
            let start = index - buffer.readerIndex
            return bcc(UnsafeRawBufferPointer(rebasing: raw[start..<(start + count)]))
        }
    }

    /// XOR of all of `bytes`, 32 at a time (four independent words per step), then eight at a time.
    static func bcc(_ bytes: UnsafeRawBufferPointer) -> UInt8 {
        let count = bytes.count
        var (a, b, c, d): (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var i = 0
        while i + 32 <= count {
            a ^= bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            b ^= bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
            c ^= bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
            d ^= bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
            i += 32
        }
        var acc = a ^ b ^ c ^ d
        while i + 8 <= count {
            acc ^= bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        var tail: UInt8 = 0
        while i < count {
            tail ^= bytes[i]
            i += 1
        }
        var folded = acc ^ (acc >> 32)
        folded ^= folded >> 16
        folded ^= folded >> 8
        return UInt8(truncatingIfNeeded: folded) ^ tail
    }

    /// Examines the bytes at `start` (which holds a start marker).
    static func scan(_ buffer: ByteBuffer, at start: Int, maxFrameLength: Int, acceptVINlessHeartbeat: Bool) -> Scan {
        // One pass over the raw memory: `ByteBuffer.getInteger` pays a range check and a dynamic exclusivity check
        // per field, which was most of the cost of framing.
        buffer.withUnsafeReadableBytes { readable in
            let offset = start - buffer.readerIndex
            return scan(
                UnsafeRawBufferPointer(rebasing: readable[offset...]), maxFrameLength: maxFrameLength,
                acceptVINlessHeartbeat: acceptVINlessHeartbeat)
        }
    }

    /// Examines `bytes`, which start with a start marker.
    private static func scan(_ bytes: UnsafeRawBufferPointer, maxFrameLength: Int, acceptVINlessHeartbeat: Bool)
        -> Scan
    {
        let available = bytes.count
        func word(at index: Int) -> UInt16 { UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]) }
        if acceptVINlessHeartbeat, available >= 8, bytes[2] == 0x07, bytes[4] == 0x01 || bytes[4] == 0x00,
            word(at: 5) == 0, bytes[7] == bcc(UnsafeRawBufferPointer(rebasing: bytes[2..<7]))
        {
            return .frame(length: 8, identifierOmitted: true)
        }
        // Cheap plausibility checks so that a false start marker in junk is dropped at once instead of stalling the
        // stream until a bogus declared length has arrived.
        if available >= 4, case let ack = bytes[3], !(1...7).contains(ack) && ack != 0xFE {
            return .invalid(
                GBT32960Error(.undefinedAckFlag, at: 3, "ack flag 0x\(hexByte(ack)) is not a flag of either edition"))
        }
        if available >= 22, case let enc = bytes[21], enc > 0x05 && enc < 0xFE {
            return .invalid(
                GBT32960Error(.undefinedEncryption, at: 21, "encryption byte 0x\(hexByte(enc)) is undefined"))
        }
        guard available >= 24 else { return .needMore }
        let total = 25 + Int(word(at: 22))
        if total > maxFrameLength {
            return .invalid(
                GBT32960Error(.frameTooLong, at: 22, "frame of \(total) bytes exceeds the maximum of \(maxFrameLength)")
            )
        }
        guard available >= total else { return .needMore }
        let expected = bcc(UnsafeRawBufferPointer(rebasing: bytes[2..<(total - 1)]))
        guard bytes[total - 1] == expected else {
            return .invalid(
                GBT32960Error(.checksumMismatch, at: total - 1, "BCC is not 0x\(hexByte(expected))")
            )
        }
        return .frame(length: total, identifierOmitted: false)
    }

    /// Frames exactly one packet from `bytes` (no junk before, nothing after).
    public init(exactly bytes: ByteBuffer, maxFrameLength: Int = 65_556, mode: DecodingMode = .lenient)
        throws(GBT32960Error)
    {
        // The start marker and the scan in one pass over the memory: each `ByteBuffer` read is a run-time
        // exclusivity check.
        let (marked, scan) = bytes.withUnsafeReadableBytes { raw -> (Edition?, Scan) in
            guard raw.count >= 2, let edition = Edition(startByte: raw[0]), raw[1] == raw[0] else {
                return (nil, .needMore)
            }
            return (
                edition, Frame.scan(raw, maxFrameLength: maxFrameLength, acceptVINlessHeartbeat: mode == .lenient)
            )
        }
        guard let edition = marked else {
            throw GBT32960Error(
                .badStartMarker, at: 0, "frame does not start with ## or $$",
                frameHex: hexString(bytes.readableBytesView))
        }
        switch scan {
        case .frame(let length, let omitted) where length == bytes.readableBytes:
            self.bytes = bytes
            self.edition = edition
            self.identifierOmitted = omitted
        case .frame(let length, _):
            throw GBT32960Error(
                .lengthMismatch, at: 22, "declared frame of \(length) bytes, got \(bytes.readableBytes)",
                frameHex: hexString(bytes.readableBytesView)
            )
        case .needMore:
            throw GBT32960Error(
                .truncated, at: bytes.readableBytes, "frame shorter than its header/declared length",
                frameHex: hexString(bytes.readableBytesView)
            )
        case .invalid(var error):
            error.frameHex = hexString(bytes.readableBytesView)
            throw error
        }
    }

    /// Builds a frame value from bytes the framer already checked.
    init(checked bytes: ByteBuffer, edition: Edition, identifierOmitted: Bool) {
        self.bytes = bytes
        self.edition = edition
        self.identifierOmitted = identifierOmitted
    }
}
