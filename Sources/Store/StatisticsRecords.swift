public import Industry
public import Model

/// One stored revision of a monthly report.
public struct MonthlyReportRecord: Sendable, Hashable {
    public var report: MonthlyReport
    /// 1 for the first submission of the enterprise's month, then 2, 3... Every revision is kept.
    public var revision: Int
    /// Warnings the report was stored with (`MonthlyReport.flags`), plus `late` when submitted after the deadline.
    public var flags: [String]
    public var submittedAt: Int64
    public var submittedBy: String

    public init(report: MonthlyReport, revision: Int, flags: [String], submittedAt: Int64, submittedBy: String) {
        self.report = report
        self.revision = revision
        self.flags = flags
        self.submittedAt = submittedAt
        self.submittedBy = submittedBy
    }
}

/// Which reports to read: the latest revision of each enterprise's month.
public struct MonthlyReportQuery: Sendable, Hashable {
    public var enterprise: EnterpriseID?
    /// Enterprises registered in this city.
    public var city: City?
    /// Inclusive `YYYY-MM` bounds.
    public var from: String?
    public var to: String?

    public init(enterprise: EnterpriseID? = nil, city: City? = nil, from: String? = nil, to: String? = nil) {
        self.enterprise = enterprise
        self.city = city
        self.from = from
        self.to = to
    }
}

/// Monthly statistics of the industry (月度产量调度).
public protocol StatisticsRepository: Sendable {
    /// Stores each report as the next revision of its enterprise's month, all in one transaction (an import is
    /// all or nothing). `flags` of each record are kept; `revision` is assigned. Throws `StoreError.conflict` if an
    /// enterprise is not in the registry. Returns the stored records.
    func submit(_ reports: [MonthlyReportRecord]) async throws -> [MonthlyReportRecord]
    /// The latest revision of each enterprise's month, by month then enterprise.
    func reports(_ query: MonthlyReportQuery) async throws -> [MonthlyReportRecord]
    /// Every revision of one enterprise's month, oldest first.
    func revisions(enterprise: EnterpriseID, month: String) async throws -> [MonthlyReportRecord]
}
