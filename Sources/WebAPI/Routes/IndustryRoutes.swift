import Foundation
import Hummingbird
import Identity
import Industry
import Model
import NIOCore
import Store

/// The industry chain (产业一链通): enterprise profiles, supply relations, the chain map with its gaps, supply risk
/// and the supply-cut simulation. The province sees the whole chain; a city the relations of its own enterprises
/// (as customers); an enterprise its own supply.
enum IndustryRoutes {
    struct ProfileBody: Codable {
        struct Title: Codable {
            let title: String
            let year: Int
        }
        struct WhiteList: Codable {
            let reason: String
            let since: String
            let contact: String
        }
        let creditCode: String?
        let englishName: String?
        let district: String?
        let segments: [String]
        let titles: [Title]?
        let whiteList: WhiteList?
        let sample: Bool?
    }

    struct EnterpriseView: Codable {
        let id: String
        let name: String
        let city: String
        let creditCode: String?
        let englishName: String?
        let district: String?
        let segments: [String]
        let titles: [ProfileBody.Title]
        let whiteList: ProfileBody.WhiteList?
        let sample: Bool

        init(_ record: EnterpriseRecord, _ p: EnterpriseProfile) {
            id = record.id.rawValue
            name = record.name
            city = record.city.slug
            creditCode = p.creditCode?.rawValue
            englishName = p.englishName
            district = p.district
            segments = p.segments.map(\.rawValue)
            titles = p.titles.map { .init(title: $0.title.rawValue, year: $0.year) }
            whiteList = p.whiteList.map { .init(reason: $0.reason, since: $0.since, contact: $0.contact) }
            sample = p.sample
        }
    }

    struct RelationView: Codable {
        let supplier: String
        let customer: String
        let category: String
        let segment: String
        let share: Double
        let annualValue: Double?
        let supplierCity: String?
        let supplierRegion: String?

        init(_ r: SupplyRelation) {
            supplier = r.supplier
            customer = r.customer
            category = r.category
            segment = r.segment.rawValue
            share = r.share
            annualValue = r.annualValue
            supplierCity = r.supplierCity
            supplierRegion = r.supplierRegion
        }
    }

    struct ChainView: Codable {
        struct Node: Codable {
            let id: String
            let name: String
            let city: String?
            let segments: [String]
            let inProvince: Bool
        }
        struct SegmentCount: Codable {
            let segment: String
            let name: String
            let enterprises: Int
            let byCity: [String: Int]
        }
        struct Gap: Codable {
            let kind: String
            let segment: String
            let category: String?
            let customers: [String]
        }
        let nodes: [Node]
        let edges: [RelationView]
        let segments: [SegmentCount]
        let gaps: [Gap]
    }

    struct RiskView: Codable {
        struct Rate: Codable {
            let scope: String
            let localSupplyRate: Double?
        }
        let categories: [CategoryRisk]
        let localSupplyRates: [Rate]
        let definition: String
    }

    struct CutRequest: Codable {
        let suppliers: [String]?
        let cities: [String]?
        let regions: [String]?
        let weeks: Double
    }

    struct CutView: Codable {
        let weeks: Double
        let impacts: [CutImpact]
        let unitsAtRisk: Double
        let monthlyOutputBasis: String
    }

    static let localSupplyRateDefinition =
        "关键零部件本地配套率: the value of key-part supply (segments batteries, battery materials, motors, electronics, thermal, chassis) from suppliers producing in Zhejiang, over the value of all key-part supply to the OEMs in scope; a relation without a value weighs its share of the need."

    static func endpoints(_ services: PlatformServices) -> [Endpoint] {
        let store = services.store
        return [
            Endpoint(
                .put, "/api/v1/enterprises/{id}/profile", access: .province,
                doc: EndpointDoc(
                    summary: "Set an enterprise's chain profile: credit code, segments, titles, white list",
                    tag: "industry",
                    description:
                        "The credit code is checked (GB 32100 and the embedded GB 11714 check character); a wrong one is a 400 naming `creditCode` with the character expected.",
                    requestBody: Schema.ref("EnterpriseProfileRequest"), response: Schema.ref("ChainEnterprise"),
                    errors: [400, 404, 409])
            ) { request, context in
                let id = context.parameters.get("id") ?? ""
                guard let enterpriseID = EnterpriseID(rawValue: id),
                    let record = try await store.enterprises.find(id: enterpriseID)
                else { throw APIError.notFound("no enterprise \(id)", field: "id") }
                let body = try await JSONBody.decode(ProfileBody.self, from: request, context: context)
                let profile = try profile(body, enterprise: id)
                do {
                    try await store.industry.upsertProfile(profile, at: Clock.nowMicros())
                } catch let error as StoreError where error.kind == .conflict {
                    throw APIError.conflict(
                        "credit code \(body.creditCode ?? "") belongs to another enterprise", field: "creditCode")
                }
                try await store.audit.append(
                    AuditEntry(
                        at: Clock.nowMicros(), actor: context.principal.actor, role: context.principal.role,
                        action: "industry.profile", resource: id, outcome: "ok"))
                return try JSONBody.response(EnterpriseView(record, profile))
            },
            Endpoint(
                .get, "/api/v1/industry/enterprises", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Enterprises of the chain with their profiles, scoped", tag: "industry",
                    query: [
                        QueryParameter(
                            "segment", Schema.enumeration(ChainSegment.allCases.map(\.rawValue)), "In this segment"),
                        QueryParameter(
                            "title", Schema.enumeration(EnterpriseTitle.allCases.map(\.rawValue)), "Holding this title"),
                        QueryParameter("whitelist", Schema.boolean, "Only the key-enterprise white list"),
                        QueryParameter("city", APISchemas.city, "Registered in this city"),
                    ], response: Schema.ref("ChainEnterpriseList"), errors: [400])
            ) { request, context in
                let parameters = request.uri.queryParameters
                var city = try IdentityRoutes.city(parameters.get("city"))
                var enterprise: EnterpriseID?
                try await Scope.narrow(
                    city: &city, enterprise: &enterprise, of: "industry/enterprises", context, store: store)
                let segment = try parameters.get("segment").map { text -> ChainSegment in
                    guard let s = ChainSegment(rawValue: text) else {
                        throw APIError.badRequest("unknown segment \(text)", field: "segment")
                    }
                    return s
                }
                let title = try parameters.get("title").map { text -> EnterpriseTitle in
                    guard let t = EnterpriseTitle(rawValue: text) else {
                        throw APIError.badRequest("unknown title \(text)", field: "title")
                    }
                    return t
                }
                let whiteListOnly = parameters.get("whitelist") == "true"
                let records = Dictionary(
                    uniqueKeysWithValues: try await store.enterprises.list(city: city).map { ($0.id.rawValue, $0) })
                let views = try await store.industry.profiles().compactMap { p -> EnterpriseView? in
                    guard let record = records[p.enterprise], enterprise == nil || enterprise?.rawValue == p.enterprise,
                        segment.map(p.segments.contains) ?? true,
                        title.map { t in p.titles.contains { $0.title == t } } ?? true,
                        !whiteListOnly || p.whiteList != nil
                    else { return nil }
                    return EnterpriseView(record, p)
                }
                return try JSONBody.response(["enterprises": views])
            },
            Endpoint(
                .put, "/api/v1/industry/relations", access: .province,
                doc: EndpointDoc(
                    summary: "Import supply relations from CSV: replaces the relations of every customer in the file",
                    tag: "industry",
                    description:
                        "Header `supplier,customer,category,segment,share[,annual_value][,supplier_city][,supplier_region]`. `share` is the supplier's fraction of the customer's need (0.35 or 35%); `supplier_city` one of the 11 cities for a supplier producing in Zhejiang, otherwise `supplier_region` (e.g. jiangsu, overseas). Any problem imports nothing and answers 422 with every problem's row and column.",
                    requestBody: ["type": "string"], requestType: "text/csv", response: Schema.ref("RelationImport"),
                    errors: [413, 422])
            ) { request, context in
                let body = try await VehicleRoutes.importFile(request)
                var csv = SupplyRelationCSV(
                    parsing: String(decoding: body.readableBytesView, as: UTF8.self),
                    cities: Set(City.allCases.map(\.slug)))
                let customers = Set(csv.relations.map(\.relation.customer))
                var unknown: Set<String> = []
                for customer in customers {
                    if try await EnterpriseID(rawValue: customer).asyncFind(store) == nil { unknown.insert(customer) }
                }
                for (line, relation) in csv.relations where unknown.contains(relation.customer) {
                    csv.reject(row: line, column: "customer", "no enterprise \(relation.customer) in the registry")
                }
                guard csv.isValid else {
                    throw APIError.invalidCSV(
                        csv.problems.map { .init(row: $0.row, column: $0.column, message: $0.message) },
                        count: csv.problems.count)
                }
                try await store.industry.replaceRelations(customers: customers, with: csv.relations.map(\.relation))
                try await store.audit.append(
                    AuditEntry(
                        at: Clock.nowMicros(), actor: context.principal.actor, role: context.principal.role,
                        action: "industry.relations", resource: "supply_relations", outcome: "ok",
                        detail: "imported=\(csv.relations.count) customers=\(customers.count)"))
                return try JSONBody.response(["imported": csv.relations.count, "customers": customers.count])
            },
            Endpoint(
                .get, "/api/v1/industry/chain", access: .roles([.province, .city]),
                doc: EndpointDoc(
                    summary:
                        "The chain map: enterprises and supply relations as a graph, counts by segment and city, and the gaps",
                    tag: "industry",
                    description:
                        "Gaps: segments with no enterprise in the province (`segment`), and key-part categories some OEM buys with no supplier in the province (`category`). A city user sees its own enterprises' supply.",
                    query: [
                        QueryParameter(
                            "segment", Schema.enumeration(ChainSegment.allCases.map(\.rawValue)),
                            "Only relations of this segment")
                    ],
                    response: Schema.ref("ChainMap"), errors: [400])
            ) { request, context in
                let segment = try request.uri.queryParameters.get("segment").map { text -> ChainSegment in
                    guard let s = ChainSegment(rawValue: text) else {
                        throw APIError.badRequest("unknown segment \(text)", field: "segment")
                    }
                    return s
                }
                let (relations, enterprises, profiles) = try await scoped(context, store: store)
                let edges = relations.filter { segment == nil || $0.segment == segment }
                return try JSONBody.response(chain(edges, enterprises: enterprises, profiles: profiles))
            },
            Endpoint(
                .get, "/api/v1/industry/risk", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Supply risk per OEM and part category, and the local supply rate of key parts",
                    tag: "industry",
                    description:
                        "Per customer and category: suppliers, single source, HHI (Σ(100·share)² over shares normalised to the known suppliers; DOJ/FTC bands) and the out-of-province share; the local supply rate per OEM, per city and for the scope, with its definition.",
                    response: Schema.ref("SupplyRisk"))
            ) { _, context in
                let (relations, enterprises, _) = try await scoped(context, store: store)
                var rates: [RiskView.Rate] = [
                    .init(scope: "all", localSupplyRate: SupplyRisk.localSupplyRate(relations))
                ]
                let byCity = Dictionary(grouping: relations) { enterprises[$0.customer]?.city.slug ?? "" }
                for (city, group) in byCity.sorted(by: { $0.key < $1.key }) where !city.isEmpty {
                    rates.append(.init(scope: "city:\(city)", localSupplyRate: SupplyRisk.localSupplyRate(group)))
                }
                for (customer, group) in Dictionary(grouping: relations, by: \.customer).sorted(by: { $0.key < $1.key })
                {
                    rates.append(
                        .init(scope: "enterprise:\(customer)", localSupplyRate: SupplyRisk.localSupplyRate(group)))
                }
                return try JSONBody.response(
                    RiskView(
                        categories: SupplyRisk.categories(relations), localSupplyRates: rates,
                        definition: localSupplyRateDefinition))
            },
            Endpoint(
                .post, "/api/v1/industry/supply-cut", access: .roles([.province, .city]),
                doc: EndpointDoc(
                    summary: "Simulate a supply cut: take out suppliers, cities or regions for some weeks",
                    tag: "industry",
                    description:
                        "Answers, per OEM touched, the share of each part category that is cut, the binding category, and the vehicles not built: the OEM's monthly output (the mean of its last three reported months' production) × the weeks in months × the binding share. Assumes the remaining suppliers cannot raise deliveries during the cut. Ordered by exposure: the early-warning list.",
                    requestBody: Schema.ref("SupplyCutRequest"), response: Schema.ref("SupplyCut"), errors: [400])
            ) { request, context in
                let body = try await JSONBody.decode(CutRequest.self, from: request, context: context)
                guard body.weeks > 0, body.weeks <= 104 else {
                    throw APIError.badRequest("weeks must be above 0 and at most 104", field: "weeks")
                }
                let cities = Set(body.cities ?? [])
                if let bad = cities.first(where: { City(identifier: $0) == nil }) {
                    throw APIError.badRequest("unknown city \(bad)", field: "cities")
                }
                let cut = SupplyCut(
                    suppliers: Set(body.suppliers ?? []), cities: cities, regions: Set(body.regions ?? []),
                    weeks: body.weeks)
                guard !(cut.suppliers.isEmpty && cut.cities.isEmpty && cut.regions.isEmpty) else {
                    throw APIError.badRequest("name suppliers, cities or regions to cut", field: "suppliers")
                }
                let (relations, _, _) = try await scoped(context, store: store)
                let output = try await monthlyOutput(store: store)
                let impacts = SupplyCutSimulation.run(cut, relations: relations, monthlyOutput: output)
                return try JSONBody.response(
                    CutView(
                        weeks: body.weeks, impacts: impacts, unitsAtRisk: impacts.map(\.unitsAtRisk).reduce(0, +),
                        monthlyOutputBasis: "mean production of each OEM's last three reported months"))
            },
        ]
    }

    static func profile(_ body: ProfileBody, enterprise: String) throws -> EnterpriseProfile {
        var code: CreditCode?
        if let text = body.creditCode, !text.isEmpty {
            do {
                code = try CreditCode(text)
            } catch {
                throw APIError.badRequest("\(error)", field: "creditCode")
            }
        }
        var segments: [ChainSegment] = []
        for (i, text) in body.segments.enumerated() {
            guard let segment = ChainSegment(rawValue: text) else {
                throw APIError.badRequest(
                    "unknown segment \(text); one of \(ChainSegment.allCases.map(\.rawValue).joined(separator: ", "))",
                    field: "segments[\(i)]")
            }
            segments.append(segment)
        }
        var titles: [AwardedTitle] = []
        for (i, t) in (body.titles ?? []).enumerated() {
            guard let title = EnterpriseTitle(rawValue: t.title) else {
                throw APIError.badRequest(
                    "unknown title \(t.title); one of \(EnterpriseTitle.allCases.map(\.rawValue).joined(separator: ", "))",
                    field: "titles[\(i)].title")
            }
            guard (2000...2100).contains(t.year) else {
                throw APIError.badRequest("year must be 2000-2100", field: "titles[\(i)].year")
            }
            titles.append(AwardedTitle(title: title, year: t.year))
        }
        var whiteList: WhiteListEntry?
        if let w = body.whiteList {
            guard !w.reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw APIError.badRequest(
                    "give the reason the enterprise is on the white list", field: "whiteList.reason")
            }
            guard WhiteListEntry.isDay(w.since) else {
                throw APIError.badRequest("must be YYYY-MM-DD", field: "whiteList.since")
            }
            whiteList = WhiteListEntry(reason: w.reason, since: w.since, contact: w.contact)
        }
        return EnterpriseProfile(
            enterprise: enterprise, creditCode: code, englishName: body.englishName, district: body.district,
            segments: segments, titles: titles, whiteList: whiteList, sample: body.sample ?? false)
    }

    /// The relations the caller may see (a city: its enterprises' as customers; an enterprise: its own supply, as
    /// customer or supplier), with the registry entries and profiles.
    static func scoped(_ context: APIRequestContext, store: any PlatformStore) async throws
        -> ([SupplyRelation], [String: EnterpriseRecord], [String: EnterpriseProfile])
    {
        let enterprises = Dictionary(
            uniqueKeysWithValues: try await store.enterprises.list(city: nil).map { ($0.id.rawValue, $0) })
        let profiles = Dictionary(uniqueKeysWithValues: try await store.industry.profiles().map { ($0.enterprise, $0) })
        let principal = context.principal
        let relations = try await store.industry.relations().filter { r in
            switch principal.role {
            case .province: true
            case .city: enterprises[r.customer]?.city == principal.city
            case .enterprise:
                r.customer == principal.enterpriseID?.rawValue || r.supplier == principal.enterpriseID?.rawValue
            case .public: false
            }
        }
        return (relations, enterprises, profiles)
    }

    static func chain(
        _ edges: [SupplyRelation], enterprises: [String: EnterpriseRecord], profiles: [String: EnterpriseProfile]
    ) -> ChainView {
        var nodes: [String: ChainView.Node] = [:]
        for r in edges {
            for (id, city) in [(r.customer, enterprises[r.customer]?.city.slug), (r.supplier, r.supplierCity)] {
                guard nodes[id] == nil else { continue }
                let record = enterprises[id]
                nodes[id] = .init(
                    id: id, name: record?.name ?? id, city: record?.city.slug ?? city,
                    segments: profiles[id]?.segments.map(\.rawValue) ?? [],
                    inProvince: (record?.city.slug ?? city) != nil)
            }
        }
        // Profiled enterprises count in their segments even without relations.
        var bySegment: [ChainSegment: [String: Int]] = [:]
        for (id, profile) in profiles {
            let city = enterprises[id]?.city.slug ?? "unknown"
            for segment in profile.segments { bySegment[segment, default: [:]][city, default: 0] += 1 }
        }
        let segments = ChainSegment.allCases.map { s in
            ChainView.SegmentCount(
                segment: s.rawValue, name: s.chineseName, enterprises: bySegment[s]?.values.reduce(0, +) ?? 0,
                byCity: bySegment[s] ?? [:])
        }
        var gaps = segments.filter { $0.enterprises == 0 }.map {
            ChainView.Gap(kind: "segment", segment: $0.segment, category: nil, customers: [])
        }
        let keyCategories = Dictionary(grouping: edges.filter(\.segment.isKeyPart), by: \.category)
        for (category, group) in keyCategories.sorted(by: { $0.key < $1.key }) where !group.contains(where: \.isLocal) {
            gaps.append(
                .init(
                    kind: "category", segment: group[0].segment.rawValue, category: category,
                    customers: Array(Set(group.map(\.customer))).sorted()))
        }
        return ChainView(
            nodes: nodes.values.sorted { $0.id < $1.id }, edges: edges.map(RelationView.init), segments: segments,
            gaps: gaps)
    }

    /// Each OEM's monthly output: the mean production of its last three reported months.
    static func monthlyOutput(store: any PlatformStore) async throws -> [String: Double] {
        let reports = try await store.statistics.reports(MonthlyReportQuery())
        var output: [String: Double] = [:]
        for (enterprise, records) in Dictionary(grouping: reports, by: \.report.enterprise) {
            let last = records.sorted { $0.report.month > $1.report.month }.prefix(3)
            output[enterprise] = Double(last.map(\.report.production).reduce(0, +)) / Double(last.count)
        }
        return output
    }
}

extension Optional where Wrapped == EnterpriseID {
    /// The registry entry of this ID, if there is one.
    fileprivate func asyncFind(_ store: any PlatformStore) async throws -> EnterpriseRecord? {
        guard let id = self else { return nil }
        return try await store.enterprises.find(id: id)
    }
}
