import Foundation
public import Store

extension SafetyOutput {
    /// What the store records of this output, in one transaction.
    public var batch: SafetyBatch {
        SafetyBatch(
            alarms: alarms.map(\.record), events: events.map(\.event.record), warnings: warnings.map(\.record),
            findings: findings, quality: quality)
    }
}

extension AlarmChange {
    /// The change as the store records it.
    public var record: AlarmChangeRecord {
        AlarmChangeRecord(
            alarmID: alarmID, vin: vin, category: key.category.rawValue, code: Int64(key.code), name: key.name,
            kind: kind.rawValue, at: at, level: level, previousLevel: previousLevel, openedAt: openedAt,
            reissue: reissue)
    }
}

extension CriticalEvent {
    /// The event as the store records it.
    public var record: CriticalEventRecord {
        CriticalEventRecord(
            id: id, vin: vin, status: status.rawValue, triggeredAt: triggeredAt, windowStart: windowStart,
            windowEnd: windowEnd, level: level, maxLevel: maxLevel, trigger: trigger)
    }

    /// The open event of a stored record, for resuming a tracker; nil unless it is open.
    public init?(open record: CriticalEventRecord) {
        guard record.status == Status.open.rawValue else { return nil }
        self.init(
            id: record.id, vin: record.vin, triggeredAt: record.triggeredAt, windowStart: record.windowStart,
            windowEnd: nil, level: record.level, maxLevel: record.maxLevel, trigger: record.trigger, status: .open)
    }
}

extension WarningChange {
    /// The change as the store records it, evidence as a JSON object.
    public var record: WarningChangeRecord {
        WarningChangeRecord(
            warningID: warningID, vin: vin, rule: rule.rawValue, kind: kind.rawValue, at: at, openedAt: openedAt,
            evidence: evidence.json)
    }
}

extension WarningEvidence {
    /// `{"at":...,"from":...,"values":{...}}` with sorted keys.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).flatMap { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension WarningThresholds {
    /// Thresholds from a JSON object; fields left out take their defaults.
    public static func decode(json: String) throws -> WarningThresholds {
        try JSONDecoder().decode(WarningThresholds.self, from: Data(json.utf8))
    }

    /// The thresholds as a JSON object with every field.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).flatMap { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension OpenAlarm {
    /// The open alarm of a stored record, for resuming a tracker; nil unless it is open.
    public init?(open record: AlarmRecord) {
        guard record.status == "open", let key = AlarmKey(category: record.category, code: record.code) else {
            return nil
        }
        self.init(id: record.id, key: key, level: record.level, openedAt: record.openedAt, lastSeenAt: record.lastAt)
    }
}

extension VehicleSafety {
    /// A vehicle's state resumed from what the store has open.
    public init(vin: String, thresholds: WarningThresholds, resuming state: OpenSafetyState) {
        var warnings: [WarningRule: Int64] = [:]
        for record in state.warnings {
            if let rule = WarningRule(rawValue: record.rule) { warnings[rule] = record.openedAt }
        }
        self.init(
            vin: vin, thresholds: thresholds, openAlarms: state.alarms.compactMap(OpenAlarm.init(open:)),
            openEvent: state.event.flatMap(CriticalEvent.init(open:)), openWarnings: warnings)
    }
}
