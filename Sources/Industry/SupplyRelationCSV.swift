import Model

/// A supply-relation import file: header `supplier,customer,category,segment,share[,annual_value][,supplier_city]
/// [,supplier_region]` and one relation per line. `share` is the supplier's fraction of the customer's need
/// (0-1, or a percentage 0-100 written with `%`). Problems carry the line and column; a file with any problem is
/// imported not at all.
public struct SupplyRelationCSV: Sendable {
    public struct Problem: Sendable, Hashable, Codable {
        public var row: Int
        public var column: String?
        public var message: String
    }

    public static let required = ["supplier", "customer", "category", "segment", "share"]
    public static let optional = ["annual_value", "supplier_city", "supplier_region"]

    public private(set) var relations: [(line: Int, relation: SupplyRelation)] = []
    public private(set) var problems: [Problem] = []

    public var isValid: Bool { problems.isEmpty }

    /// Parses the file as RFC 4180 CSV (`CSVRecords`: quoted fields may hold commas, quotes and line breaks).
    /// `cities` are the valid `supplier_city` slugs.
    public init(parsing text: String, cities: Set<String>) {
        let records = CSVRecords.split(file: Array(text.utf8))
        guard let header = records.first else {
            problems.append(
                Problem(row: 1, column: nil, message: "the file is empty; the first line must be the header"))
            return
        }
        if let error = header.error { problems.append(Problem(row: header.line, column: nil, message: error.message)) }
        let names = header.fields.indices.map { (header.text($0) ?? "").lowercased() }
        for name in Self.required where !names.contains(name) {
            problems.append(Problem(row: 1, column: name, message: "missing column"))
        }
        for name in names where !(Self.required + Self.optional).contains(name) {
            problems.append(Problem(row: 1, column: name, message: "unknown column"))
        }
        guard problems.isEmpty else { return }
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            let row = record.line
            if let error = record.error {
                let column = error.field.flatMap { names.indices.contains($0) ? names[$0] : nil }
                problems.append(Problem(row: row, column: column, message: error.message))
                continue
            }
            let fields = record.fields.indices.map { record.text($0) ?? "" }
            guard fields.count == names.count else {
                problems.append(
                    Problem(row: row, column: nil, message: "has \(fields.count) fields, the header \(names.count)"))
                continue
            }
            var value: [String: String] = [:]
            for (name, field) in zip(names, fields) { value[name] = field }
            func fail(_ column: String, _ message: String) {
                problems.append(Problem(row: row, column: column, message: message))
            }
            let before = problems.count
            for name in ["supplier", "customer", "category"] where (value[name] ?? "").isEmpty {
                fail(name, "must not be empty")
            }
            let segment = ChainSegment(rawValue: value["segment"] ?? "")
            if segment == nil {
                fail("segment", "must be one of \(ChainSegment.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var shareText = value["share"] ?? ""
            let percent = shareText.hasSuffix("%")
            if percent { shareText.removeLast() }
            let share = Double(shareText).map { percent ? $0 / 100 : $0 }
            if share == nil || !(0...1).contains(share!) || share == 0 {
                fail("share", "must be a fraction above 0 and at most 1 (or a percentage like 35%)")
            }
            var annualValue: Double?
            if let text = value["annual_value"], !text.isEmpty {
                annualValue = Double(text)
                if annualValue == nil || annualValue! < 0 {
                    fail("annual_value", "must be a non-negative number (CNY)")
                }
            }
            let city = value["supplier_city"].flatMap { $0.isEmpty ? nil : $0.lowercased() }
            if let city, !cities.contains(city) {
                fail(
                    "supplier_city",
                    "must be one of the 11 cities (\(cities.sorted().joined(separator: ", "))) or empty")
            }
            let region = value["supplier_region"].flatMap { $0.isEmpty ? nil : $0.lowercased() }
            if city != nil && region != nil {
                fail("supplier_region", "give a city for an in-province supplier or a region for another, not both")
            }
            guard problems.count == before, let segment, let share else { continue }
            let relation = SupplyRelation(
                supplier: value["supplier"]!, customer: value["customer"]!, category: value["category"]!,
                segment: segment, share: share, annualValue: annualValue, supplierCity: city, supplierRegion: region)
            let key = "\(relation.customer)\u{0}\(relation.category)\u{0}\(relation.supplier)"
            if let first = seen[key] {
                fail("supplier", "the same relation is already on line \(first)")
                continue
            }
            seen[key] = row
            relations.append((row, relation))
        }
        // A customer's shares of one category should not exceed the whole need.
        let groups = Dictionary(grouping: relations) { "\($0.relation.customer)\u{0}\($0.relation.category)" }
        for group in groups.values where group.map(\.relation.share).reduce(0, +) > 1.0001 {
            let last = group.map(\.line).max() ?? 0
            problems.append(
                Problem(
                    row: last, column: "share",
                    message:
                        "the shares of \(group[0].relation.customer)'s \(group[0].relation.category) add up to more than 1"
                ))
        }
        problems.sort { ($0.row, $0.column ?? "") < ($1.row, $1.column ?? "") }
    }

    /// Adds a problem found outside the file (a customer not in the registry).
    public mutating func reject(row: Int, column: String?, _ message: String) {
        problems.append(Problem(row: row, column: column, message: message))
    }
}
