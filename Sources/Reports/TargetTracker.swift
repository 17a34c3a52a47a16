import Charging
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
                        "charging registry: \(target.id == "public_chargers" ? "chargers at public stations" : "hydrogen refuelling stations") (GET /api/v1/charging/stats)"
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

extension TargetTracker {
    /// A tracker counting public chargers and hydrogen stations in the charging registry.
    public static func withChargingRegistry(store: any PlatformStore) -> TargetTracker {
        TargetTracker(store: store) {
            let now = Clock.nowMicros()
            let stats = try await store.charging.statistics(scope: ChargingScope(), from: now, to: now)
            return [
                "public_chargers": Double(stats.publicChargers), "hydrogen_stations": Double(stats.hydrogenStations),
            ]
        }
    }
}

extension WhitePaper {
    /// The charging section's rows for a year: the registry as it stands, and the year's use.
    public static func chargingRows(store: any PlatformStore)
        -> @Sendable (Int) async throws -> [(label: String, value: Double)]
    {
        { year in
            let stats = try await store.charging.statistics(
                scope: ChargingScope(), from: WhitePaper.micros(year: year),
                to: min(WhitePaper.micros(year: year + 1), Clock.nowMicros()))
            var rows: [(label: String, value: Double)] = [
                ("充电站", Double(stats.stations)), ("充电桩", Double(stats.chargers)),
                ("公共充电桩", Double(stats.publicChargers)), ("充电接口", Double(stats.connectors)),
                ("换电站", Double(stats.swapStations)), ("加氢站", Double(stats.hydrogenStations)),
                ("充电量 (kWh)", (stats.energyKWh * 10).rounded() / 10), ("充电次数", Double(stats.sessions)),
            ]
            if let utilisation = stats.usage.utilisation {
                rows.append(("时间利用率 (%)", (utilisation * 1000).rounded() / 10))
            }
            if let fault = stats.usage.faultRate { rows.append(("故障率 (%)", (fault * 1000).rounded() / 10)) }
            for (city, count) in stats.stationsByCity.sorted(by: { $0.key.slug < $1.key.slug }) {
                rows.append(("充电站 · \(city.chineseName)", Double(count)))
            }
            return rows
        }
    }
}
