/// RFC 4180 records of a UTF-8 text: fields separated by commas, a field holding a comma, quote or line break
/// enclosed in `"` with inner quotes doubled. A leading byte-order mark is skipped; CRLF and LF both end a record.
struct CSVLines {
    struct Record {
        /// The 1-based line the record starts on.
        var line: Int
        var fields: [String]
    }

    private(set) var records: [Record] = []
    /// A quote left open at the end, or text after a closing quote: the line where it happened.
    private(set) var malformedLine: Int?

    init(_ bytes: [UInt8]) {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var field: [UInt8] = []
        var fields: [String] = []
        var recordLine = 1
        var quoted = false
        var afterQuote = false
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self).trimmingSpaces)
            field.removeAll(keepingCapacity: true)
            afterQuote = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\"") where field.allSatisfy({ $0 == UInt8(ascii: " ") }) && !afterQuote:
                field.removeAll()
                quoted = true
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\r"):
                continue
            case UInt8(ascii: "\n"):
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) {
                    records.append(Record(line: recordLine, fields: fields))
                }
                fields.removeAll()
                line += 1
                recordLine = line
            default:
                if afterQuote, byte != UInt8(ascii: " ") { malformedLine = malformedLine ?? line }
                field.append(byte)
            }
        }
        if quoted { malformedLine = malformedLine ?? recordLine }
        if !field.isEmpty || !fields.isEmpty {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " || scalars.first == "\t" { scalars.removeFirst() }
        while scalars.last == " " || scalars.last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
