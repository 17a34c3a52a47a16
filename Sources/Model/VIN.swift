/// A vehicle identification number (车辆识别代号) as GB 16735 and ISO 3779 define it: 17 characters,
/// digits and capital letters except `I`, `O` and `Q`.
///
/// Position 9 is a check digit (GB 16735-2019, annex on the check digit; the same weights as the
/// North-American method of ISO 3779). A VIN with a wrong check digit is still a `VIN`: test fleets
/// and simulators use synthetic ones, so `hasValidCheckDigit` reports it rather than refusing it.
public struct VIN: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The 17 characters, upper case.
    public let rawValue: String

    /// The number of characters in every VIN.
    public static let length = 17

    /// Accepts exactly 17 characters of the VIN alphabet, upper case; nil otherwise.
    public init?(rawValue: String) {
        guard Self.problem(in: rawValue) == nil else { return nil }
        self.rawValue = rawValue
    }

    /// Accepts a VIN typed in either case (a VIN names the same vehicle in lower case) and says what is
    /// wrong with one that is not a VIN.
    public init(parsing text: String) throws(VINError) {
        // Only ASCII letters change case: `uppercased()` would turn "ß" into "SS".
        let upper = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { ("a"..."z").contains($0) ? Unicode.Scalar($0.value - 32) ?? $0 : $0 }))
        if let problem = Self.problem(in: upper) { throw problem }
        rawValue = upper
    }

    /// Whether position 9 holds the check digit that the other 16 characters give.
    public var hasValidCheckDigit: Bool { checkDigit == expectedCheckDigit }

    /// The check digit the other 16 characters give: `0`-`9`, or `X` for 10.
    public var expectedCheckDigit: Character {
        var sum = 0
        for (index, character) in rawValue.utf8.enumerated() {
            sum += Self.transliteration(character) * Self.weights[index]
        }
        let remainder = sum % 11
        return remainder == 10 ? "X" : Character(String(remainder))
    }

    /// The check digit as given: the character at position 9.
    public var checkDigit: Character { rawValue[rawValue.index(rawValue.startIndex, offsetBy: 8)] }

    /// The world manufacturer identifier: the first three characters.
    public var manufacturerIdentifier: String { String(rawValue.prefix(3)) }

    public var description: String { rawValue }

    public static func < (lhs: VIN, rhs: VIN) -> Bool {
        // Byte order, which is what both stores sort by (BINARY in SQLite, COLLATE "C" in PostgreSQL).
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try VIN(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    // MARK: Rules

    /// Position weights for the check digit; position 9 (the check digit itself) weighs 0.
    private static let weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]

    /// A character's value for the check digit: digits are themselves, letters as the standard's table
    /// (A-H 1-8, J-N 1-5, P 7, R 9, S-Z 2-9).
    private static func transliteration(_ character: UInt8) -> Int {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(character - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "H"): Int(character - UInt8(ascii: "A")) + 1
        case UInt8(ascii: "J")...UInt8(ascii: "N"): Int(character - UInt8(ascii: "J")) + 1
        case UInt8(ascii: "P"): 7
        case UInt8(ascii: "R"): 9
        case UInt8(ascii: "S")...UInt8(ascii: "Z"): Int(character - UInt8(ascii: "S")) + 2
        default: 0
        }
    }

    /// Whether `character` may appear in a VIN.
    private static func isAllowed(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        case UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return ascii != UInt8(ascii: "I") && ascii != UInt8(ascii: "O") && ascii != UInt8(ascii: "Q")
        default: return false
        }
    }

    private static func problem(in text: String) -> VINError? {
        for (offset, character) in text.enumerated() where !isAllowed(character) {
            return .invalidCharacter(character, position: offset + 1)
        }
        guard text.count == length else { return .wrongLength(text.count) }
        return nil
    }
}

/// Why a text is not a VIN.
public enum VINError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not 17 characters; carries the count found.
    case wrongLength(Int)
    /// A character outside the VIN alphabet, at a 1-based position.
    case invalidCharacter(Character, position: Int)

    public var description: String {
        switch self {
        case .wrongLength(let count):
            "a VIN has 17 characters, this has \(count)"
        case .invalidCharacter(let character, let position):
            switch character {
            case "I", "O", "Q":
                "a VIN never holds \(character) (it is confused with 1, 0 and 0), found at position \(position)"
            default:
                "a VIN holds only digits and capital letters except I, O and Q; found \"\(character)\" at position \(position)"
            }
        }
    }
}
