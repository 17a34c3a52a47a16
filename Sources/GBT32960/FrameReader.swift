/// Reads big-endian fields straight from a frame's bytes, with the `ByteBuffer` method names the decoders use.
///
/// `ByteBuffer.readInteger` pays a dynamic exclusivity check on the buffer's storage and a generic range check for
/// every field (about 15 % of decoding a realtime frame); the reader does one bounds comparison. It is only valid
/// inside the `withUnsafeReadableBytes` call that created it (see `Message.decode(frame:mode:)`). Indices are
/// offsets from the start of that memory, so with a whole frame they are frame offsets, as error offsets need.
///
/// Verbatim fields and integer lists come out as views onto one copy of the memory, made on first use and shared by
/// everything the decoded message keeps (see `WireStorage`).
struct FrameReader {
    private let base: UnsafeRawPointer?
    private let capacity: Int
    /// The copy of the memory that views point into; nil until a view is read.
    private var storage: WireStorage?
    /// Index of the next byte to read.
    private(set) var readerIndex = 0
    /// Index one past the last readable byte.
    private(set) var writerIndex: Int

    /// Reads `memory` from its start to its end.
    init(_ memory: UnsafeRawBufferPointer) {
        base = memory.baseAddress
        capacity = memory.count
        writerIndex = memory.count
    }

    /// Bytes left to read.
    var readableBytes: Int { writerIndex - readerIndex }

    mutating func moveReaderIndex(to index: Int) {
        precondition(index >= 0 && index <= writerIndex, "reader index \(index) outside 0...\(writerIndex)")
        readerIndex = index
    }

    mutating func moveReaderIndex(forwardBy offset: Int) { moveReaderIndex(to: readerIndex + offset) }

    /// Ends the readable range at `index` (never beyond the memory).
    mutating func moveWriterIndex(to index: Int) {
        precondition(index >= readerIndex && index <= capacity, "writer index \(index) outside \(readerIndex)...")
        writerIndex = index
    }

    /// The start of `count` readable bytes at `index`, or nil when they are not all readable.
    @inline(__always)
    func address(at index: Int, count: Int) -> UnsafeRawPointer? {
        guard index >= readerIndex, count >= 0, count <= writerIndex - index, let base else { return nil }
        return base + index
    }

    /// Claims the next `count` readable bytes.
    @inline(__always)
    mutating func claim(_ count: Int) -> UnsafeRawPointer? {
        guard let address = address(at: readerIndex, count: count) else { return nil }
        readerIndex += count
        return address
    }

    @inline(__always)
    func getInteger<T: FixedWidthInteger>(at index: Int, as: T.Type = T.self) -> T? {
        guard let address = address(at: index, count: MemoryLayout<T>.size) else { return nil }
        return T(bigEndian: address.loadUnaligned(as: T.self))
    }

    @inline(__always)
    mutating func readInteger<T: FixedWidthInteger>(as: T.Type = T.self) -> T? {
        guard let address = claim(MemoryLayout<T>.size) else { return nil }
        return T(bigEndian: address.loadUnaligned(as: T.self))
    }

    mutating func readBytes(length: Int) -> [UInt8]? {
        guard let address = claim(length) else { return nil }
        return [UInt8](UnsafeRawBufferPointer(start: address, count: length))
    }

    mutating func readByte(_ what: @autoclosure () -> String) throws(GBT32960Error) -> UInt8 {
        guard let v = readInteger(as: UInt8.self) else {
            throw GBT32960Error(.truncated, at: readerIndex, "\(what()) needs 1 byte")
        }
        return v
    }

    mutating func readWord(_ what: @autoclosure () -> String) throws(GBT32960Error) -> UInt16 {
        guard let v = readInteger(as: UInt16.self) else {
            throw GBT32960Error(.truncated, at: readerIndex, "\(what()) needs 2 bytes")
        }
        return v
    }

    mutating func readDWord(_ what: @autoclosure () -> String) throws(GBT32960Error) -> UInt32 {
        guard let v = readInteger(as: UInt32.self) else {
            throw GBT32960Error(.truncated, at: readerIndex, "\(what()) needs 4 bytes")
        }
        return v
    }

    /// Claims the next `count` readable bytes as a view onto the copy of the memory (an empty view for 0 bytes).
    mutating func readSlice(_ count: Int) -> WireSlice? {
        guard count >= 0, address(at: readerIndex, count: count) != nil else { return nil }
        if count == 0 { return .empty }
        if storage == nil { storage = WireSlice(copying: UnsafeRawBufferPointer(start: base, count: capacity)).storage }
        let slice = WireSlice(storage: storage, offset: readerIndex, count: count)
        readerIndex += count
        return slice
    }

    /// Reads `count` bytes kept verbatim.
    mutating func readRaw(_ count: Int, _ what: @autoclosure () -> String) throws(GBT32960Error) -> RawBytes {
        RawBytes(slice: try readSlice(count, what()))
    }

    /// Reads `count` unsigned bytes as a list.
    mutating func readByteList(_ count: Int, _ what: @autoclosure () -> String) throws(GBT32960Error)
        -> WireArray<UInt8>
    {
        WireArray(slice: try readSlice(count, what()))
    }

    /// Reads `count` big-endian WORDs as a list.
    mutating func readWords(_ count: Int, _ what: @autoclosure () -> String) throws(GBT32960Error)
        -> WireArray<UInt16>
    {
        WireArray(slice: try readSlice(count * 2, what()))
    }

    /// Reads `count` big-endian WORDs into an array of their own.
    mutating func readWordArray(_ count: Int, _ what: @autoclosure () -> String) throws(GBT32960Error) -> [UInt16] {
        guard count >= 0, let address = claim(count * 2) else {
            throw GBT32960Error(
                .truncated, at: readerIndex, "\(what()) needs \(count * 2) bytes, \(readableBytes) left")
        }
        return [UInt16](unsafeUninitializedCapacity: count) { out, initialized in
            for i in 0..<count {
                out[i] = UInt16(bigEndian: address.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
            }
            initialized = count
        }
    }

    /// Reads `count` bytes into an array of their own.
    mutating func readByteArray(_ count: Int, _ what: @autoclosure () -> String) throws(GBT32960Error) -> [UInt8] {
        guard count >= 0, let bytes = readBytes(length: count) else {
            throw GBT32960Error(.truncated, at: readerIndex, "\(what()) needs \(count) bytes, \(readableBytes) left")
        }
        return bytes
    }

    private mutating func readSlice(_ count: Int, _ what: @autoclosure () -> String) throws(GBT32960Error)
        -> WireSlice
    {
        guard let slice = readSlice(count) else {
            throw GBT32960Error(.truncated, at: readerIndex, "\(what()) needs \(count) bytes, \(readableBytes) left")
        }
        return slice
    }

    /// Reads the 17-byte unique code without allocating.
    mutating func readUniqueCode() -> UniqueCode? {
        guard let address = claim(UniqueCode.byteCount) else { return nil }
        return UniqueCode(
            head: UInt64(bigEndian: address.loadUnaligned(as: UInt64.self)),
            middle: UInt64(bigEndian: address.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            tail: address.load(fromByteOffset: 16, as: UInt8.self)
        )
    }
}
