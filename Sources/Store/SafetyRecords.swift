public import Model

/// What safety monitoring writes in one transaction: alarm, event and warning changes in the order they happened,
/// the data-quality findings of reports, and the day counts to add.
public struct SafetyBatch: Sendable, Hashable {
    public var alarms: [AlarmChangeRecord]
    /// Critical events as they stand after each change (an upsert by id).
    public var events: [CriticalEventRecord]
    public var warnings: [WarningChangeRecord]
    public var findings: [FindingRecord]
    public var quality: [QualityIncrement]

    /// Creates a batch.
    public init(
        alarms: [AlarmChangeRecord] = [], events: [CriticalEventRecord] = [], warnings: [WarningChangeRecord] = [],
        findings: [FindingRecord] = [], quality: [QualityIncrement] = []
    ) {
        self.alarms = alarms
        self.events = events
        self.warnings = warnings
        self.findings = findings
        self.quality = quality
    }

    public var isEmpty: Bool {
        alarms.isEmpty && events.isEmpty && warnings.isEmpty && findings.isEmpty && quality.isEmpty
    }
}

/// One change of an alarm episode (see `Safety.AlarmChange`): `opened`, `level_changed`, `closed`, `stale`,
/// `backdated`, `recorded` or `merged`.
public struct AlarmChangeRecord: Sendable, Hashable {
    public var alarmID: String
    public var vin: String
    /// `flag`, `storage`, `motor`, `engine` or `other`.
    public var category: String
    public var code: Int64
    public var name: String
    public var kind: String
    public var at: Int64
    public var level: Int
    public var previousLevel: Int?
    public var openedAt: Int64
    public var reissue: Bool

    /// Creates a change.
    public init(
        alarmID: String, vin: String, category: String, code: Int64, name: String, kind: String, at: Int64,
        level: Int, previousLevel: Int?, openedAt: Int64, reissue: Bool
    ) {
        self.alarmID = alarmID
        self.vin = vin
        self.category = category
        self.code = code
        self.name = name
        self.kind = kind
        self.at = at
        self.level = level
        self.previousLevel = previousLevel
        self.openedAt = openedAt
        self.reissue = reissue
    }
}

/// Who acknowledged something, and when.
public struct Acknowledgement: Sendable, Hashable {
    public var at: Int64
    public var by: String

    /// Creates an acknowledgement.
    public init(at: Int64, by: String) {
        self.at = at
        self.by = by
    }
}

/// An alarm episode as stored.
public struct AlarmRecord: Sendable, Hashable {
    public var id: String
    public var vin: String
    public var category: String
    public var code: Int64
    public var name: String
    /// `open`, `closed`, `stale` or `recorded` (an episode of the past, seen only in reissued data).
    public var status: String
    public var level: Int
    public var maxLevel: Int
    public var openedAt: Int64
    public var closedAt: Int64?
    /// Collection time of the newest change.
    public var lastAt: Int64
    /// Opened from reissued data.
    public var reissue: Bool
    public var acknowledged: Acknowledgement?

    /// Creates a record.
    public init(
        id: String, vin: String, category: String, code: Int64, name: String, status: String, level: Int,
        maxLevel: Int, openedAt: Int64, closedAt: Int64?, lastAt: Int64, reissue: Bool,
        acknowledged: Acknowledgement? = nil
    ) {
        self.id = id
        self.vin = vin
        self.category = category
        self.code = code
        self.name = name
        self.status = status
        self.level = level
        self.maxLevel = maxLevel
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.lastAt = lastAt
        self.reissue = reissue
        self.acknowledged = acknowledged
    }
}

/// A critical event as stored (see `Safety.CriticalEvent`).
public struct CriticalEventRecord: Sendable, Hashable {
    public var id: String
    public var vin: String
    /// `open`, `closed` or `stale`.
    public var status: String
    public var triggeredAt: Int64
    public var windowStart: Int64
    public var windowEnd: Int64?
    public var level: Int
    public var maxLevel: Int
    public var trigger: [String]
    public var acknowledged: Acknowledgement?

    /// Creates a record.
    public init(
        id: String, vin: String, status: String, triggeredAt: Int64, windowStart: Int64, windowEnd: Int64?,
        level: Int, maxLevel: Int, trigger: [String], acknowledged: Acknowledgement? = nil
    ) {
        self.id = id
        self.vin = vin
        self.status = status
        self.triggeredAt = triggeredAt
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.level = level
        self.maxLevel = maxLevel
        self.trigger = trigger
        self.acknowledged = acknowledged
    }
}

/// One change of an early warning: `opened` (with the evidence that raised it) or `closed` (with the evidence that
/// cleared it). Evidence is a JSON object.
public struct WarningChangeRecord: Sendable, Hashable {
    public var warningID: String
    public var vin: String
    public var rule: String
    public var kind: String
    public var at: Int64
    public var openedAt: Int64
    public var evidence: String

    /// Creates a change.
    public init(
        warningID: String, vin: String, rule: String, kind: String, at: Int64, openedAt: Int64, evidence: String
    ) {
        self.warningID = warningID
        self.vin = vin
        self.rule = rule
        self.kind = kind
        self.at = at
        self.openedAt = openedAt
        self.evidence = evidence
    }
}

/// An early warning as stored.
public struct WarningRecord: Sendable, Hashable {
    public var id: String
    public var vin: String
    public var rule: String
    /// `open` or `closed`.
    public var status: String
    public var openedAt: Int64
    public var closedAt: Int64?
    /// JSON objects.
    public var evidence: String
    public var closingEvidence: String?
    public var acknowledged: Acknowledgement?

    /// Creates a record.
    public init(
        id: String, vin: String, rule: String, status: String, openedAt: Int64, closedAt: Int64?, evidence: String,
        closingEvidence: String?, acknowledged: Acknowledgement? = nil
    ) {
        self.id = id
        self.vin = vin
        self.rule = rule
        self.status = status
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.evidence = evidence
        self.closingEvidence = closingEvidence
        self.acknowledged = acknowledged
    }
}

/// The data-quality findings of one report.
public struct FindingRecord: Sendable, Hashable {
    public var vin: String
    public var collectedAt: Int64
    public var receivedAt: Int64
    public var codes: [String]

    /// Creates a record.
    public init(vin: String, collectedAt: Int64, receivedAt: Int64, codes: [String]) {
        self.vin = vin
        self.collectedAt = collectedAt
        self.receivedAt = receivedAt
        self.codes = codes
    }
}

/// Data-quality counts of one vehicle and day (Beijing time), to add to what the store has.
public struct QualityIncrement: Sendable, Hashable {
    public var vin: String
    /// `YYYY-MM-DD`.
    public var day: String
    public var reports: Int
    public var validReports: Int
    public var intervals: Int
    public var compliantIntervals: Int
    /// Microseconds.
    public var onTime: Int64
    public var gapTime: Int64
    public var findings: [String: Int]

    /// Creates an increment.
    public init(
        vin: String, day: String, reports: Int = 0, validReports: Int = 0, intervals: Int = 0,
        compliantIntervals: Int = 0, onTime: Int64 = 0, gapTime: Int64 = 0, findings: [String: Int] = [:]
    ) {
        self.vin = vin
        self.day = day
        self.reports = reports
        self.validReports = validReports
        self.intervals = intervals
        self.compliantIntervals = compliantIntervals
        self.onTime = onTime
        self.gapTime = gapTime
        self.findings = findings
    }
}

extension QualityIncrement {
    /// Adds another increment of the same vehicle and day.
    public mutating func add(_ other: QualityIncrement) {
        reports += other.reports
        validReports += other.validReports
        intervals += other.intervals
        compliantIntervals += other.compliantIntervals
        onTime += other.onTime
        gapTime += other.gapTime
        findings.merge(other.findings, uniquingKeysWith: +)
    }

    /// Increments of the same vehicle and day added up, in first-seen order: one row per (vehicle, day) to upsert.
    public static func merged(_ increments: [QualityIncrement]) -> [QualityIncrement] {
        var index: [String: Int] = [:]
        var merged: [QualityIncrement] = []
        for increment in increments {
            let key = increment.vin + "|" + increment.day
            if let i = index[key] {
                merged[i].add(increment)
            } else {
                index[key] = merged.count
                merged.append(increment)
            }
        }
        return merged
    }
}

/// Data quality over a range of days for one vehicle or one enterprise: the sums, and the rates the national
/// platform's bulletins publish.
public struct QualityRollup: Sendable, Hashable {
    /// VIN or enterprise id.
    public var key: String
    /// Registered vehicles (1 for a vehicle), and those that reported on at least one day of the range.
    public var vehicles: Int
    public var reportingVehicles: Int
    public var reports: Int
    public var validReports: Int
    public var intervals: Int
    public var compliantIntervals: Int
    public var onTime: Int64
    public var gapTime: Int64

    /// Creates a rollup.
    public init(
        key: String, vehicles: Int, reportingVehicles: Int, reports: Int, validReports: Int, intervals: Int,
        compliantIntervals: Int, onTime: Int64, gapTime: Int64
    ) {
        self.key = key
        self.vehicles = vehicles
        self.reportingVehicles = reportingVehicles
        self.reports = reports
        self.validReports = validReports
        self.intervals = intervals
        self.compliantIntervals = compliantIntervals
        self.onTime = onTime
        self.gapTime = gapTime
    }

    /// Vehicles that reported / registered vehicles.
    public var onlineRate: Double? { vehicles > 0 ? Double(reportingVehicles) / Double(vehicles) : nil }
    /// Valid reports / reports.
    public var validity: Double? { reports > 0 ? Double(validReports) / Double(reports) : nil }
    /// 1 - gap time / on time.
    public var completeness: Double? { onTime > 0 ? 1 - Double(gapTime) / Double(onTime) : nil }
    /// Intervals of at most 30 s / intervals.
    public var intervalCompliance: Double? {
        intervals > 0 ? Double(compliantIntervals) / Double(intervals) : nil
    }
}

/// Which alarms, warnings or events a list returns. Scope filters (enterprise, city) join the vehicle registry.
public struct SafetyQuery: Sendable, Hashable {
    public var vin: String?
    public var enterprise: EnterpriseID?
    public var city: City?
    /// `open`, `closed`, ... (exact match).
    public var status: String?
    /// Minimum (max) level.
    public var minLevel: Int?
    /// Alarm name or warning rule.
    public var type: String?
    /// Opened at or after / before (µs).
    public var from: Int64?
    public var to: Int64?
    public var limit: Int
    public var offset: Int

    /// Creates a query.
    public init(
        vin: String? = nil, enterprise: EnterpriseID? = nil, city: City? = nil, status: String? = nil,
        minLevel: Int? = nil, type: String? = nil, from: Int64? = nil, to: Int64? = nil, limit: Int = 100,
        offset: Int = 0
    ) {
        self.vin = vin
        self.enterprise = enterprise
        self.city = city
        self.status = status
        self.minLevel = minLevel
        self.type = type
        self.from = from
        self.to = to
        self.limit = limit
        self.offset = offset
    }
}

/// An acknowledgement or a handling note by a province or city user on an alarm, warning or event.
public struct HandlingNote: Sendable, Hashable {
    /// `alarm`, `warning` or `event`.
    public var subjectKind: String
    public var subjectID: String
    public var at: Int64
    public var user: String
    /// `acknowledge` or `note`.
    public var action: String
    public var text: String

    /// Creates a note.
    public init(subjectKind: String, subjectID: String, at: Int64, user: String, action: String, text: String) {
        self.subjectKind = subjectKind
        self.subjectID = subjectID
        self.at = at
        self.user = user
        self.action = action
        self.text = text
    }
}

/// What a vehicle has open, for resuming its trackers after a restart.
public struct OpenSafetyState: Sendable, Hashable {
    public var alarms: [AlarmRecord]
    public var event: CriticalEventRecord?
    public var warnings: [WarningRecord]

    /// Creates a state.
    public init(alarms: [AlarmRecord] = [], event: CriticalEventRecord? = nil, warnings: [WarningRecord] = []) {
        self.alarms = alarms
        self.event = event
        self.warnings = warnings
    }
}

/// Safety monitoring's tables.
public protocol SafetyRepository: Sendable {
    /// Applies a batch in one transaction.
    func record(_ batch: SafetyBatch) async throws
    func alarms(_ query: SafetyQuery) async throws -> [AlarmRecord]
    /// How many alarm episodes match `query` (its limit and offset ignored).
    func countAlarms(_ query: SafetyQuery) async throws -> Int
    func alarm(id: String) async throws -> AlarmRecord?
    /// An alarm's changes in order.
    func alarmChanges(alarmID: String) async throws -> [AlarmChangeRecord]
    func warnings(_ query: SafetyQuery) async throws -> [WarningRecord]
    func warning(id: String) async throws -> WarningRecord?
    func events(_ query: SafetyQuery) async throws -> [CriticalEventRecord]
    /// How many critical events match `query` (its limit and offset ignored).
    func countEvents(_ query: SafetyQuery) async throws -> Int
    func event(id: String) async throws -> CriticalEventRecord?
    /// Adds a note; an `acknowledge` also marks the subject acknowledged (the first one counts). False when the
    /// subject does not exist.
    func addNote(_ note: HandlingNote) async throws -> Bool
    func notes(subjectKind: String, subjectID: String) async throws -> [HandlingNote]
    /// What `vin` has open.
    func openState(vin: String) async throws -> OpenSafetyState
    /// Reports with findings of `vin` collected in `from..<to`, oldest first.
    func findings(vin: String, from: Int64, to: Int64, limit: Int) async throws -> [FindingRecord]
    /// Findings counted by code over days `from...to` (`YYYY-MM-DD`), for a vehicle or every vehicle in `filter`.
    func findingCounts(vin: String?, filter: FleetFilter, from: String, to: String) async throws -> [String: Int]
    /// Quality per vehicle over days `from...to`, for the vehicles of `filter` that reported.
    func qualityByVehicle(filter: FleetFilter, from: String, to: String, limit: Int, offset: Int) async throws
        -> [QualityRollup]
    /// Quality per enterprise over days `from...to`, every enterprise of `filter` with registered vehicles.
    func qualityByEnterprise(filter: FleetFilter, from: String, to: String) async throws -> [QualityRollup]
    /// Warning thresholds per vehicle model, as JSON objects.
    func thresholds() async throws -> [String: String]
    func setThresholds(model: String, json: String, at: Int64, by: String) async throws
}

/// The tables that hold each kind of subject a note can be about.
public enum SafetySubjects {
    public static let table = ["alarm": "safety_alarms", "warning": "safety_warnings", "event": "safety_events"]
}

/// A subscriber to safety events over HTTP: where to POST, the secret that signs each request, which kinds, and
/// the scope (the creator's city or enterprise; none for the province).
public struct WebhookRecord: Sendable, Hashable {
    public var id: String
    public var url: String
    public var secret: String
    /// `alarm`, `warning`, `critical_event`.
    public var kinds: [String]
    public var city: City?
    public var enterprise: EnterpriseID?
    public var createdAt: Int64
    public var createdBy: String

    /// Creates a record.
    public init(
        id: String, url: String, secret: String, kinds: [String], city: City?, enterprise: EnterpriseID?,
        createdAt: Int64, createdBy: String
    ) {
        self.id = id
        self.url = url
        self.secret = secret
        self.kinds = kinds
        self.city = city
        self.enterprise = enterprise
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// One event to deliver to one webhook, and how delivery went.
public struct WebhookDelivery: Sendable, Hashable {
    public var id: String
    public var webhookID: String
    /// e.g. `alarm.opened`.
    public var event: String
    /// The JSON body.
    public var payload: String
    /// `pending`, `delivered` or `dead` (given up after the last retry: the dead-letter list).
    public var status: String
    public var attempts: Int
    public var nextAttemptAt: Int64
    public var lastError: String?
    public var createdAt: Int64
    public var deliveredAt: Int64?

    /// Creates a delivery.
    public init(
        id: String, webhookID: String, event: String, payload: String, status: String = "pending", attempts: Int = 0,
        nextAttemptAt: Int64, lastError: String? = nil, createdAt: Int64, deliveredAt: Int64? = nil
    ) {
        self.id = id
        self.webhookID = webhookID
        self.event = event
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }
}

/// Webhook subscriptions and their delivery queue.
public protocol WebhookRepository: Sendable {
    func insert(_ webhook: WebhookRecord) async throws
    func list() async throws -> [WebhookRecord]
    func find(id: String) async throws -> WebhookRecord?
    /// Removes a webhook and its deliveries; false when there was none.
    func delete(id: String) async throws -> Bool
    func enqueue(_ deliveries: [WebhookDelivery]) async throws
    /// Pending deliveries due at `now`, oldest first.
    func due(now: Int64, limit: Int) async throws -> [WebhookDelivery]
    /// The earliest time a pending delivery is due, nil when none is pending.
    func nextDue() async throws -> Int64?
    /// Records an attempt: delivered, retried at `nextAttemptAt`, or dead.
    func update(_ delivery: WebhookDelivery) async throws
    /// Deliveries of a webhook (newest first), optionally of one status.
    func deliveries(webhookID: String, status: String?, limit: Int) async throws -> [WebhookDelivery]
    func delivery(id: String) async throws -> WebhookDelivery?
}
