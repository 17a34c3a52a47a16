/// The part of JSON Schema (draft 4) the OCPP 1.6 message schemas use: objects with required members and no others,
/// strings with a maximum length, enumerations, `date-time` strings, integers, numbers, booleans and arrays with a
/// minimum number of items.
public indirect enum PayloadSchema: Sendable {
    /// An object with these members and no others (every OCPP 1.6 schema says `"additionalProperties": false`).
    case object([Member])
    /// A string of at most this many characters (the CiStringNType of the specification).
    case string(maxLength: Int?)
    /// A string with one of these values.
    case enumeration([String])
    /// An RFC 3339 instant.
    case dateTime
    case integer
    /// A decimal number (integers are numbers too).
    case number
    case boolean
    case array(PayloadSchema, minItems: Int)
    /// Any object, members unchecked (e.g. a charging profile passed through to the charge point).
    case anyObject

    /// One member of an object.
    public struct Member: Sendable {
        public let name: String
        public let schema: PayloadSchema
        public let required: Bool

        public init(_ name: String, _ schema: PayloadSchema, required: Bool = false) {
            self.name = name
            self.schema = schema
            self.required = required
        }
    }

    /// A string without a length limit.
    public static let text = PayloadSchema.string(maxLength: nil)

    /// A string of at most `length` characters.
    public static func string(_ length: Int) -> PayloadSchema { .string(maxLength: length) }

    /// The first rule `value` breaks, nil when it conforms. `path` names the value in the message (`meterValue[0]`).
    ///
    /// Which CALLERROR code each broken rule gets (OCPP-J 1.6 §4.2.3):
    /// - wrong JSON type, string too long: `TypeConstraintViolation` (the field is not of its CiStringN type);
    /// - a required member missing: `ProtocolError` ("payload for action is incomplete");
    /// - a member the message does not define: `FormationViolation` (does not conform to the PDU structure);
    /// - a value outside an enumeration, a malformed date-time: `PropertyConstraintViolation`;
    /// - too few items in an array: `OccurenceConstraintViolation`.
    public func violation(of value: JSON, at path: String = "") -> SchemaViolation? {
        func fail(_ code: OCPPErrorCode, _ message: String) -> SchemaViolation {
            SchemaViolation(code: code, path: path, message: path.isEmpty ? message : "\(path): \(message)")
        }
        func typeMismatch(_ expected: String) -> SchemaViolation {
            fail(.typeConstraintViolation, "must be \(expected), not \(value.typeName)")
        }
        switch self {
        case .object(let members):
            guard case .object(let object) = value else { return typeMismatch("an object") }
            let known = Set(members.map(\.name))
            if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                return fail(.formationViolation, "unknown property \(unknown)")
            }
            for member in members {
                let memberPath = path.isEmpty ? member.name : "\(path).\(member.name)"
                guard let child = object[member.name] else {
                    if member.required {
                        return SchemaViolation(
                            code: .protocolError, path: memberPath,
                            message: "required property \(memberPath) is missing")
                    }
                    continue
                }
                if let violation = member.schema.violation(of: child, at: memberPath) { return violation }
            }
            return nil
        case .anyObject:
            guard case .object = value else { return typeMismatch("an object") }
            return nil
        case .string(let maxLength):
            guard case .string(let text) = value else { return typeMismatch("a string") }
            if let maxLength, text.count > maxLength {
                return fail(.typeConstraintViolation, "longer than \(maxLength) characters (\(text.count))")
            }
            return nil
        case .enumeration(let allowed):
            guard case .string(let text) = value else { return typeMismatch("a string") }
            guard allowed.contains(text) else {
                return fail(
                    .propertyConstraintViolation, "\(text) is not one of \(allowed.joined(separator: ", "))")
            }
            return nil
        case .dateTime:
            guard case .string(let text) = value else { return typeMismatch("a date-time string") }
            guard OCPPDateTime(rfc3339: text) != nil else {
                return fail(.propertyConstraintViolation, "\(text) is not an RFC 3339 date-time")
            }
            return nil
        case .integer:
            guard case .integer = value else { return typeMismatch("an integer") }
            return nil
        case .number:
            switch value {
            case .integer, .number: return nil
            default: return typeMismatch("a number")
            }
        case .boolean:
            guard case .bool = value else { return typeMismatch("a boolean") }
            return nil
        case .array(let items, let minItems):
            guard case .array(let elements) = value else { return typeMismatch("an array") }
            guard elements.count >= minItems else {
                return fail(.occurrenceConstraintViolation, "needs at least \(minItems) item(s), has \(elements.count)")
            }
            for (index, element) in elements.enumerated() {
                if let violation = items.violation(of: element, at: "\(path)[\(index)]") { return violation }
            }
            return nil
        }
    }
}

/// A payload that breaks its message's schema: the CALLERROR code to answer with, and where and why.
public struct SchemaViolation: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: OCPPErrorCode
    /// The offending member, e.g. `meterValue[0].sampledValue`.
    public let path: String
    public let message: String

    public init(code: OCPPErrorCode, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
