import NIOCore

/// Writes big-endian integers and bytes straight into memory reserved once per frame.
///
/// Encoding through `ByteBuffer.writeInteger` costs a capacity check, a uniqueness check and a dynamic exclusivity
/// check on the buffer's storage for every field (about 60 per realtime frame); that bookkeeping, not the byte
/// stores, was most of the encoding time. The writer does one bounds comparison per field instead. When the
/// reserved space runs out it keeps counting (without storing) so that the caller learns the exact size and can
/// retry once with enough room.
///
/// The method names match the `ByteBuffer` ones the encoders used, so the encoding bodies read the same.
struct FrameWriter {
    private let base: UnsafeMutableRawPointer?
    private let capacity: Int
    /// Bytes written so far, or needed so far once `overflowed`.
    private(set) var writerIndex = 0

    /// Writes into `memory` from its start.
    init(_ memory: UnsafeMutableRawBufferPointer) {
        base = memory.baseAddress
        capacity = memory.count
    }

    /// Whether the frame did not fit; `writerIndex` is then the size it needs.
    var overflowed: Bool { writerIndex > capacity }

    /// Claims `count` bytes (used by `writeMultipleIntegers`); returns where to store them, or nil once the reservation is exhausted.
    @inline(__always)
    mutating func claim(_ count: Int) -> UnsafeMutableRawPointer? {
        let at = writerIndex
        writerIndex = at &+ count
        guard writerIndex <= capacity, let base else { return nil }
        return base + at
    }

    @inline(__always)
    mutating func writeInteger<T: FixedWidthInteger>(_ value: T) {
        claim(MemoryLayout<T>.size)?.storeBytes(of: value.bigEndian, as: T.self)
    }

    /// Overwrites an integer already written at `index`.
    mutating func setInteger<T: FixedWidthInteger>(_ value: T, at index: Int) {
        guard index >= 0, index + MemoryLayout<T>.size <= min(writerIndex, capacity), let base else { return }
        (base + index).storeBytes(of: value.bigEndian, as: T.self)
    }

    mutating func writeBytes(_ bytes: [UInt8]) {
        let count = bytes.count
        guard let target = claim(count), count > 0 else { return }
        bytes.withUnsafeBytes { source in
            // `count > 0`, so the array has storage.
            if let from = source.baseAddress { target.copyMemory(from: from, byteCount: count) }
        }
    }

    /// Writes bytes kept in wire form.
    mutating func writeSlice(_ slice: WireSlice) {
        slice.withUnsafeBytes { source in
            guard let target = claim(source.count), let from = source.baseAddress else { return }
            target.copyMemory(from: from, byteCount: source.count)
        }
    }

    mutating func writeRaw(_ raw: RawBytes) { writeSlice(raw.slice) }

    /// Writes a list of integers, already big-endian in its storage.
    mutating func writeList<Element>(_ list: WireArray<Element>) { writeSlice(list.slice) }

    /// Writes big-endian WORDs.
    mutating func writeWords(_ words: [UInt16]) {
        guard let target = claim(words.count * 2) else { return }
        words.withUnsafeBufferPointer { source in
            for (i, word) in source.enumerated() {
                target.storeBytes(of: word.bigEndian, toByteOffset: 2 * i, as: UInt16.self)
            }
        }
    }

    /// Writes the 17-byte unique code.
    mutating func writeUniqueCode(_ code: UniqueCode) {
        writeMultipleIntegers(code.head, code.middle, code.tail)
    }

    /// XOR of the `count` bytes written from `index` (the BCC of Table 2). Call only when not `overflowed`.
    func bcc(from index: Int, count: Int) -> UInt8 {
        guard let base, index >= 0, count > 0, index + count <= min(writerIndex, capacity) else { return 0 }
        return Frame.bcc(UnsafeRawBufferPointer(start: base + index, count: count))
    }
}

extension ByteBuffer {
    /// Runs `body` on a `FrameWriter` over this buffer's writable bytes and advances the writer index by what it
    /// wrote: one capacity check for the whole frame, plus at most one retry with the exact size when the first
    /// reservation was too small.
    mutating func writeFrame(reserving estimate: Int = 512, _ body: (inout FrameWriter) -> Void) {
        var reservation = estimate
        while true {
            var needed = 0
            writeWithUnsafeMutableBytes(minimumWritableBytes: reservation) { memory in
                var writer = FrameWriter(memory)
                body(&writer)
                if writer.overflowed {
                    needed = writer.writerIndex
                    return 0
                }
                return writer.writerIndex
            }
            if needed == 0 { return }
            reservation = needed
        }
    }
}

extension Array where Element == UInt8 {
    /// Bytes produced by `body` on a `FrameWriter`, with at most one retry at the exact size.
    init(writingFrame estimate: Int = 512, _ body: (inout FrameWriter) -> Void) {
        var capacity = estimate
        while true {
            var needed = 0
            let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { memory, initialized in
                var writer = FrameWriter(UnsafeMutableRawBufferPointer(memory))
                body(&writer)
                if writer.overflowed {
                    needed = writer.writerIndex
                    initialized = 0
                } else {
                    initialized = writer.writerIndex
                }
            }
            if needed == 0 {
                self = bytes
                return
            }
            capacity = needed
        }
    }
}
