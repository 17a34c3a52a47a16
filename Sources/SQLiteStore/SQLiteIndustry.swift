import Industry
import Model
import Store

/// `IndustryRepository` on SQLite.
struct SQLiteIndustry: IndustryRepository {
    let store: SQLiteStore

    static let profileColumns = """
        enterprise_id, credit_code, name_en, district, segments, titles, whitelist_reason, whitelist_since,
        whitelist_contact, sample
        """

    static func profile(_ row: SQLiteRow) -> EnterpriseProfile {
        var whiteList: WhiteListEntry?
        if let reason = row.textOrNil(6) {
            whiteList = WhiteListEntry(reason: reason, since: row.textOrNil(7) ?? "", contact: row.textOrNil(8) ?? "")
        }
        return EnterpriseProfile(
            enterprise: row.text(0), creditCode: row.textOrNil(1).flatMap { try? CreditCode($0) },
            englishName: row.textOrNil(2), district: row.textOrNil(3), segments: ProfileText.segments(row.text(4)),
            titles: ProfileText.titles(row.text(5)), whiteList: whiteList, sample: row.int64(9) != 0)
    }

    static let relationColumns =
        "supplier, customer, category, segment, share, annual_value, supplier_city, supplier_region"

    static func relation(_ row: SQLiteRow) -> SupplyRelation {
        SupplyRelation(
            supplier: row.text(0), customer: row.text(1), category: row.text(2),
            segment: ChainSegment(rawValue: row.text(3)) ?? .interiors, share: row.double(4),
            annualValue: row.isNull(5) ? nil : row.double(5), supplierCity: row.textOrNil(6),
            supplierRegion: row.textOrNil(7))
    }

    func upsertProfile(_ p: EnterpriseProfile, at: Int64) async throws {
        try await store.writer.transaction { db in
            guard
                !(try db.statement("SELECT 1 FROM enterprises WHERE id = ?").query([.text(p.enterprise)]) { _ in true })
                    .isEmpty
            else { throw StoreError(.conflict, "enterprise \(p.enterprise) is not in the registry") }
            try db.statement(
                """
                INSERT INTO enterprise_profiles (\(Self.profileColumns), updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(enterprise_id) DO UPDATE SET credit_code = excluded.credit_code,
                    name_en = excluded.name_en, district = excluded.district, segments = excluded.segments,
                    titles = excluded.titles, whitelist_reason = excluded.whitelist_reason,
                    whitelist_since = excluded.whitelist_since, whitelist_contact = excluded.whitelist_contact,
                    sample = excluded.sample, updated_at = excluded.updated_at
                """
            ).run([
                .text(p.enterprise), .optional(p.creditCode?.rawValue), .optional(p.englishName),
                .optional(p.district), .text(ProfileText.segments(p.segments)), .text(ProfileText.titles(p.titles)),
                .optional(p.whiteList?.reason), .optional(p.whiteList?.since), .optional(p.whiteList?.contact),
                .integer(p.sample ? 1 : 0), .integer(at),
            ])
        }
    }

    func importEnterprises(_ entries: [EnterpriseEntry], replacingProfiles: Bool, at: Int64) async throws {
        try await store.writer.transaction { db in
            let enterprise = try db.statement(
                """
                INSERT INTO enterprises(id, name, city, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, city = excluded.city
                """)
            for e in entries {
                try enterprise.run([
                    .text(e.record.id.rawValue), .text(e.record.name), .text(e.record.city.code),
                    .integer(e.record.createdAt),
                ])
            }
            guard replacingProfiles else { return }
            // Deleted first, so that credit codes may move between enterprises of the file.
            let delete = try db.statement("DELETE FROM enterprise_profiles WHERE enterprise_id = ?")
            for e in entries { try delete.run([.text(e.record.id.rawValue)]) }
            let insert = try db.statement(
                "INSERT INTO enterprise_profiles (\(Self.profileColumns), updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            )
            for p in entries.compactMap(\.profile) {
                try insert.run([
                    .text(p.enterprise), .optional(p.creditCode?.rawValue), .optional(p.englishName),
                    .optional(p.district), .text(ProfileText.segments(p.segments)), .text(ProfileText.titles(p.titles)),
                    .optional(p.whiteList?.reason), .optional(p.whiteList?.since), .optional(p.whiteList?.contact),
                    .integer(p.sample ? 1 : 0), .integer(at),
                ])
            }
        }
    }

    func profile(enterprise: EnterpriseID) async throws -> EnterpriseProfile? {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.profileColumns) FROM enterprise_profiles WHERE enterprise_id = ?")
                .query([.text(enterprise.rawValue)], Self.profile).first
        }
    }

    func profiles() async throws -> [EnterpriseProfile] {
        try await store.reader.run { db in
            try db.statement("SELECT \(Self.profileColumns) FROM enterprise_profiles ORDER BY enterprise_id")
                .query([], Self.profile)
        }
    }

    func replaceRelations(customers: Set<String>, with relations: [SupplyRelation]) async throws {
        try await store.writer.transaction { db in
            let exists = try db.statement("SELECT 1 FROM enterprises WHERE id = ?")
            let delete = try db.statement("DELETE FROM supply_relations WHERE customer = ?")
            for customer in customers.sorted() {
                guard !(try exists.query([.text(customer)]) { _ in true }).isEmpty else {
                    throw StoreError(.conflict, "enterprise \(customer) is not in the registry")
                }
                try delete.run([.text(customer)])
            }
            let insert = try db.statement(
                "INSERT INTO supply_relations (\(Self.relationColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            for r in relations {
                try insert.run([
                    .text(r.supplier), .text(r.customer), .text(r.category), .text(r.segment.rawValue),
                    .real(r.share), .optional(r.annualValue), .optional(r.supplierCity), .optional(r.supplierRegion),
                ])
            }
        }
    }

    func relations() async throws -> [SupplyRelation] {
        try await store.reader.run { db in
            try db.statement(
                "SELECT \(Self.relationColumns) FROM supply_relations ORDER BY customer, category, supplier"
            ).query([], Self.relation)
        }
    }

    func addEvidence(_ e: TargetEvidence) async throws {
        try await store.writer.transaction { db in
            try db.statement(
                """
                INSERT INTO target_evidence (target_id, entered_at, value, as_of, source, entered_by)
                VALUES (?, ?, ?, ?, ?, ?)
                """
            ).run([
                .text(e.targetID), .integer(e.enteredAt), .real(e.value), .text(e.asOf), .text(e.source),
                .text(e.enteredBy),
            ])
        }
    }

    func evidence() async throws -> [TargetEvidence] {
        try await store.reader.run { db in
            try db.statement(
                "SELECT target_id, value, as_of, source, entered_by, entered_at FROM target_evidence ORDER BY target_id, entered_at"
            ).query([]) {
                TargetEvidence(
                    targetID: $0.text(0), value: $0.double(1), asOf: $0.text(2), source: $0.text(3),
                    enteredBy: $0.text(4), enteredAt: $0.int64(5))
            }
        }
    }

    func upsertWorkPoint(_ w: WorkPoint, at: Int64) async throws {
        try await store.writer.transaction { db in
            try db.statement(
                """
                INSERT INTO work_points (id, year, task, departments, target_id, status, evidence, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET year = excluded.year, task = excluded.task,
                    departments = excluded.departments, target_id = excluded.target_id, status = excluded.status,
                    evidence = excluded.evidence, updated_at = excluded.updated_at
                """
            ).run([
                .text(w.id), .integer(Int64(w.year)), .text(w.task), .text(w.departments.joined(separator: "\n")),
                .optional(w.targetID), .text(w.status.rawValue), .text(w.evidence), .integer(at),
            ])
        }
    }

    func workPoints(year: Int?) async throws -> [WorkPoint] {
        try await store.reader.run { db in
            try db.statement(
                """
                SELECT id, year, task, departments, target_id, status, evidence FROM work_points
                WHERE ? IS NULL OR year = ? ORDER BY year, id
                """
            ).query([.optional(year), .optional(year)]) {
                WorkPoint(
                    id: $0.text(0), year: Int($0.int64(1)), task: $0.text(2),
                    departments: $0.text(3).split(separator: "\n").map(String.init), targetID: $0.textOrNil(4),
                    status: WorkPoint.Status(rawValue: $0.text(5)) ?? .planned, evidence: $0.text(6))
            }
        }
    }

    func insertForm(_ form: SurveyForm, at: Int64) async throws {
        try await store.writer.transaction { db in
            try db.statement(
                "INSERT INTO survey_forms (id, title, quarter, questions, created_at) VALUES (?, ?, ?, ?, ?)"
            )
            .run([
                .text(form.id), .text(form.title), .text(form.quarter), .text(SurveyJSON.encode(form.questions)),
                .integer(at),
            ])
        }
    }

    func forms() async throws -> [SurveyForm] {
        try await store.reader.run { db in
            try db.statement("SELECT id, title, quarter, questions FROM survey_forms ORDER BY quarter DESC, id").query(
                []
            ) {
                SurveyForm(
                    id: $0.text(0), title: $0.text(1), quarter: $0.text(2),
                    questions: SurveyJSON.decode([SurveyForm.Question].self, $0.text(3)) ?? [])
            }
        }
    }

    func submitResponse(_ r: SurveyResponse) async throws {
        try await store.writer.transaction { db in
            try db.statement(
                """
                INSERT INTO survey_responses (form_id, enterprise_id, answers, submitted_at, submitted_by)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(form_id, enterprise_id) DO UPDATE SET answers = excluded.answers,
                    submitted_at = excluded.submitted_at, submitted_by = excluded.submitted_by
                """
            ).run([
                .text(r.formID), .text(r.enterprise), .text(SurveyJSON.encode(r.answers)), .integer(r.submittedAt),
                .text(r.submittedBy),
            ])
        }
    }

    func responses(formID: String) async throws -> [SurveyResponse] {
        try await store.reader.run { db in
            try db.statement(
                """
                SELECT form_id, enterprise_id, answers, submitted_at, submitted_by FROM survey_responses
                WHERE form_id = ? ORDER BY enterprise_id
                """
            ).query([.text(formID)]) {
                SurveyResponse(
                    formID: $0.text(0), enterprise: $0.text(1),
                    answers: SurveyJSON.decode([String: SurveyAnswer].self, $0.text(2)) ?? [:],
                    submittedAt: $0.int64(3),
                    submittedBy: $0.text(4))
            }
        }
    }
}
