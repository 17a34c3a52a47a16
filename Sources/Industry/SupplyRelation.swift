/// One supply relation: `supplier` delivers parts of `category` to `customer`.
public struct SupplyRelation: Sendable, Hashable, Codable {
    public var supplier: String
    public var customer: String
    /// The part category, e.g. `cell`, `e-drive`, `heat-pump`; its segment says whether it is a key part.
    public var category: String
    public var segment: ChainSegment
    /// This supplier's share of the customer's need for the category, 0...1.
    public var share: Double
    /// Yearly value supplied, CNY; nil when unknown.
    public var annualValue: Double?
    /// Where the supplier makes the part: a Zhejiang city slug, or nil for out of province.
    public var supplierCity: String?
    /// The region out of province (e.g. `jiangsu`, `overseas`), for supply-cut scenarios by region.
    public var supplierRegion: String?

    public init(
        supplier: String, customer: String, category: String, segment: ChainSegment, share: Double,
        annualValue: Double? = nil, supplierCity: String? = nil, supplierRegion: String? = nil
    ) {
        self.supplier = supplier
        self.customer = customer
        self.category = category
        self.segment = segment
        self.share = share
        self.annualValue = annualValue
        self.supplierCity = supplierCity
        self.supplierRegion = supplierRegion
    }

    /// Whether the supplier produces in the province.
    public var isLocal: Bool { supplierCity != nil }
}
