/// Concentration and dependency of one customer's supply of one part category.
public struct CategoryRisk: Sendable, Hashable, Codable {
    public var customer: String
    public var category: String
    public var segment: ChainSegment
    public var suppliers: Int
    /// Exactly one supplier.
    public var singleSource: Bool
    /// Herfindahl-Hirschman index, Σ (100·sᵢ)², 0-10,000, over the suppliers' shares normalised to sum to 1.
    public var hhi: Double
    /// Share of the need supplied from outside the province, 0...1 (normalised like `hhi`).
    public var outOfProvinceShare: Double

    /// The US DOJ/FTC 2010 bands: below 1,500 unconcentrated, 1,500-2,500 moderate, above 2,500 high.
    public var concentration: String {
        hhi > 2500 ? "high" : hhi >= 1500 ? "moderate" : "unconcentrated"
    }
}

/// Supply-chain risk measures over a set of relations.
public enum SupplyRisk {
    /// HHI of `shares` after normalising them to sum to 1 (shares given as fractions of need may not add up
    /// exactly, or cover only the known suppliers). Zero for no positive shares.
    public static func hhi(_ shares: [Double]) -> Double {
        let total = shares.filter { $0 > 0 }.reduce(0, +)
        guard total > 0 else { return 0 }
        return shares.filter { $0 > 0 }.map {
            let s = 100 * $0 / total
            return s * s
        }.reduce(0, +)
    }

    /// One row per customer and category, ordered by customer then category.
    public static func categories(_ relations: [SupplyRelation]) -> [CategoryRisk] {
        let groups = Dictionary(grouping: relations) { "\($0.customer)\u{0}\($0.category)" }
        return groups.values.map { group in
            let first = group[0]
            let total = group.map(\.share).filter { $0 > 0 }.reduce(0, +)
            let outside = group.filter { !$0.isLocal }.map(\.share).filter { $0 > 0 }.reduce(0, +)
            return CategoryRisk(
                customer: first.customer, category: first.category, segment: first.segment,
                suppliers: Set(group.map(\.supplier)).count, singleSource: Set(group.map(\.supplier)).count == 1,
                hhi: hhi(group.map(\.share)), outOfProvinceShare: total > 0 ? outside / total : 0)
        }.sorted { ($0.customer, $0.category) < ($1.customer, $1.category) }
    }

    /// The local supply rate of key parts (关键零部件本地配套率), defined here because the plan does not:
    ///
    ///     Σ value of key-part relations whose supplier produces in the province
    ///     ───────────────────────────────────────────────────────────────────────
    ///     Σ value of all key-part relations
    ///
    /// over the relations given (one OEM's, a city's OEMs', or the province's). Value is `annualValue` where known;
    /// a relation without one counts as its `share` of one unit of the category, so an OEM whose values are all
    /// unknown gets the share-weighted rate. Nil when there are no key-part relations.
    public static func localSupplyRate(_ relations: [SupplyRelation]) -> Double? {
        let key = relations.filter { $0.segment.isKeyPart && $0.share > 0 }
        guard !key.isEmpty else { return nil }
        func weight(_ r: SupplyRelation) -> Double { r.annualValue ?? r.share }
        let total = key.map(weight).reduce(0, +)
        guard total > 0 else { return nil }
        return key.filter(\.isLocal).map(weight).reduce(0, +) / total
    }
}
