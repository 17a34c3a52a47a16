import Safety

extension APISchemas {
    static let nullableDateTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]
    static let rate: JSONValue = ["type": ["number", "null"], "minimum": 0, "maximum": 1]

    /// The schemas of the safety and quality endpoints.
    static let safetyComponents: [(String, JSONValue)] = [
        (
            "Alarm",
            Schema.object(
                [
                    ("id", Schema.string), ("vin", Schema.string),
                    ("category", Schema.enumeration(["flag", "storage", "motor", "engine", "other"])),
                    ("code", Schema.integer), ("name", Schema.string),
                    ("status", Schema.enumeration(["open", "closed", "stale", "recorded"])),
                    ("level", Schema.integer), ("maxLevel", Schema.integer), ("openedAt", Schema.dateTime),
                    ("closedAt", nullableDateTime), ("lastAt", Schema.dateTime), ("reissue", Schema.boolean),
                    ("acknowledgedAt", nullableDateTime), ("acknowledgedBy", Schema.nullable("string")),
                ],
                required: [
                    "id", "vin", "category", "code", "name", "status", "level", "maxLevel", "openedAt", "lastAt",
                    "reissue",
                ])
        ),
        (
            "AlarmChange",
            Schema.object(
                [
                    ("alarmId", Schema.string), ("name", Schema.string),
                    (
                        "kind",
                        Schema.enumeration([
                            "opened", "level_changed", "closed", "stale", "backdated", "recorded", "merged",
                        ])
                    ),
                    ("at", Schema.dateTime), ("level", Schema.integer), ("previousLevel", Schema.nullable("integer")),
                    ("openedAt", Schema.dateTime), ("reissue", Schema.boolean),
                ], required: ["alarmId", "name", "kind", "at", "level", "openedAt", "reissue"])
        ),
        (
            "Note",
            Schema.object(
                [
                    ("at", Schema.dateTime), ("user", Schema.string),
                    ("action", Schema.enumeration(["acknowledge", "note"])), ("text", Schema.string),
                ], required: ["at", "user", "action", "text"])
        ),
        (
            "NoteRequest",
            Schema.object(
                [("action", Schema.enumeration(["acknowledge", "note"])), ("text", Schema.string)],
                required: ["action"])
        ),
        ("AlarmList", Schema.object([("alarms", Schema.array(Schema.ref("Alarm")))], required: ["alarms"])),
        (
            "AlarmDetail",
            Schema.object(
                [
                    ("alarm", Schema.ref("Alarm")), ("changes", Schema.array(Schema.ref("AlarmChange"))),
                    ("notes", Schema.array(Schema.ref("Note"))),
                ], required: ["alarm", "changes", "notes"])
        ),
        (
            "Evidence",
            Schema.object(
                [
                    ("values", ["type": "object", "additionalProperties": ["type": "number"]]),
                    ("from", Schema.dateTime), ("at", Schema.dateTime),
                ], required: ["values", "at"])
        ),
        (
            "Warning",
            Schema.object(
                [
                    ("id", Schema.string), ("vin", Schema.string),
                    ("rule", Schema.enumeration(WarningRule.allCases.map(\.rawValue))),
                    ("status", Schema.enumeration(["open", "closed"])), ("openedAt", Schema.dateTime),
                    ("closedAt", nullableDateTime), ("evidence", Schema.ref("Evidence")),
                    ("closingEvidence", Schema.ref("Evidence")), ("acknowledgedAt", nullableDateTime),
                    ("acknowledgedBy", Schema.nullable("string")),
                ], required: ["id", "vin", "rule", "status", "openedAt"])
        ),
        ("WarningList", Schema.object([("warnings", Schema.array(Schema.ref("Warning")))], required: ["warnings"])),
        (
            "WarningDetail",
            Schema.object(
                [("warning", Schema.ref("Warning")), ("notes", Schema.array(Schema.ref("Note")))],
                required: ["warning", "notes"])
        ),
        (
            "CriticalEvent",
            Schema.object(
                [
                    ("id", Schema.string), ("vin", Schema.string),
                    ("status", Schema.enumeration(["open", "closed", "stale"])), ("triggeredAt", Schema.dateTime),
                    ("windowStart", Schema.dateTime), ("windowEnd", nullableDateTime), ("level", Schema.integer),
                    ("maxLevel", Schema.integer), ("trigger", Schema.array(Schema.string)),
                    ("acknowledgedAt", nullableDateTime), ("acknowledgedBy", Schema.nullable("string")),
                ],
                required: [
                    "id", "vin", "status", "triggeredAt", "windowStart", "level", "maxLevel", "trigger",
                ])
        ),
        (
            "CriticalEventList",
            Schema.object([("events", Schema.array(Schema.ref("CriticalEvent")))], required: ["events"])
        ),
        (
            "CriticalEventDetail",
            Schema.object(
                [("event", Schema.ref("CriticalEvent")), ("notes", Schema.array(Schema.ref("Note")))],
                required: ["event", "notes"])
        ),
        (
            "CriticalEventTimeline",
            Schema.object(
                [
                    ("event", Schema.ref("CriticalEvent")), ("alarmChanges", Schema.array(Schema.ref("AlarmChange"))),
                    ("warnings", Schema.array(Schema.ref("Warning"))), ("reports", Schema.array(Schema.ref("Report"))),
                    ("truncated", Schema.boolean), ("notes", Schema.array(Schema.ref("Note"))),
                ], required: ["event", "alarmChanges", "warnings", "reports", "truncated", "notes"])
        ),
        (
            "WarningThresholds",
            [
                "type": "object",
                "description": "Omitted fields take the defaults (docs/safety.md has each default and its source).",
                "properties": .object(
                    WarningThresholds.standard.fields.map { ($0.name, ["type": "number", "exclusiveMinimum": 0]) }),
                "additionalProperties": false,
            ]
        ),
        (
            "ModelWarningThresholds",
            Schema.object(
                [("model", Schema.string), ("thresholds", Schema.ref("WarningThresholds"))],
                required: ["model", "thresholds"])
        ),
        (
            "WarningThresholdList",
            Schema.object(
                [
                    ("defaults", Schema.ref("WarningThresholds")),
                    ("models", ["type": "object", "additionalProperties": Schema.ref("WarningThresholds")]),
                ], required: ["defaults", "models"])
        ),
        (
            "Quality",
            Schema.object(
                [
                    ("key", Schema.string), ("vehicles", Schema.integer), ("reportingVehicles", Schema.integer),
                    ("reports", Schema.integer), ("validReports", Schema.integer), ("intervals", Schema.integer),
                    ("compliantIntervals", Schema.integer), ("onTimeSeconds", ["type": "number"]),
                    ("gapSeconds", ["type": "number"]), ("onlineRate", rate), ("validity", rate),
                    ("completeness", rate), ("intervalCompliance", rate), ("rank", Schema.nullable("integer")),
                ],
                required: [
                    "key", "vehicles", "reportingVehicles", "reports", "validReports", "intervals",
                    "compliantIntervals", "onTimeSeconds", "gapSeconds",
                ])
        ),
        (
            "QualityList",
            Schema.object(
                [
                    ("from", ["type": "string", "format": "date"]), ("to", ["type": "string", "format": "date"]),
                    ("items", Schema.array(Schema.ref("Quality"))),
                    ("findings", ["type": "object", "additionalProperties": ["type": "integer"]]),
                ], required: ["from", "to", "items", "findings"])
        ),
        (
            "FindingList",
            Schema.object(
                [
                    ("vin", Schema.string),
                    (
                        "findings",
                        Schema.array(
                            Schema.object(
                                [
                                    ("collectedAt", Schema.dateTime), ("receivedAt", Schema.dateTime),
                                    ("codes", Schema.array(Schema.string)),
                                ], required: ["collectedAt", "receivedAt", "codes"]))
                    ),
                ], required: ["vin", "findings"])
        ),
    ]
}
