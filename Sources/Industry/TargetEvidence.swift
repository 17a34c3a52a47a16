/// A figure entered for a target the platform holds no data for, with where it comes from.
public struct TargetEvidence: Sendable, Hashable, Codable {
    public var targetID: String
    public var value: Double
    /// The month the figure stands at, `YYYY-MM`.
    public var asOf: String
    /// The document or statistic it is taken from.
    public var source: String
    public var enteredBy: String
    public var enteredAt: Int64

    public init(targetID: String, value: Double, asOf: String, source: String, enteredBy: String, enteredAt: Int64) {
        self.targetID = targetID
        self.value = value
        self.asOf = asOf
        self.source = source
        self.enteredBy = enteredBy
        self.enteredAt = enteredAt
    }
}

/// One task of a year's work points (年度工作要点), with the departments responsible (责任单位).
public struct WorkPoint: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case planned
        case inProgress = "in_progress"
        case done
        case delayed
    }

    public var id: String
    public var year: Int
    public var task: String
    public var departments: [String]
    /// The plan target the task serves, if one.
    public var targetID: String?
    public var status: Status
    public var evidence: String

    public init(
        id: String, year: Int, task: String, departments: [String], targetID: String?, status: Status, evidence: String
    ) {
        self.id = id
        self.year = year
        self.task = task
        self.departments = departments
        self.targetID = targetID
        self.status = status
        self.evidence = evidence
    }
}
