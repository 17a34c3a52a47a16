import PostgresNIO
import Store

/// Reads a result row's columns in order, straight from PostgreSQL's binary wire values.
///
/// postgres-nio's generic `decode` costs about half a microsecond a column (protocol dispatch, error context,
/// an array per random-access row); a vehicle's day is 8,640 rows of 18 columns, and that was half of the
/// request. This reads the big-endian bytes itself, for the column types this store creates (integer,
/// bigint, double precision, boolean, text, bytea). postgres-nio asks for every result column in binary.
struct BinaryRowReader {
    private var cells: PostgresRow.Iterator

    init(_ row: PostgresRow) {
        cells = row.makeIterator()
    }

    /// The next column's bytes; nil for SQL NULL.
    mutating func next() throws -> ByteBuffer? {
        guard let cell = cells.next() else { throw StoreError(.engine, "result row has fewer columns than expected") }
        guard cell.format == .binary else {
            throw StoreError(.engine, "column \(cell.columnName) came in text format, expected binary")
        }
        return cell.bytes
    }

    /// Skips a column.
    mutating func skip() throws {
        _ = try next()
    }

    /// An `integer` or `bigint` column.
    mutating func int64() throws -> Int64? {
        guard let bytes = try next() else { return nil }
        switch bytes.readableBytes {
        case 8: return bytes.getInteger(at: bytes.readerIndex, as: Int64.self)
        case 4: return bytes.getInteger(at: bytes.readerIndex, as: Int32.self).map(Int64.init)
        case 2: return bytes.getInteger(at: bytes.readerIndex, as: Int16.self).map(Int64.init)
        default: throw StoreError(.engine, "an integer column of \(bytes.readableBytes) bytes")
        }
    }

    /// An `integer` or `bigint` column as `Int`.
    mutating func int() throws -> Int? {
        try int64().map { Int($0) }
    }

    /// A `double precision` (or `real`) column.
    mutating func double() throws -> Double? {
        guard let bytes = try next() else { return nil }
        switch bytes.readableBytes {
        case 8: return bytes.getInteger(at: bytes.readerIndex, as: UInt64.self).map(Double.init(bitPattern:))
        case 4: return bytes.getInteger(at: bytes.readerIndex, as: UInt32.self).map { Double(Float(bitPattern: $0)) }
        default: throw StoreError(.engine, "a floating-point column of \(bytes.readableBytes) bytes")
        }
    }

    /// A `boolean` column.
    mutating func bool() throws -> Bool? {
        guard let bytes = try next() else { return nil }
        guard bytes.readableBytes == 1, let byte = bytes.getInteger(at: bytes.readerIndex, as: UInt8.self) else {
            throw StoreError(.engine, "a boolean column of \(bytes.readableBytes) bytes")
        }
        return byte != 0
    }

    /// A `text` column.
    mutating func text() throws -> String? {
        try next().map { String(buffer: $0) }
    }

    /// A `bytea` column.
    mutating func bytes() throws -> [UInt8]? {
        try next().map { Array($0.readableBytesView) }
    }

    /// A value a NOT NULL column must have.
    static func required<T>(_ value: T?, _ column: String) throws -> T {
        guard let value else { throw StoreError(.engine, "NULL in NOT NULL column \(column)") }
        return value
    }
}
