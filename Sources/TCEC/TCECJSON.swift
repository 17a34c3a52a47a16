import Foundation

/// Reading T/CEC payloads as operators really send them.
///
/// Payloads in the wild differ from the standard's tables: the standard's own example has a trailing comma, keys
/// come in `ConnectorID`, `connectorID` or `connectorId`, the standard misspells `SevicePrice` (and aggregators
/// correct it), single items arrive where a list is due, and IDs arrive as numbers. Decoding accepts all of that
/// and names the field when it still cannot make sense of the payload.
public enum TCECJSON {
    /// A decoder that accepts JSON5 (trailing commas, comments).
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        return decoder
    }

    /// Payloads we send: the standard's key spellings, stable key order, no escaped slashes.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Encodes what we send; a failure (which our own payload types never give) is our side's `TCECError.system`.
    public static func encode(_ value: some Encodable) throws(TCECError) -> Data {
        do {
            return try encoder().encode(value)
        } catch {
            throw .system("payload not encoded: \(error)")
        }
    }

    /// Decodes `data`, turning a failure into `TCECError.businessParameter` naming the field's path.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(TCECError) -> T {
        do {
            return try decoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw .businessParameter(describe(error))
        } catch {
            throw .businessParameter("\(error)")
        }
    }

    /// `StationInfos[3].Power: expected a number`.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey], _ last: String? = nil) -> String {
            var text = ""
            for key in codingPath + (last.map { [TCECKey($0)] } ?? []) {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : "." + key.stringValue
                }
            }
            return text.isEmpty ? "payload" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath, key.stringValue)): required"
        case .valueNotFound(_, let context):
            return "\(path(context.codingPath)): must not be null"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "payload: not JSON" }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "payload: \(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type, is Decimal.Type: "a number"
        case is Bool.Type: "a boolean"
        default: type is any Collection.Type ? "a list" : "an object"
        }
    }
}

/// Any JSON key.
struct TCECKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(_ string: String) {
        stringValue = string
        intValue = nil
    }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) {
        stringValue = "\(intValue)"
        self.intValue = intValue
    }
}

extension KeyedDecodingContainer where Key == TCECKey {
    /// The key present in the payload that matches one of `names`, ignoring case.
    func key(_ names: [String]) -> TCECKey? {
        let wanted = Set(names.map { $0.lowercased() })
        return allKeys.first { wanted.contains($0.stringValue.lowercased()) }
    }

    /// The value under the first of `names` present (case-insensitive), or nil when absent or null.
    func lenient<T: Decodable>(_ type: T.Type, _ names: String...) throws -> T? {
        guard let key = key(names), !(try decodeNil(forKey: key)) else { return nil }
        return try decode(type, forKey: key)
    }

    /// Like `lenient`, but absence is an error reported under the standard's spelling (the first name).
    func required<T: Decodable>(_ type: T.Type, _ names: String...) throws -> T {
        guard let key = key(names), !(try decodeNil(forKey: key)) else {
            throw DecodingError.keyNotFound(
                TCECKey(names[0]), .init(codingPath: codingPath, debugDescription: "\(names[0]) is required"))
        }
        return try decode(type, forKey: key)
    }

    /// An identifier that some operators send as a number.
    func identifier(_ names: String...) throws -> String? {
        guard let key = key(names), !(try decodeNil(forKey: key)) else { return nil }
        if let number = try? decode(Int64.self, forKey: key) { return String(number) }
        return try decode(String.self, forKey: key)
    }

    /// A list that some operators send as a single object.
    func list<T: Decodable>(_ type: T.Type, _ names: String...) throws -> [T]? {
        guard let key = key(names), !(try decodeNil(forKey: key)) else { return nil }
        if (try? nestedUnkeyedContainer(forKey: key)) != nil { return try decode([T].self, forKey: key) }
        return [try decode(T.self, forKey: key)]
    }
}
