/// A charging operator's T/CEC 102 OperatorID: the 9-character organisation code (组织机构代码) that every
/// T/CEC message carries (T/CEC 102.4, request envelope; T/CEC 102.2 StationInfo.OperatorID).
public struct OperatorID: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    /// Nil unless exactly 9 characters, digits and capital letters (an organisation code's check digit may be `X`).
    public init?(rawValue: String) {
        guard rawValue.utf8.count == 9,
            rawValue.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (65...90).contains($0) })
        else { return nil }
        self.rawValue = rawValue
    }

    /// For literals in tests and samples; traps on an invalid literal, which is a programming error.
    public init(stringLiteral value: String) {
        guard let id = OperatorID(rawValue: value) else { preconditionFailure("invalid operator id \(value)") }
        self = id
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let id = OperatorID(rawValue: raw) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath, debugDescription: "OperatorID must be 9 digits or capital letters"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (a: OperatorID, b: OperatorID) -> Bool { a.rawValue < b.rawValue }

    public var description: String { rawValue }
}
