/// What a supply-cut scenario takes out: suppliers by name, every supplier producing in a city, or every one in an
/// out-of-province region.
public struct SupplyCut: Sendable, Hashable, Codable {
    public var suppliers: Set<String>
    public var cities: Set<String>
    public var regions: Set<String>
    /// How long the cut lasts.
    public var weeks: Double

    public init(suppliers: Set<String> = [], cities: Set<String> = [], regions: Set<String> = [], weeks: Double) {
        self.suppliers = suppliers
        self.cities = cities
        self.regions = regions
        self.weeks = weeks
    }

    /// Whether `relation`'s supplier is cut.
    public func cuts(_ relation: SupplyRelation) -> Bool {
        suppliers.contains(relation.supplier) || relation.supplierCity.map(cities.contains) == true
            || relation.supplierRegion.map(regions.contains) == true
    }
}

/// One OEM's exposure to a cut.
public struct CutImpact: Sendable, Hashable, Codable {
    public struct Category: Sendable, Hashable, Codable {
        public var category: String
        /// Share of the need for this category that is cut, 0...1 (shares normalised per category).
        public var lostShare: Double
        public var cutSuppliers: [String]
    }

    public var customer: String
    public var categories: [Category]
    /// The largest lost share: a vehicle needs every part, so the scarcest category binds.
    public var bindingShare: Double
    /// Vehicles not built during the cut: monthly output × months cut × binding share.
    public var unitsAtRisk: Double
}

/// Supply-cut simulation.
///
/// Assumptions, stated because the result depends on them: during the cut the remaining suppliers cannot raise
/// their deliveries (qualifying a new source takes longer than a few weeks), so an OEM loses the cut share of the
/// category; output falls in proportion to the scarcest category; a month is 30.44 days.
public enum SupplyCutSimulation {
    /// The OEMs touched by `cut`, ordered by units at risk (largest first), then name. `monthlyOutput` is each
    /// OEM's vehicles per month (e.g. the mean of its last reported months); OEMs without output get 0 units
    /// but still list their lost shares.
    public static func run(_ cut: SupplyCut, relations: [SupplyRelation], monthlyOutput: [String: Double])
        -> [CutImpact]
    {
        let months = cut.weeks * 7 / 30.44
        var impacts: [CutImpact] = []
        for (customer, own) in Dictionary(grouping: relations, by: \.customer) {
            var categories: [CutImpact.Category] = []
            for (category, group) in Dictionary(grouping: own, by: \.category) {
                let cut = group.filter(cut.cuts)
                guard !cut.isEmpty else { continue }
                let total = group.map(\.share).filter { $0 > 0 }.reduce(0, +)
                let lost = cut.map(\.share).filter { $0 > 0 }.reduce(0, +)
                categories.append(
                    .init(
                        category: category, lostShare: total > 0 ? lost / total : 1,
                        cutSuppliers: Array(Set(cut.map(\.supplier))).sorted()))
            }
            guard !categories.isEmpty else { continue }
            categories.sort { ($1.lostShare, $0.category) < ($0.lostShare, $1.category) }
            let binding = categories[0].lostShare
            impacts.append(
                CutImpact(
                    customer: customer, categories: categories, bindingShare: binding,
                    unitsAtRisk: (monthlyOutput[customer] ?? 0) * months * binding))
        }
        return impacts.sorted { ($1.unitsAtRisk, $0.customer) < ($0.unitsAtRisk, $1.customer) }
    }
}
