import Foundation
public import Industry
public import Model

/// The industry chain: enterprise profiles (segments, titles, white list) and supply relations.
public protocol IndustryRepository: Sendable {
    /// Inserts or replaces the profile of an enterprise in the registry (`StoreError.conflict` if it is not, or the
    /// credit code is another enterprise's).
    func upsertProfile(_ profile: EnterpriseProfile, at: Int64) async throws
    func profile(enterprise: EnterpriseID) async throws -> EnterpriseProfile?
    /// Registers or updates `entries` in one transaction (an import is all or nothing). With `replacingProfiles`
    /// each entry's profile replaces the stored one, and an entry without one loses it; otherwise profiles are left
    /// alone. An existing enterprise keeps its `createdAt`. `StoreError.conflict` if a credit code would be two
    /// enterprises'.
    func importEnterprises(_ entries: [EnterpriseEntry], replacingProfiles: Bool, at: Int64) async throws
    /// All profiles, ordered by enterprise.
    func profiles() async throws -> [EnterpriseProfile]
    /// Replaces every relation whose customer is in `customers` by `relations`, in one transaction (an import is
    /// all or nothing). `StoreError.conflict` if a customer is not in the registry.
    func replaceRelations(customers: Set<String>, with relations: [SupplyRelation]) async throws
    /// All relations, ordered by customer, category, supplier.
    func relations() async throws -> [SupplyRelation]
    /// Appends a figure for a target; earlier ones stay as history.
    func addEvidence(_ evidence: TargetEvidence) async throws
    /// Every figure entered, by target then time.
    func evidence() async throws -> [TargetEvidence]
    /// Inserts or replaces a work point by id.
    func upsertWorkPoint(_ point: WorkPoint, at: Int64) async throws
    /// The work points of a year (all years when nil), by year then id.
    func workPoints(year: Int?) async throws -> [WorkPoint]
    /// Inserts a form; `StoreError.conflict` if the id is taken.
    func insertForm(_ form: SurveyForm, at: Int64) async throws
    /// All forms, newest quarter first.
    func forms() async throws -> [SurveyForm]
    /// Stores an enterprise's response, replacing its earlier one to the same form.
    func submitResponse(_ response: SurveyResponse) async throws
    /// The responses to a form, by enterprise.
    func responses(formID: String) async throws -> [SurveyResponse]
}

/// JSON for the survey columns.
public enum SurveyJSON {
    public static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    public static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
