import PostgresNIO

/// A one-dimensional array bound as one binary parameter, whose elements may be NULL.
///
/// postgres-nio encodes `[Element]` but not `[Element?]`; the bulk telemetry insert needs NULLs in
/// its optional columns, so this writes PostgreSQL's binary array format (`array_send`) itself:
/// ndim, has-null flag, element type OID, then length and lower bound per dimension, then each
/// element as a length (-1 for NULL) and its binary value.
struct NullableArrayParameter<Element: PostgresArrayEncodable & PostgresNonThrowingEncodable>:
    PostgresNonThrowingEncodable
{
    var elements: [Element?]

    init(_ elements: [Element?]) {
        self.elements = elements
    }

    static var psqlType: PostgresDataType { Element.psqlArrayType }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        buffer.writeInteger(elements.isEmpty ? 0 : 1, as: Int32.self)  // dimensions
        buffer.writeInteger(elements.contains { $0 == nil } ? 1 : 0, as: Int32.self)  // has NULLs
        buffer.writeInteger(Element.psqlType.rawValue)
        guard !elements.isEmpty else { return }
        buffer.writeInteger(Int32(elements.count))
        buffer.writeInteger(1, as: Int32.self)  // lower bound
        for element in elements {
            guard let element else {
                buffer.writeInteger(-1, as: Int32.self)
                continue
            }
            let lengthIndex = buffer.writerIndex
            buffer.writeInteger(0, as: Int32.self)
            let start = buffer.writerIndex
            element.encode(into: &buffer, context: context)
            buffer.setInteger(Int32(buffer.writerIndex - start), at: lengthIndex)
        }
    }
}

/// A `bytea` value taken straight from `[UInt8]`, so the bulk insert needs no `ByteBuffer` per row.
///
/// (`[UInt8]` itself would bind as PostgreSQL's `"char"[]`, because postgres-nio treats every
/// array of a `PostgresArrayEncodable` element as an array.)
struct ByteaValue: PostgresNonThrowingEncodable, PostgresArrayEncodable {
    var bytes: [UInt8]

    static var psqlType: PostgresDataType { .bytea }
    static var psqlFormat: PostgresFormat { .binary }
    static var psqlArrayType: PostgresDataType { .byteaArray }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        buffer.writeBytes(bytes)
    }
}
