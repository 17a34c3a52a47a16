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

    func importEnterprises(_ entries: [EnterpriseEntry], replacingProfiles: Bool, at: Int64) async throws {
        let logger = store.logger
        try await store.run("import enterprises") {
            try await store.client.withTransaction(logger: logger) { connection in
                for e in entries {
                    try await connection.query(
                        """
                        INSERT INTO enterprises (id, name, city, created_at)
                        VALUES (\(e.record.id.rawValue), \(e.record.name), \(e.record.city.code), \(e.record.createdAt))
                        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, city = EXCLUDED.city
                        """, logger: logger)
                }
                guard replacingProfiles else { return }
                // Deleted first, so that credit codes may move between enterprises of the file.
                let ids = entries.map(\.record.id.rawValue)
                try await connection.query(
                    "DELETE FROM enterprise_profiles WHERE enterprise_id = ANY(\(ids))", logger: logger)
                for p in entries.compactMap(\.profile) {
                    try await connection.query(
                        """
                        INSERT INTO enterprise_profiles (\(unescaped: Self.profileColumns), updated_at)
                        VALUES (\(p.enterprise), \(p.creditCode?.rawValue), \(p.englishName), \(p.district),
                            \(ProfileText.segments(p.segments)), \(ProfileText.titles(p.titles)), \(p.whiteList?.reason),
                            \(p.whiteList?.since), \(p.whiteList?.contact), \(p.sample), \(at))
                        """, logger: logger)
                }
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

    func addEvidence(_ e: TargetEvidence) async throws {
        try await store.run("add target evidence") {
            try await store.client.query(
                """
                INSERT INTO target_evidence (target_id, entered_at, value, as_of, source, entered_by)
                VALUES (\(e.targetID), \(e.enteredAt), \(e.value), \(e.asOf), \(e.source), \(e.enteredBy))
                """, logger: store.logger)
        }
    }

    func evidence() async throws -> [TargetEvidence] {
        try await store.run("read target evidence") {
            var result: [TargetEvidence] = []
            let rows = try await store.client.query(
                """
                SELECT target_id, value, as_of, source, entered_by, entered_at FROM target_evidence
                ORDER BY target_id COLLATE "C", entered_at
                """, logger: store.logger)
            for try await r in rows.decode((String, Double, String, String, String, Int64).self) {
                result.append(
                    TargetEvidence(targetID: r.0, value: r.1, asOf: r.2, source: r.3, enteredBy: r.4, enteredAt: r.5))
            }
            return result
        }
    }

    func upsertWorkPoint(_ w: WorkPoint, at: Int64) async throws {
        try await store.run("upsert work point") {
            try await store.client.query(
                """
                INSERT INTO work_points (id, year, task, departments, target_id, status, evidence, updated_at)
                VALUES (\(w.id), \(Int32(w.year)), \(w.task), \(w.departments.joined(separator: "\n")), \(w.targetID),
                    \(w.status.rawValue), \(w.evidence), \(at))
                ON CONFLICT (id) DO UPDATE SET year = excluded.year, task = excluded.task,
                    departments = excluded.departments, target_id = excluded.target_id, status = excluded.status,
                    evidence = excluded.evidence, updated_at = excluded.updated_at
                """, logger: store.logger)
        }
    }

    func workPoints(year: Int?) async throws -> [WorkPoint] {
        try await store.run("read work points") {
            var result: [WorkPoint] = []
            let rows = try await store.client.query(
                """
                SELECT id, year, task, departments, target_id, status, evidence FROM work_points
                WHERE \(year.map(Int32.init))::integer IS NULL OR year = \(year.map(Int32.init)) ORDER BY year, id COLLATE "C"
                """, logger: store.logger)
            for try await r in rows.decode((String, Int32, String, String, String?, String, String).self) {
                result.append(
                    WorkPoint(
                        id: r.0, year: Int(r.1), task: r.2, departments: r.3.split(separator: "\n").map(String.init),
                        targetID: r.4, status: WorkPoint.Status(rawValue: r.5) ?? .planned, evidence: r.6))
            }
            return result
        }
    }

    func insertForm(_ form: SurveyForm, at: Int64) async throws {
        try await store.run("insert survey form") {
            try await store.client.query(
                """
                INSERT INTO survey_forms (id, title, quarter, questions, created_at)
                VALUES (\(form.id), \(form.title), \(form.quarter), \(SurveyJSON.encode(form.questions)), \(at))
                """, logger: store.logger)
        }
    }

    func forms() async throws -> [SurveyForm] {
        try await store.run("read survey forms") {
            var result: [SurveyForm] = []
            let rows = try await store.client.query(
                "SELECT id, title, quarter, questions FROM survey_forms ORDER BY quarter DESC, id COLLATE \"C\"",
                logger: store.logger)
            for try await r in rows.decode((String, String, String, String).self) {
                result.append(
                    SurveyForm(
                        id: r.0, title: r.1, quarter: r.2,
                        questions: SurveyJSON.decode([SurveyForm.Question].self, r.3) ?? []))
            }
            return result
        }
    }

    func submitResponse(_ r: SurveyResponse) async throws {
        try await store.run("submit survey response") {
            try await store.client.query(
                """
                INSERT INTO survey_responses (form_id, enterprise_id, answers, submitted_at, submitted_by)
                VALUES (\(r.formID), \(r.enterprise), \(SurveyJSON.encode(r.answers)), \(r.submittedAt), \(r.submittedBy))
                ON CONFLICT (form_id, enterprise_id) DO UPDATE SET answers = excluded.answers,
                    submitted_at = excluded.submitted_at, submitted_by = excluded.submitted_by
                """, logger: store.logger)
        }
    }

    func responses(formID: String) async throws -> [SurveyResponse] {
        try await store.run("read survey responses") {
            var result: [SurveyResponse] = []
            let rows = try await store.client.query(
                """
                SELECT form_id, enterprise_id, answers, submitted_at, submitted_by FROM survey_responses
                WHERE form_id = \(formID) ORDER BY enterprise_id COLLATE "C"
                """, logger: store.logger)
            for try await r in rows.decode((String, String, String, Int64, String).self) {
                result.append(
                    SurveyResponse(
                        formID: r.0, enterprise: r.1,
                        answers: SurveyJSON.decode([String: SurveyAnswer].self, r.2) ?? [:],
                        submittedAt: r.3, submittedBy: r.4))
            }
            return result
        }
    }
}
