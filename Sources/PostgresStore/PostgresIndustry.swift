import Industry
import Model
import PostgresNIO
import Store

/// `IndustryRepository` on PostgreSQL.
struct PostgresIndustry: IndustryRepository {
    let store: PostgresStore

    static let profileColumns = """
        enterprise_id, credit_code, name_en, district, segments, titles, whitelist_reason, whitelist_since,
        whitelist_contact, sample
        """
    static let relationColumns =
        "supplier, customer, category, segment, share, annual_value, supplier_city, supplier_region"

    func upsertProfile(_ p: EnterpriseProfile, at: Int64) async throws {
        let logger = store.logger
        try await store.run("upsert enterprise profile") {
            try await store.client.withTransaction(logger: logger) { connection in
                var known = false
                for try await _ in try await connection.query(
                    "SELECT 1 FROM enterprises WHERE id = \(p.enterprise)", logger: logger)
                {
                    known = true
                }
                guard known else { throw StoreError(.conflict, "enterprise \(p.enterprise) is not in the registry") }
                try await connection.query(
                    """
                    INSERT INTO enterprise_profiles (\(unescaped: Self.profileColumns), updated_at)
                    VALUES (\(p.enterprise), \(p.creditCode?.rawValue), \(p.englishName), \(p.district),
                        \(ProfileText.segments(p.segments)), \(ProfileText.titles(p.titles)), \(p.whiteList?.reason),
                        \(p.whiteList?.since), \(p.whiteList?.contact), \(p.sample), \(at))
                    ON CONFLICT (enterprise_id) DO UPDATE SET credit_code = excluded.credit_code,
                        name_en = excluded.name_en, district = excluded.district, segments = excluded.segments,
                        titles = excluded.titles, whitelist_reason = excluded.whitelist_reason,
                        whitelist_since = excluded.whitelist_since, whitelist_contact = excluded.whitelist_contact,
                        sample = excluded.sample, updated_at = excluded.updated_at
                    """, logger: logger)
            }
        }
    }

    private func profiles(_ query: PostgresQuery) async throws -> [EnterpriseProfile] {
        try await store.run("read enterprise profiles") {
            var result: [EnterpriseProfile] = []
            let rows = try await store.client.query(query, logger: store.logger)
            for try await r in rows.decode(
                (String, String?, String?, String?, String, String, String?, String?, String?, Bool).self)
            {
                result.append(
                    EnterpriseProfile(
                        enterprise: r.0, creditCode: r.1.flatMap { try? CreditCode($0) }, englishName: r.2,
                        district: r.3, segments: ProfileText.segments(r.4), titles: ProfileText.titles(r.5),
                        whiteList: r.6.map { WhiteListEntry(reason: $0, since: r.7 ?? "", contact: r.8 ?? "") },
                        sample: r.9))
            }
            return result
        }
    }

    func profile(enterprise: EnterpriseID) async throws -> EnterpriseProfile? {
        try await profiles(
            """
            SELECT \(unescaped: Self.profileColumns) FROM enterprise_profiles
            WHERE enterprise_id = \(enterprise.rawValue)
            """
        ).first
    }

    func profiles() async throws -> [EnterpriseProfile] {
        try await profiles(
            "SELECT \(unescaped: Self.profileColumns) FROM enterprise_profiles ORDER BY enterprise_id COLLATE \"C\"")
    }

    func replaceRelations(customers: Set<String>, with relations: [SupplyRelation]) async throws {
        let logger = store.logger
        try await store.run("replace supply relations") {
            try await store.client.withTransaction(logger: logger) { connection in
                for customer in customers.sorted() {
                    var known = false
                    for try await _ in try await connection.query(
                        "SELECT 1 FROM enterprises WHERE id = \(customer)", logger: logger)
                    {
                        known = true
                    }
                    guard known else { throw StoreError(.conflict, "enterprise \(customer) is not in the registry") }
                    try await connection.query(
                        "DELETE FROM supply_relations WHERE customer = \(customer)", logger: logger)
                }
                for r in relations {
                    try await connection.query(
                        """
                        INSERT INTO supply_relations (\(unescaped: Self.relationColumns))
                        VALUES (\(r.supplier), \(r.customer), \(r.category), \(r.segment.rawValue), \(r.share),
                            \(r.annualValue), \(r.supplierCity), \(r.supplierRegion))
                        """, logger: logger)
                }
            }
        }
    }

    func relations() async throws -> [SupplyRelation] {
        try await store.run("read supply relations") {
            var result: [SupplyRelation] = []
            let rows = try await store.client.query(
                """
                SELECT \(unescaped: Self.relationColumns) FROM supply_relations
                ORDER BY customer COLLATE "C", category COLLATE "C", supplier COLLATE "C"
                """, logger: store.logger)
            for try await r in rows.decode((String, String, String, String, Double, Double?, String?, String?).self) {
                result.append(
                    SupplyRelation(
                        supplier: r.0, customer: r.1, category: r.2, segment: ChainSegment(rawValue: r.3) ?? .interiors,
                        share: r.4, annualValue: r.5, supplierCity: r.6, supplierRegion: r.7))
            }
            return result
        }
    }
}
