import Foundation
public import Industry
import Model
public import Store

/// Computes where each of the plan's targets stands from the platform's own data, or from the latest evidence
/// entered where the platform holds none. Each figure says how it was computed, so a report can trace it.
public struct TargetTracker: Sendable {
    let store: any PlatformStore
    /// Counts the charging registry answers (public chargers, hydrogen stations); nil until it is wired.
    var chargingCounts: (@Sendable () async throws -> [String: Double])?

    public init(store: any PlatformStore, chargingCounts: (@Sendable () async throws -> [String: Double])? = nil) {
        self.store = store
        self.chargingCounts = chargingCounts
    }

    public struct Figure: Codable, Sendable {
        public let id: String
        public let name: String
        public let englishName: String
        public let unit: String
        public let target: Double
        public let kind: String
        public let source: String
        public let baseline: Double?
        public let baselineYear: Int?
        public let baselineSource: String?
        public let value: Double?
        /// The month the value stands at, `YYYY-MM`.
        public let asOf: String?
        /// How the value was obtained: the query or the evidence's source.
        public let basis: String
        public let progress: Double?
        public let projected: Double?
        /// `on_track`, `at_risk` or `no_data`.
        public let status: String
    }

    /// The figures of `year`, measured at `currentMonth` (`YYYY-MM`, Beijing).
    public func figures(year: Int, currentMonth: String) async throws -> [Figure] {
        let reports = try await store.statistics.reports(MonthlyReportQuery(from: "\(year)-01", to: "\(year)-12"))
            .map(\.report)
        let lastReported = reports.map(\.month).max()
        let profiles = try await store.industry.profiles()
        let evidence = Dictionary(grouping: try await store.industry.evidence(), by: \.targetID).compactMapValues {
            $0.max { $0.enteredAt < $1.enteredAt }
        }
        let charging = try await chargingCounts?() ?? [:]
        let yearEnd = "\(year)-12"
        let stockMonth = currentMonth < yearEnd ? currentMonth : yearEnd
        let summary = "GET /api/v1/statistics/summary?from=\(year)-01&to=\(year)-12"

        var figures: [Figure] = []
        for target in PlanTarget.plan2025 {
            var value: Double?
            var asOf: String?
            var basis = ""
            switch target.id {
            case "nev_output" where lastReported != nil:
                value = Double(reports.map(\.nevProduction).reduce(0, +))
                asOf = lastReported
                basis =
                    "Σ nevProduction, latest revision of each enterprise month, \(year)-01..\(lastReported!) (\(summary))"
            case "nev_share_of_output" where lastReported != nil:
                let production = reports.map(\.production).reduce(0, +)
                if production > 0 {
                    value =
                        (Double(reports.map(\.nevProduction).reduce(0, +)) / Double(production) * 1000).rounded() / 10
                    asOf = lastReported
                    basis = "Σ nevProduction / Σ production × 100, \(year)-01..\(lastReported!) (\(summary))"
                }
            case "nev_exports" where lastReported != nil:
                value = Double(reports.map(\.nevExports).reduce(0, +))
                asOf = lastReported
                basis = "Σ nevExports, \(year)-01..\(lastReported!) (\(summary))"
            case "fcev_in_service":
                let total = try await store.vehicles.list(VehicleQuery(fuelType: .fcev, limit: 1)).total
                value = Double(total)
                asOf = stockMonth
                basis = "vehicles registered with fuel type FCEV (GET /api/v1/vehicles?fuel_type=FCEV, total)"
            default:
                if let title = target.countedTitle {
                    // "New" titles count from the plan's start (2023); the tiers count every holder.
                    let from = target.id == "green_factories" ? 2023 : 0
                    value = Double(
                        profiles.filter { p in
                            p.titles.contains { $0.title == title && $0.year >= from && $0.year <= year }
                        }
                        .count)
                    asOf = stockMonth
                    basis =
                        "enterprise profiles holding \(title.rawValue) awarded \(from > 0 ? "\(from)-" : "by ")\(year) (GET /api/v1/industry/enterprises?title=\(title.rawValue))"
                } else if target.source == .chargingRegistry, let count = charging[target.id] {
                    value = count
                    asOf = stockMonth
                    basis =
                        "charging registry: \(target.id == "public_chargers" ? "connectors at public stations" : "hydrogen stations in service") (GET /api/v1/charging/stats)"
                }
            }
            if value == nil, let e = evidence[target.id] {
                value = e.value
                asOf = e.asOf
                basis = "entered by \(e.enteredBy): \(e.source)"
            }
            var progress: TargetProgress?
            if let value, let asOf, let month = Int(asOf.suffix(2)) {
                let asOfYear = Int(asOf.prefix(4)) ?? year
                let elapsed = target.baselineYear.map { (asOfYear - $0 - 1) * 12 + month }
                progress = TargetProgress(
                    kind: target.kind, value: value, target: target.target, month: asOfYear < year ? 12 : month,
                    baseline: target.baseline, baselineMonths: elapsed)
            }
            figures.append(
                Figure(
                    id: target.id, name: target.name, englishName: target.englishName, unit: target.unit,
                    target: target.target, kind: target.kind.rawValue, source: target.source.rawValue,
                    baseline: target.baseline, baselineYear: target.baselineYear, baselineSource: target.baselineSource,
                    value: value, asOf: asOf, basis: value == nil ? "no data yet" : basis,
                    progress: progress.map { ($0.progress * 1000).rounded() / 1000 },
                    projected: progress.map { ($0.projected * 10).rounded() / 10 },
                    status: progress.map { $0.onTrack ? "on_track" : "at_risk" } ?? "no_data"))
        }
        return figures
    }
}
