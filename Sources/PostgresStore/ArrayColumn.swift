import PostgresNIO
import Store

/// A one-dimensional array result in PostgreSQL's binary format (`array_send`), read element by element: the reverse
/// of `BinaryArray`. Reading a long series as one array per column (`array_agg`) skips postgres-nio's per-row and
/// per-cell work (a cell with its column name for each of 17 columns of each of 8,640 rows).
struct ArrayColumn {
    private var buffer: ByteBuffer
    /// Elements in the array.
    let count: Int

    /// `buffer` is the column's value; nil (what `array_agg` gives for no rows) is an empty array.
    init(_ buffer: ByteBuffer?) throws {
        guard var buffer else {
            self.buffer = ByteBuffer()
            count = 0
            return
        }
        guard let dimensions = buffer.readInteger(as: Int32.self), buffer.readInteger(as: Int32.self) != nil,
            buffer.readInteger(as: UInt32.self) != nil
        else { throw Self.malformed }
        switch dimensions {
        case 0:
            count = 0
        case 1:
            guard let length = buffer.readInteger(as: Int32.self), length >= 0,
                buffer.readInteger(as: Int32.self) != nil
            else { throw Self.malformed }
            count = Int(length)
        default:
            throw Self.malformed
        }
        self.buffer = buffer
    }

    /// The elements as integers (`bigint` or `integer` elements), nil for NULL.
    mutating func integers() throws -> [Int64?] {
        try elements { bytes, length in
            switch length {
            case 8: bytes.readInteger(as: Int64.self)
            case 4: bytes.readInteger(as: Int32.self).map(Int64.init)
            default: nil
            }
        }
    }

    /// The elements as `double precision`, nil for NULL.
    mutating func doubles() throws -> [Double?] {
        try elements { bytes, length in
            length == 8 ? bytes.readInteger(as: UInt64.self).map(Double.init(bitPattern:)) : nil
        }
    }

    /// The elements as `boolean`, nil for NULL.
    mutating func booleans() throws -> [Bool?] {
        try elements { bytes, length in length == 1 ? bytes.readInteger(as: UInt8.self).map { $0 != 0 } : nil }
    }

    /// Each element read by `read` from its bytes (after its length), or nil for NULL; `read` returns nil for a
    /// length it does not expect.
    private mutating func elements<T>(_ read: (inout ByteBuffer, Int32) -> T?) throws -> [T?] {
        var values: [T?] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            guard let length = buffer.readInteger(as: Int32.self) else { throw Self.malformed }
            if length == -1 {
                values.append(nil)
                continue
            }
            guard length >= 0, var bytes = buffer.readSlice(length: Int(length)), let value = read(&bytes, length)
            else { throw Self.malformed }
            values.append(value)
        }
        return values
    }

    private static let malformed = StoreError(.engine, "malformed array in a PostgreSQL result")
}
