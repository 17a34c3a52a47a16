/// One vehicle in the registry: who owns its data, what it is, and where it is registered.
///
/// The owning enterprise scopes the vehicle's data to that enterprise, and `city` scopes it to a
/// city government (README, "Architecture": data scope rules).
public struct VehicleRecord: Sendable, Hashable, Codable {
    /// The key.
    public var vin: VIN
    /// The enterprise (usually the maker, OEM) that answers for the vehicle and owns its data.
    public var enterprise: EnterpriseID
    /// The model name as the maker gives it, e.g. `Geometry E`.
    public var model: String
    /// What drives the vehicle.
    public var fuelType: FuelType
    /// What the vehicle is used for.
    public var usage: VehicleUsage
    /// The city of registration.
    public var city: City
    /// The licence plate (号牌), e.g. `浙AD12345`, when known.
    public var plate: String?
    /// When the vehicle was registered, microseconds since the Unix epoch (UTC), when known.
    public var registeredAt: Int64?
    /// When the platform first recorded the vehicle, microseconds since the Unix epoch (UTC).
    /// Replacing a record keeps the original.
    public var createdAt: Int64

    /// Creates a record.
    public init(
        vin: VIN, enterprise: EnterpriseID, model: String, fuelType: FuelType, usage: VehicleUsage, city: City,
        plate: String? = nil, registeredAt: Int64? = nil, createdAt: Int64
    ) {
        self.vin = vin
        self.enterprise = enterprise
        self.model = model
        self.fuelType = fuelType
        self.usage = usage
        self.city = city
        self.plate = plate
        self.registeredAt = registeredAt
        self.createdAt = createdAt
    }
}
