/// Identifies an enterprise (vehicle maker, charging operator, recycler, supplier).
///
/// In production this is the 18-character unified social credit code (GB 32100); the registry
/// of a later issue validates its check digit. Here it is any non-empty identifier without spaces.
public struct EnterpriseID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    /// Returns nil for an empty identifier or one with whitespace or `/`.
    public init?(rawValue: String) {
        guard !rawValue.isEmpty, rawValue.count <= 64,
            !rawValue.contains(where: { $0.isWhitespace || $0 == "/" })
        else { return nil }
        self.rawValue = rawValue
    }

    /// For literals in tests and samples; traps on an invalid literal, which is a programming error.
    public init(stringLiteral value: String) {
        guard let id = EnterpriseID(rawValue: value) else { preconditionFailure("invalid enterprise id \(value)") }
        self = id
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let id = EnterpriseID(rawValue: raw) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "invalid enterprise id"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}
