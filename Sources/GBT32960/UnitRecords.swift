/// The records of an information unit (motors, subsystems, packs, probe groups), in wire order.
///
/// Nearly every frame carries one subsystem, pack, probe group or motor; keeping the first record inline instead of
/// in an array saves a malloc and a free per list when decoding. It compares, hashes, prints and
/// is `Codable` (a JSON array) exactly like the `Array` it replaces.
public struct UnitRecords<Element: Hashable & Sendable & Codable>: RandomAccessCollection, MutableCollection,
    RangeReplaceableCollection, Hashable, Sendable, Codable, ExpressibleByArrayLiteral, CustomStringConvertible
{
    // `Optional<...>`, not `Element?`: see `RealtimeReport.signature`.
    /// The first record, nil when there are none.
    @usableFromInline var head: Optional<Element>
    /// The records after the first (empty, without an allocation, for a single record).
    @usableFromInline var tail: [Element]

    public init() {
        head = nil
        tail = []
    }

    /// The records of `elements`.
    public init(_ elements: some Sequence<Element>) {
        self.init()
        for element in elements { append(element) }
    }

    public init(arrayLiteral elements: Element...) { self.init(elements) }

    @inlinable public var startIndex: Int { 0 }

    // Stored properties rather than an enum of cases, and no `head == nil` (it copies `head` to compare it):
    // reading a payload copied (retained) all of it, even to count the records.
    @inlinable public var endIndex: Int {
        switch head {
        case .none: 0
        case .some: 1 + tail.count
        }
    }

    // Not the generic `distance(from:to:)`, which the encoders' count bytes went through.
    @inlinable public var count: Int { endIndex }

    @inlinable public var isEmpty: Bool {
        switch head {
        case .none: true
        case .some: false
        }
    }

    /// Walks the records; hands out the inline one without the index and subscript round trip.
    public struct Iterator: IteratorProtocol {
        @usableFromInline var head: Element?
        @usableFromInline var tail: IndexingIterator<[Element]>

        @inlinable init(head: Element?, tail: [Element]) {
            self.head = head
            self.tail = tail.makeIterator()
        }

        @inlinable
        public mutating func next() -> Element? {
            if let first = head.take() { return first }
            return tail.next()
        }
    }

    @inlinable public func makeIterator() -> Iterator { Iterator(head: head, tail: tail) }

    @inlinable
    public subscript(position: Int) -> Element {
        get {
            if position == 0, let head { return head }
            return tail[position - 1]
        }
        set {
            if position == 0, case .some = head {
                head = newValue
            } else {
                tail[position - 1] = newValue
            }
        }
    }

    /// Appends without an array for the first record.
    @inlinable
    public mutating func append(_ element: Element) {
        switch head {
        case .none: head = element
        case .some: tail.append(element)
        }
    }

    /// Calls `body` with each record in order, the inline one read in place (the encoders' loop: going through
    /// the iterator copied each record through its generic value witness).
    @inlinable
    func forEachRecord(_ body: (borrowing Element) -> Void) {
        switch head {
        case .none: return
        case .some(let first): body(first)
        }
        for element in tail { body(element) }
    }

    public mutating func replaceSubrange(_ subrange: Range<Int>, with newElements: some Collection<Element>) {
        var array = Array(self)
        array.replaceSubrange(subrange, with: newElements)
        self = UnitRecords(array)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.elementsEqual(rhs) }

    /// Hashes like `Array`: the count, then each element.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for element in self { hasher.combine(element) }
    }

    public init(from decoder: any Decoder) throws { self.init(try [Element](from: decoder)) }

    public func encode(to encoder: any Encoder) throws { try Array(self).encode(to: encoder) }

    public var description: String { Array(self).description }
}
