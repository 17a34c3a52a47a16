/// RFC 4180 record splitting on raw bytes: the structural characters (comma, quote, CR, LF) are
/// ASCII, so UTF-8 text passes through untouched and is validated per field afterwards.
public enum CSVRecords {
    public struct Record: Sendable {
        /// The line the record starts on, 1-based.
        public var line: Int
        public var fields: [[UInt8]]
        /// The first malformation in the record, and the index of the field it is in.
        public var error: (field: Int?, message: String)?
    }

    /// The records of a file; a leading UTF-8 byte-order mark (as Excel writes) is skipped.
    public static func split(file bytes: [UInt8]) -> [Record] {
        split(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...])
    }

    public static func split(_ bytes: ArraySlice<UInt8>) -> [Record] {
        let comma = UInt8(ascii: ",")
        let quote = UInt8(ascii: "\"")
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        var records: [Record] = []
        var line = 1
        var current = Record(line: 1, fields: [])
        var field: [UInt8] = []
        var inQuotes = false
        var quoted = false  // the field began with a quote
        var closed = false  // the field's closing quote has been read

        func fail(_ message: String) {
            if current.error == nil { current.error = (current.fields.count, message) }
        }
        func endField() {
            current.fields.append(field)
            field = []
            quoted = false
            closed = false
        }
        func endRecord() {
            // A line with nothing on it (or only spaces) is skipped.
            let blank = current.fields.isEmpty && !quoted && trimmed(field).isEmpty
            if !blank {
                endField()
                records.append(current)
            }
            field = []
            quoted = false
            closed = false
            current = Record(line: line, fields: [])
        }

        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            let next = bytes.index(after: index) < bytes.endIndex ? bytes[bytes.index(after: index)] : nil
            index = bytes.index(after: index)
            if inQuotes {
                if byte == quote {
                    if next == quote {
                        field.append(quote)
                        index = bytes.index(after: index)
                    } else {
                        inQuotes = false
                        closed = true
                    }
                    continue
                }
                if byte == lf || (byte == cr && next != lf) { line += 1 }
                field.append(byte)
                continue
            }
            switch byte {
            case comma:
                endField()
            case cr, lf:
                if byte == cr && next == lf { index = bytes.index(after: index) }
                line += 1
                endRecord()
            case quote where !quoted && trimmed(field).isEmpty:
                // Spaces before the opening quote are tolerated and dropped.
                field = []
                inQuotes = true
                quoted = true
            case quote:
                fail(
                    closed
                        ? "a quote after the closing quote of a field: double a quote inside a quoted field (\"\")"
                        : "a quote inside a field that does not start with one: enclose the whole field in quotes and double the quote (\"\")"
                )
                field.append(byte)
            case UInt8(ascii: " ") where closed, UInt8(ascii: "\t") where closed:
                break  // spaces after the closing quote are dropped
            default:
                if closed { fail("text after the closing quote of a field: enclose the whole field in quotes") }
                field.append(byte)
            }
        }
        if inQuotes {
            fail("a quoted field is not closed: its opening quote has no closing quote before the end of the file")
        }
        endRecord()
        return records
    }

    static func trimmed(_ field: [UInt8]) -> [UInt8] {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = field.firstIndex(where: { !isSpace($0) }), let last = field.lastIndex(where: { !isSpace($0) })
        else { return [] }
        return Array(field[first...last])
    }
}

extension CSVRecords.Record {
    /// Field `index` as text without the spaces around it; nil when the field is missing or not UTF-8.
    public func text(_ index: Int) -> String? {
        guard fields.indices.contains(index) else { return nil }
        return String(validating: CSVRecords.trimmed(fields[index]), as: UTF8.self)
    }
}
