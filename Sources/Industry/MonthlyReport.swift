/// One enterprise's monthly statistics (月度产量调度), as reported. Vehicles unless said otherwise.
public struct MonthlyReport: Sendable, Hashable, Codable {
    /// The enterprise's identifier in the registry.
    public var enterprise: String
    /// `YYYY-MM`.
    public var month: String
    public var production: Int64
    public var sales: Int64
    public var exports: Int64
    public var nevProduction: Int64
    /// NEV production by powertrain: battery-electric, plug-in hybrid (incl. range extenders), fuel cell.
    public var nevBEV: Int64
    public var nevPHEV: Int64
    public var nevFCEV: Int64
    public var nevSales: Int64
    public var nevExports: Int64
    /// Annual production capacity at the month's end.
    public var capacity: Int64

    public init(
        enterprise: String, month: String, production: Int64, sales: Int64, exports: Int64, nevProduction: Int64,
        nevBEV: Int64, nevPHEV: Int64, nevFCEV: Int64, nevSales: Int64, nevExports: Int64, capacity: Int64
    ) {
        self.enterprise = enterprise
        self.month = month
        self.production = production
        self.sales = sales
        self.exports = exports
        self.nevProduction = nevProduction
        self.nevBEV = nevBEV
        self.nevPHEV = nevPHEV
        self.nevFCEV = nevFCEV
        self.nevSales = nevSales
        self.nevExports = nevExports
        self.capacity = capacity
    }

    /// The figures by field name, in report order (the CSV columns and JSON keys).
    public static let fields = [
        "production", "sales", "exports", "nevProduction", "nevBEV", "nevPHEV", "nevFCEV", "nevSales", "nevExports",
        "capacity",
    ]

    /// The figure named `field`.
    public subscript(field: String) -> Int64 {
        switch field {
        case "production": production
        case "sales": sales
        case "exports": exports
        case "nevProduction": nevProduction
        case "nevBEV": nevBEV
        case "nevPHEV": nevPHEV
        case "nevFCEV": nevFCEV
        case "nevSales": nevSales
        case "nevExports": nevExports
        default: capacity
        }
    }

    /// A problem that refuses the report, naming the field.
    public struct Problem: Sendable, Hashable, Codable, CustomStringConvertible {
        public var field: String
        public var message: String
        public var description: String { "\(field): \(message)" }
    }

    /// Refusals: a month that is not `YYYY-MM` or lies after `currentMonth`, negative figures, and figures that
    /// contradict each other (NEV above the total, the powertrain split not adding up to NEV production, exports
    /// above sales). Empty when the report can be stored.
    public func problems(currentMonth: String) -> [Problem] {
        var problems: [Problem] = []
        if !Self.isMonth(month) {
            problems.append(Problem(field: "month", message: "must be YYYY-MM"))
        } else if month > currentMonth {
            problems.append(Problem(field: "month", message: "\(month) has not ended yet"))
        }
        for field in Self.fields where self[field] < 0 {
            problems.append(Problem(field: field, message: "must not be negative"))
        }
        func atMost(_ part: String, _ whole: String) {
            if self[part] > self[whole] {
                problems.append(Problem(field: part, message: "\(self[part]) is more than \(whole) \(self[whole])"))
            }
        }
        atMost("nevProduction", "production")
        atMost("nevSales", "sales")
        atMost("exports", "sales")
        atMost("nevExports", "exports")
        atMost("nevExports", "nevSales")
        if nevBEV + nevPHEV + nevFCEV != nevProduction {
            problems.append(
                Problem(
                    field: "nevBEV",
                    message:
                        "nevBEV + nevPHEV + nevFCEV = \(nevBEV + nevPHEV + nevFCEV), not nevProduction \(nevProduction)"
                ))
        }
        return problems
    }

    /// Warnings that do not refuse the report: a figure more than 50 % above or below the enterprise's previous
    /// month (with at least 100 vehicles in either, so small numbers do not flag), and production above a twelfth
    /// of the capacity.
    public func flags(previous: MonthlyReport?) -> [String] {
        var flags: [String] = []
        if let previous {
            for field in ["production", "sales", "exports", "nevProduction"] {
                let now = Double(self[field])
                let before = Double(previous[field])
                guard max(now, before) >= 100 else { continue }
                if before == 0 || abs(now - before) / before > 0.5 { flags.append("\(field)_jump") }
            }
        }
        if capacity > 0 && production * 12 > capacity { flags.append("production_above_capacity") }
        return flags
    }

    /// Whether `text` is a month `YYYY-MM` between 2000 and 2100.
    public static func isMonth(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]),
            let month = Int(parts[1])
        else { return false }
        return (2000...2100).contains(year) && (1...12).contains(month)
    }

    /// The month before `month` (`YYYY-MM`).
    public static func previousMonth(_ month: String) -> String {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2 else { return month }
        let (year, m) = parts[1] == 1 ? (parts[0] - 1, 12) : (parts[0], parts[1] - 1)
        return "\(year)-\(m < 10 ? "0" : "")\(m)"
    }
}

/// Annual capacity verification (年度产能核查): output against capacity per enterprise.
public struct CapacityCheck: Sendable, Hashable, Codable {
    public var enterprise: String
    /// Capacity as last reported in the year.
    public var capacity: Int64
    /// Production over the months reported.
    public var output: Int64
    public var months: Int
    /// Output over the capacity for the months reported (capacity × months / 12); nil without capacity.
    public var utilisation: Double?
    /// Utilisation below the threshold.
    public var warning: Bool

    /// One row per enterprise of `reports` (one year's latest revisions), by enterprise.
    public static func verify(_ reports: [MonthlyReport], threshold: Double) -> [CapacityCheck] {
        Dictionary(grouping: reports, by: \.enterprise).map { enterprise, rows in
            let sorted = rows.sorted { $0.month < $1.month }
            let capacity = sorted.last?.capacity ?? 0
            let output = sorted.map(\.production).reduce(0, +)
            let utilisation =
                capacity > 0 ? Double(output) / (Double(capacity) * Double(sorted.count) / 12) : nil
            return CapacityCheck(
                enterprise: enterprise, capacity: capacity, output: output, months: sorted.count,
                utilisation: utilisation.map { ($0 * 1000).rounded() / 1000 },
                warning: utilisation.map { $0 < threshold } ?? false)
        }.sorted { $0.enterprise < $1.enterprise }
    }
}
