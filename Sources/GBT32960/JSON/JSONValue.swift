/// A minimal JSON value with ordered object keys, for the `nevbrain decode` JSON Lines output.
/// No I/O: it only builds text.
public enum JSONValue: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// An integer.
    case int(Int64)
    /// A floating-point number (shortest round-trip form).
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object with keys in insertion order.
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized() == rhs.serialized() }
    public func hash(into hasher: inout Hasher) { hasher.combine(serialized()) }

    /// Compact JSON text.
    public func serialized() -> String {
        var out = ""
        write(into: &out)
        return out
    }

    /// Appends compact JSON text to `out`.
    public func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isFinite {
                if d == d.rounded(), abs(d) < 1e15 {
                    out += String(Int64(d))
                } else {
                    out += "\(d)"
                }
            } else {
                out += "null"
            }
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += "," }
                Self.writeString(key, into: &out)
                out += ":"
                value.write(into: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// Builds a JSON object field by field.
public struct JSONObjectBuilder {
    /// The fields so far.
    public private(set) var fields: [(String, JSONValue)] = []

    /// Creates an empty builder.
    public init() {}

    /// Adds a field.
    public mutating func set(_ key: String, _ value: JSONValue) { fields.append((key, value)) }
    /// Adds an integer field.
    public mutating func set<I: BinaryInteger>(_ key: String, _ value: I) { fields.append((key, .int(Int64(value)))) }
    /// Adds a string field.
    public mutating func set(_ key: String, _ value: String) { fields.append((key, .string(value))) }
    /// Adds a bool field.
    public mutating func set(_ key: String, _ value: Bool) { fields.append((key, .bool(value))) }

    /// Adds a physical value: the number, or `null` plus `<key>_status` = `abnormal`/`invalid` for a sentinel.
    public mutating func reading(_ key: String, _ reading: Reading?) {
        guard let reading else { return }
        switch reading {
        case .value(let v): fields.append((key, .double(v)))
        case .abnormal, .invalid:
            fields.append((key, .null))
            fields.append((key + "_status", .string(reading.status)))
        }
    }

    /// Adds an enumerated BYTE: the raw value, and `<key>_status` for a 0xFE/0xFF sentinel.
    public mutating func state(_ key: String, _ raw: UInt8?) {
        guard let raw else { return }
        fields.append((key, .int(Int64(raw))))
        if raw == 0xFE { fields.append((key + "_status", .string("abnormal"))) }
        if raw == 0xFF { fields.append((key + "_status", .string("invalid"))) }
    }

    /// An array of readings: numbers, `null` for sentinels.
    public static func readings(_ values: [Reading]) -> JSONValue {
        .array(values.map { $0.value.map(JSONValue.double) ?? .null })
    }

    /// The built object.
    public var value: JSONValue { .object(fields) }
}
