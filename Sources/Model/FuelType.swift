/// What drives a new-energy vehicle, as the registry records it.
///
/// The raw value (`BEV`, `PHEV`, `FCEV`) is what CSV files and JSON carry; input is accepted in any case.
public enum FuelType: String, CaseIterable, Sendable, Hashable, Codable {
    /// Battery electric (纯电动).
    case bev = "BEV"
    /// Plug-in hybrid electric, extended-range included (插电式混合动力, 增程式).
    case phev = "PHEV"
    /// Fuel cell electric (燃料电池).
    case fcev = "FCEV"

    /// Accepts the raw value in any case (`bev`, `Phev`).
    public init?(identifier: String) {
        self.init(rawValue: identifier.uppercased())
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = FuelType(identifier: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "fuel type must be one of \(Self.names)"))
        }
        self = value
    }

    /// The accepted values, for error messages: `BEV, PHEV, FCEV`.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
