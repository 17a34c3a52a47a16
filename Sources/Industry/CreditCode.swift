/// A unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from the alphabet
/// `0-9 A-H J-N P-R T U W-Y` (no I, O, S, V, Z).
///
/// Layout: registration authority (1), entity type (1), administrative division (6), organisation code (9, with
/// its own GB 11714 check character), check character (1). Both check characters are verified, so a single
/// mistyped character or a swap of two neighbours is caught.
public struct CreditCode: Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Why a text is not a credit code.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case length(Int)
        case character(position: Int, Character)
        case organisationCheck(expected: Character)
        case check(expected: Character)

        public var description: String {
            switch self {
            case .length(let n): "must be 18 characters, not \(n)"
            case .character(let position, let c):
                "character \(position) '\(c)' is not allowed (0-9, A-Z without I O S V Z)"
            case .organisationCheck(let expected):
                "organisation-code check character (17th) should be '\(expected)' (GB 11714)"
            case .check(let expected): "check character (18th) should be '\(expected)' (GB 32100)"
            }
        }
    }

    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    static let organisationWeights = [3, 7, 9, 10, 5, 8, 4, 2]

    /// Validates `text` (upper-cased, surrounding spaces ignored).
    public init(_ text: String) throws(Problem) {
        var trimmed = Substring(text)
        while trimmed.first == " " { trimmed = trimmed.dropFirst() }
        while trimmed.last == " " { trimmed = trimmed.dropLast() }
        let code = Array(trimmed.uppercased())
        guard code.count == 18 else { throw .length(code.count) }
        var values: [Int] = []
        for (index, character) in code.enumerated() {
            guard let value = Self.alphabet.firstIndex(of: character) else {
                throw .character(position: index + 1, character)
            }
            values.append(value)
        }
        // The embedded organisation code's own check (GB 11714): letters count 10-35 there, in the full alphabet.
        let organisation = code[8..<16].map { c -> Int in
            c.isNumber ? Int(String(c))! : Int(c.asciiValue! - 55)
        }
        let o = 11 - zip(organisation, Self.organisationWeights).map(*).reduce(0, +) % 11
        let expectedOrganisation: Character = o == 10 ? "X" : o == 11 ? "0" : Character(String(o))
        guard code[16] == expectedOrganisation else { throw .organisationCheck(expected: expectedOrganisation) }
        let sum = zip(values.prefix(17), Self.weights).map(*).reduce(0, +)
        let expected = Self.alphabet[(31 - sum % 31) % 31]
        guard code[17] == expected else { throw .check(expected: expected) }
        rawValue = String(code)
    }

    /// The administrative division (GB/T 2260) the code was issued in, e.g. `330100` for Hangzhou.
    public var division: String { String(rawValue.dropFirst(2).prefix(6)) }

    public var description: String { rawValue }
}
