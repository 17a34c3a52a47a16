/// Bytes that decoded values share: a decoded frame's bytes, copied once per frame, or the bytes of one value built
/// in code. `RawBytes` and `WireArray` are views onto a run of it.
///
/// Decoding used to build an array for every list and verbatim field of a frame (cell voltages, temperatures, OEM
/// units, signature halves), each a malloc and a free; now a frame costs one copy, and the copy keeps a decoded
/// message independent of the (possibly much larger) network buffer the frame arrived in. Its bytes are never
/// written after it is filled, which is what makes sharing it across threads safe (see `WireSlice`).
@usableFromInline
final class WireStorage: ManagedBuffer<Void, UInt8> {
    /// New storage of `count` bytes, not yet filled.
    static func make(count: Int) -> WireStorage {
        unsafeDowncast(WireStorage.create(minimumCapacity: count) { _ in }, to: WireStorage.self)
    }
}

/// A run of bytes in a `WireStorage` (no storage when empty).
///
/// Sendable although `ManagedBuffer` is not: nothing writes into a storage once its bytes are filled in.
@usableFromInline
struct WireSlice: @unchecked Sendable {
    @usableFromInline let storage: WireStorage?
    // 32-bit, so that a slice is 16 bytes: the model's enums hold many of them and are copied whole.
    @usableFromInline let start: UInt32
    @usableFromInline let length: UInt32

    /// Where the run starts in its storage.
    @inlinable var offset: Int { Int(start) }
    /// The number of bytes.
    @inlinable var count: Int { Int(length) }

    /// No bytes, no storage.
    static var empty: WireSlice { WireSlice(storage: nil, offset: 0, count: 0) }

    /// `count` bytes from `offset` in `storage`; both fit in 32 bits (a frame is at most 65,556 bytes).
    init(storage: WireStorage?, offset: Int, count: Int) {
        self.storage = storage
        self.start = UInt32(offset)
        self.length = UInt32(count)
    }

    /// `count` bytes in storage of their own, written by `fill`.
    init(count: Int, fill: (UnsafeMutableRawBufferPointer) -> Void) {
        guard count > 0 else {
            self = .empty
            return
        }
        let storage = WireStorage.make(count: count)
        storage.withUnsafeMutablePointerToElements { fill(UnsafeMutableRawBufferPointer(start: $0, count: count)) }
        self.init(storage: storage, offset: 0, count: count)
    }

    /// A copy of `bytes` in storage of its own.
    init(copying bytes: UnsafeRawBufferPointer) {
        self.init(count: bytes.count) { target in target.copyMemory(from: bytes) }
    }

    /// A copy of `bytes` in storage of its own.
    init(copying bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { WireSlice(copying: $0) }
    }

    /// Calls `body` with the bytes; the pointer must not escape.
    @inlinable
    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        guard let storage else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try storage.withUnsafeMutablePointerToElements { elements in
            try body(UnsafeRawBufferPointer(start: elements + offset, count: count))
        }
    }

    /// Whether both runs hold the same bytes.
    func hasSameBytes(as other: WireSlice) -> Bool {
        guard count == other.count else { return false }
        if count == 0 || (storage === other.storage && offset == other.offset) { return true }
        return withUnsafeBytes { lhs in
            other.withUnsafeBytes { rhs in lhs.elementsEqual(rhs) }
        }
    }

    /// The bytes as an array.
    var array: [UInt8] { withUnsafeBytes { [UInt8]($0) } }
}
