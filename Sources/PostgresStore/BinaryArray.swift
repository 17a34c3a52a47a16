import PostgresNIO

/// A one-dimensional array parameter, built straight into PostgreSQL's binary array format (`array_send`):
/// dimensions, has-NULL flag, element type, length and lower bound, then each element as its length (-1 for
/// NULL) and big-endian value.
///
/// The bulk inserts bind every column as one array. postgres-nio's generic array encoding costs about 8 µs a
/// telemetry row (a dynamic conformance lookup, a length fix-up and a bounds-checked write per element); here
/// each element is written with its known wire size into one buffer sized up front.
struct BinaryArray: PostgresDynamicTypeEncodable {
    let psqlType: PostgresDataType
    var psqlFormat: PostgresFormat { .binary }
    private let bytes: ByteBuffer

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        buffer.writeImmutableBuffer(bytes)
    }

    private init(
        arrayType: PostgresDataType, elementType: PostgresDataType, count: Int, hasNulls: Bool, elementBytes: Int,
        writeElements: (inout ByteBuffer) -> Void
    ) {
        var buffer = ByteBufferAllocator().buffer(capacity: 20 + elementBytes)
        buffer.writeInteger(count == 0 ? 0 : 1, as: Int32.self)  // dimensions
        buffer.writeInteger(hasNulls ? 1 : 0, as: Int32.self)
        buffer.writeInteger(elementType.rawValue)
        if count > 0 {
            buffer.writeInteger(Int32(count))
            buffer.writeInteger(1, as: Int32.self)  // lower bound
            writeElements(&buffer)
        }
        psqlType = arrayType
        bytes = buffer
    }

    /// A `bigint[]` of `value` of each row.
    static func int64<Rows: Collection>(_ rows: Rows, _ value: (Rows.Element) -> Int64?) -> BinaryArray {
        fixedWidth(rows, .int8Array, .int8, width: 8) { value($0).map { .init(bitPattern: $0) } }
    }

    /// A `float8[]` of `value` of each row.
    static func double<Rows: Collection>(_ rows: Rows, _ value: (Rows.Element) -> Double?) -> BinaryArray {
        fixedWidth(rows, .float8Array, .float8, width: 8) { value($0).map(\.bitPattern) }
    }

    /// A `boolean[]` of `value` of each row.
    static func bool<Rows: Collection>(_ rows: Rows, _ value: (Rows.Element) -> Bool) -> BinaryArray {
        BinaryArray(
            arrayType: .boolArray, elementType: .bool, count: rows.count, hasNulls: false,
            elementBytes: rows.count * 5
        ) { buffer in
            for row in rows {
                buffer.writeInteger(1, as: Int32.self)
                buffer.writeInteger(value(row) ? 1 : 0, as: UInt8.self)
            }
        }
    }

    /// A `text[]` of `value` of each row.
    static func text<Rows: Collection>(_ rows: Rows, _ value: (Rows.Element) -> String) -> BinaryArray {
        var size = 0
        for row in rows { size += 4 + value(row).utf8.count }
        return BinaryArray(
            arrayType: .textArray, elementType: .text, count: rows.count, hasNulls: false, elementBytes: size
        ) { buffer in
            for row in rows {
                let text = value(row)
                buffer.writeInteger(Int32(text.utf8.count))
                buffer.writeString(text)
            }
        }
    }

    /// A `bytea[]` of `value` of each row.
    static func bytea<Rows: Collection>(_ rows: Rows, _ value: (Rows.Element) -> [UInt8]) -> BinaryArray {
        var size = 0
        for row in rows { size += 4 + value(row).count }
        return BinaryArray(
            arrayType: .byteaArray, elementType: .bytea, count: rows.count, hasNulls: false, elementBytes: size
        ) { buffer in
            for row in rows {
                let bytes = value(row)
                buffer.writeInteger(Int32(bytes.count))
                buffer.writeBytes(bytes)
            }
        }
    }

    /// An array of 8-byte values, NULL where `value` is nil.
    private static func fixedWidth<Rows: Collection>(
        _ rows: Rows, _ arrayType: PostgresDataType, _ elementType: PostgresDataType, width: Int,
        _ value: (Rows.Element) -> UInt64?
    ) -> BinaryArray {
        var hasNulls = false
        for row in rows where value(row) == nil {
            hasNulls = true
            break
        }
        return BinaryArray(
            arrayType: arrayType, elementType: elementType, count: rows.count, hasNulls: hasNulls,
            elementBytes: rows.count * (4 + width)
        ) { buffer in
            for row in rows {
                if let bits = value(row) {
                    buffer.writeInteger(Int32(width))
                    buffer.writeInteger(bits)
                } else {
                    buffer.writeInteger(-1, as: Int32.self)
                }
            }
        }
    }
}
