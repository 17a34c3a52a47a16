/// What a vehicle is used for (使用性质), the grouping the province reports NEV adoption by
/// (public transport, taxi, logistics, official cars, sanitation, ...).
///
/// The raw value is what CSV files and JSON carry; input is accepted in any case, with `-` for `_`.
public enum VehicleUsage: String, CaseIterable, Sendable, Hashable, Codable {
    /// Privately owned (非营运).
    case `private`
    /// Public transport bus (公交客运).
    case bus
    /// Cruising taxi (出租客运).
    case taxi
    /// Goods delivery and freight (物流, 货运).
    case logistics
    /// Government and public-institution cars (公务用车).
    case official
    /// Sanitation and municipal service (环卫).
    case sanitation
    /// Rental (租赁).
    case rental
    /// Online ride-hailing (网约车).
    case rideHailing = "ride_hailing"
    /// Anything else (other commercial passenger, special purpose, ...).
    case other

    /// Accepts the raw value in any case, with `-` or `_` (`Ride-Hailing`).
    public init?(identifier: String) {
        self.init(rawValue: String(identifier.lowercased().map { $0 == "-" ? "_" : $0 }))
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = VehicleUsage(identifier: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "usage must be one of \(Self.names)"))
        }
        self = value
    }

    /// The accepted values, for error messages: `private, bus, taxi, ...`.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
