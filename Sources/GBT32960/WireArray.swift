/// A list of unsigned integers (cell voltages, probe temperatures) kept in its big-endian wire form and read on
/// access.
///
/// A decoded list is a view onto the frame's bytes (see `WireStorage`) instead of an array of its own; a list built
/// in code is written into wire form once, which also makes encoding it a plain copy. It compares, hashes, prints
/// and is `Codable` (a JSON array of numbers) exactly like the `Array` it replaces.
public struct WireArray<Element: FixedWidthInteger & UnsignedInteger & Sendable & Codable>: RandomAccessCollection,
    Hashable, Sendable, Codable, ExpressibleByArrayLiteral, CustomStringConvertible
{
    @usableFromInline let slice: WireSlice

    init(slice: WireSlice) { self.slice = slice }

    /// The values of `elements`, in wire form.
    public init(_ elements: some Sequence<Element>) {
        let values = Array(elements)
        let size = MemoryLayout<Element>.size
        slice = WireSlice(count: values.count * size) { target in
            for (index, value) in values.enumerated() {
                target.storeBytes(of: value.bigEndian, toByteOffset: index * size, as: Element.self)
            }
        }
    }

    public init(arrayLiteral elements: Element...) { self.init(elements) }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { slice.count / MemoryLayout<Element>.size }

    @inlinable
    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < endIndex, "WireArray index out of range")
        return slice.withUnsafeBytes { bytes in
            Element(
                bigEndian: bytes.loadUnaligned(fromByteOffset: position * MemoryLayout<Element>.size, as: Element.self))
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.slice.hasSameBytes(as: rhs.slice) }

    /// Hashes like `Array`: the count, then each element.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for element in self { hasher.combine(element) }
    }

    public init(from decoder: any Decoder) throws { self.init(try [Element](from: decoder)) }

    public func encode(to encoder: any Encoder) throws { try Array(self).encode(to: encoder) }

    public var description: String { Array(self).description }
}
