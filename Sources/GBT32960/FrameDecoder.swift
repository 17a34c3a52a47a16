import NIOCore

/// Streaming framer for GB/T 32960.3 over TCP, for both start markers (2016 `##`, 2025 `$$`).
///
/// Waits for the 24-byte header, then for 24 + length + 1 bytes; checks the BCC (Table 2); rejects frames longer
/// than `maxFrameLength`; and on junk, a bad BCC or an over-long length resynchronises by scanning to the next
/// `##`/`$$`. Frames split across reads or coalesced in one read come out one at a time. The reader index is only
/// moved past bytes that are consumed or discarded, so short input is kept for the next read.
public struct GBT32960FrameDecoder: NIOSingleStepByteToMessageDecoder {
    /// The output: one checked frame.
    public typealias InboundOut = Frame

    /// Largest accepted frame in bytes (header, data unit and BCC). The standard allows 25 + 65531.
    public let maxFrameLength: Int
    /// Whether to accept the VIN-less heartbeat `232307fe010000f8` seen in the field.
    public let acceptVINlessHeartbeat: Bool
    /// Bytes skipped while resynchronising (junk, rejected frames' first bytes).
    public private(set) var discardedByteCount = 0
    /// Frames rejected for a bad BCC or an over-long length.
    public private(set) var rejectedFrameCount = 0
    /// The last rejection, for diagnostics.
    public private(set) var lastRejection: GBT32960Error?

    /// Creates a framer.
    public init(maxFrameLength: Int = 65_556, acceptVINlessHeartbeat: Bool = true) {
        self.maxFrameLength = max(25, maxFrameLength)
        self.acceptVINlessHeartbeat = acceptVINlessHeartbeat
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> Frame? {
        while true {
            guard syncToStartMarker(&buffer) else { return nil }
            let start = buffer.readerIndex
            switch Frame.scan(
                buffer, at: start, maxFrameLength: maxFrameLength, acceptVINlessHeartbeat: acceptVINlessHeartbeat
            ) {
            case .needMore:
                return nil
            case .frame(let length, let omitted):
                // scan() verified `length` bytes are readable.
                guard let slice = buffer.readSlice(length: length),
                    let edition = Edition(startByte: slice.getInteger(at: slice.readerIndex, as: UInt8.self) ?? 0)
                else { return nil }
                return Frame(checked: slice, edition: edition, identifierOmitted: omitted)
            case .invalid(let error):
                rejectedFrameCount += 1
                lastRejection = error
                buffer.moveReaderIndex(forwardBy: 1)
                discardedByteCount += 1
            }
        }
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> Frame? {
        try decode(buffer: &buffer)
    }

    /// Moves the reader index to the next start marker; false if more bytes are needed to find one.
    private mutating func syncToStartMarker(_ buffer: inout ByteBuffer) -> Bool {
        let found: Int? = buffer.withUnsafeReadableBytes { raw in
            var i = 0
            while i + 1 < raw.count {
                let byte = raw[i]
                if (byte == 0x23 || byte == 0x24) && raw[i + 1] == byte { return i }
                i += 1
            }
            return nil
        }
        if let found {
            if found > 0 {
                buffer.moveReaderIndex(forwardBy: found)
                discardedByteCount += found
            }
            return true
        }
        // Keep a last byte that could be the first half of a marker.
        let keep =
            buffer.readableBytes > 0
                && [0x23, 0x24].contains(buffer.getInteger(at: buffer.writerIndex - 1, as: UInt8.self)) ? 1 : 0
        let drop = buffer.readableBytes - keep
        if drop > 0 {
            buffer.moveReaderIndex(forwardBy: drop)
            discardedByteCount += drop
        }
        return false
    }
}
