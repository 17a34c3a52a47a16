import Foundation
import Model
import Safety
import Store

/// Who acknowledged, for the views.
private func acknowledgedAt(_ ack: Acknowledgement?) -> String? { ack.map { Clock.iso8601(micros: $0.at) } }

/// One alarm episode.
struct AlarmView: Codable, Equatable {
    let id: String
    let vin: String
    let category: String
    let code: Int64
    let name: String
    let status: String
    let level: Int
    let maxLevel: Int
    let openedAt: String
    let closedAt: String?
    let lastAt: String
    let reissue: Bool
    let acknowledgedAt: String?
    let acknowledgedBy: String?

    init(_ r: AlarmRecord) {
        id = r.id
        vin = r.vin
        category = r.category
        code = r.code
        name = r.name
        status = r.status
        level = r.level
        maxLevel = r.maxLevel
        openedAt = Clock.iso8601(micros: r.openedAt)
        closedAt = r.closedAt.map { Clock.iso8601(micros: $0) }
        lastAt = Clock.iso8601(micros: r.lastAt)
        reissue = r.reissue
        acknowledgedAt = WebAPI.acknowledgedAt(r.acknowledged)
        acknowledgedBy = r.acknowledged?.by
    }
}

/// One change of an alarm.
struct AlarmChangeView: Codable, Equatable {
    let alarmId: String
    let name: String
    let kind: String
    let at: String
    let level: Int
    let previousLevel: Int?
    let openedAt: String
    let reissue: Bool

    init(_ c: AlarmChangeRecord) {
        alarmId = c.alarmID
        name = c.name
        kind = c.kind
        at = Clock.iso8601(micros: c.at)
        level = c.level
        previousLevel = c.previousLevel
        openedAt = Clock.iso8601(micros: c.openedAt)
        reissue = c.reissue
    }
}

/// An acknowledgement or handling note.
struct NoteView: Codable, Equatable {
    let at: String
    let user: String
    let action: String
    let text: String

    init(_ n: HandlingNote) {
        at = Clock.iso8601(micros: n.at)
        user = n.user
        action = n.action
        text = n.text
    }
}

struct AlarmDetailView: Codable {
    let alarm: AlarmView
    let changes: [AlarmChangeView]
    let notes: [NoteView]
}

/// The values a warning was raised or cleared on.
struct EvidenceView: Codable, Equatable {
    let values: [String: Double]
    let from: String?
    let at: String

    init?(json: String?) {
        guard let json, let evidence = try? JSONDecoder().decode(WarningEvidence.self, from: Data(json.utf8)) else {
            return nil
        }
        values = evidence.values
        from = evidence.from.map { Clock.iso8601(micros: $0) }
        at = Clock.iso8601(micros: evidence.at)
    }
}

struct WarningView: Codable, Equatable {
    let id: String
    let vin: String
    let rule: String
    let status: String
    let openedAt: String
    let closedAt: String?
    let evidence: EvidenceView?
    let closingEvidence: EvidenceView?
    let acknowledgedAt: String?
    let acknowledgedBy: String?

    init(_ r: WarningRecord) {
        id = r.id
        vin = r.vin
        rule = r.rule
        status = r.status
        openedAt = Clock.iso8601(micros: r.openedAt)
        closedAt = r.closedAt.map { Clock.iso8601(micros: $0) }
        evidence = EvidenceView(json: r.evidence)
        closingEvidence = EvidenceView(json: r.closingEvidence)
        acknowledgedAt = WebAPI.acknowledgedAt(r.acknowledged)
        acknowledgedBy = r.acknowledged?.by
    }
}

struct WarningDetailView: Codable {
    let warning: WarningView
    let notes: [NoteView]
}

struct CriticalEventView: Codable, Equatable {
    let id: String
    let vin: String
    let status: String
    let triggeredAt: String
    let windowStart: String
    let windowEnd: String?
    let level: Int
    let maxLevel: Int
    let trigger: [String]
    let acknowledgedAt: String?
    let acknowledgedBy: String?

    init(_ r: CriticalEventRecord) {
        id = r.id
        vin = r.vin
        status = r.status
        triggeredAt = Clock.iso8601(micros: r.triggeredAt)
        windowStart = Clock.iso8601(micros: r.windowStart)
        windowEnd = r.windowEnd.map { Clock.iso8601(micros: $0) }
        level = r.level
        maxLevel = r.maxLevel
        trigger = r.trigger
        acknowledgedAt = WebAPI.acknowledgedAt(r.acknowledged)
        acknowledgedBy = r.acknowledged?.by
    }
}

/// A critical event with everything an investigation report needs: the vehicle's alarm changes, warnings and
/// reports (1 Hz data and the reissued pre-fault window included) within the event's window, and the notes.
struct TimelineView: Codable {
    let event: CriticalEventView
    let alarmChanges: [AlarmChangeView]
    let warnings: [WarningView]
    let reports: [ReportView]
    let truncated: Bool
    let notes: [NoteView]
}

struct AlarmListView: Codable { let alarms: [AlarmView] }
struct WarningListView: Codable { let warnings: [WarningView] }
struct CriticalEventListView: Codable { let events: [CriticalEventView] }
struct EventDetailView: Codable {
    let event: CriticalEventView
    let notes: [NoteView]
}

/// Data quality of one vehicle or enterprise over a range of days.
struct QualityView: Codable, Equatable {
    let key: String
    let vehicles: Int
    let reportingVehicles: Int
    let reports: Int
    let validReports: Int
    let intervals: Int
    let compliantIntervals: Int
    let onTimeSeconds: Double
    let gapSeconds: Double
    let onlineRate: Double?
    let validity: Double?
    let completeness: Double?
    let intervalCompliance: Double?
    let rank: Int?

    init(_ r: QualityRollup, rank: Int? = nil) {
        key = r.key
        vehicles = r.vehicles
        reportingVehicles = r.reportingVehicles
        reports = r.reports
        validReports = r.validReports
        intervals = r.intervals
        compliantIntervals = r.compliantIntervals
        onTimeSeconds = Double(r.onTime) / 1_000_000
        gapSeconds = Double(r.gapTime) / 1_000_000
        onlineRate = r.onlineRate
        validity = r.validity
        completeness = r.completeness
        intervalCompliance = r.intervalCompliance
        self.rank = rank
    }
}

struct QualityListView: Codable {
    let from: String
    let to: String
    let items: [QualityView]
    let findings: [String: Int]
}

struct FindingView: Codable, Equatable {
    let collectedAt: String
    let receivedAt: String
    let codes: [String]

    init(_ f: FindingRecord) {
        collectedAt = Clock.iso8601(micros: f.collectedAt)
        receivedAt = Clock.iso8601(micros: f.receivedAt)
        codes = f.codes
    }
}

struct FindingListView: Codable {
    let vin: String
    let findings: [FindingView]
}

struct ThresholdsView: Codable {
    let defaults: WarningThresholds
    let models: [String: WarningThresholds]
}

struct ModelThresholdsView: Codable {
    let model: String
    let thresholds: WarningThresholds
}

struct NoteRequest: Codable {
    let action: String
    let text: String?
}
