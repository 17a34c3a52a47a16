import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Safety
import Store

/// Safety monitoring, read and acted on: alarms, early warnings and critical events (lists with filters, one with
/// its history and notes, an event's timeline for an investigation report), acknowledgements and handling notes by
/// province and city users, warning thresholds per vehicle model, and data quality per vehicle and per enterprise.
///
/// Scoped like the vehicles they belong to: a city sees the vehicles registered in it, an enterprise its own,
/// unregistered VINs only the province. A record outside the caller's scope answers 404, as if it did not exist.
enum SafetyRoutes {
    static let maxList = 1000
    static let maxTimelineReports = 20_000

    static func endpoints(_ services: PlatformServices) -> [Endpoint] {
        let store = services.store
        let listQuery = [
            QueryParameter("status", Schema.string, "Only records with this status (open, closed, stale, recorded)"),
            QueryParameter("vin", Schema.string, "Only this vehicle"),
            QueryParameter("city", APISchemas.city, "Only vehicles registered in this city"),
            QueryParameter("enterprise", Schema.string, "Only this enterprise's vehicles"),
            QueryParameter("from", Schema.dateTime, "Opened at or after, ISO 8601"),
            QueryParameter("to", Schema.dateTime, "Opened before, ISO 8601"),
            QueryParameter(
                "limit", ["type": "integer", "minimum": 1, "maximum": .number(Double(maxList))], "Default 100"),
            QueryParameter("offset", ["type": "integer", "minimum": 0], "Default 0"),
        ]
        let level = QueryParameter("level", ["type": "integer", "minimum": 1, "maximum": 4], "Minimum (highest) level")
        let notesEndpoint = { (kind: String, noun: String) in
            Endpoint(
                .post, "/api/v1/safety/\(noun)/{id}/notes", access: .roles([.province, .city]),
                doc: EndpointDoc(
                    summary: "Acknowledge a \(kind) or add a handling note", tag: "safety",
                    description:
                        "`action` is `acknowledge` (the first acknowledgement is kept as who and when) or `note`; `text` says what was done. Province and city users, within their scope.",
                    requestBody: Schema.ref("NoteRequest"), successStatus: 201, response: Schema.ref("Note"),
                    errors: [400, 404])
            ) { request, context in
                let id = try context.parameters.require("id")
                let vin: String? =
                    switch kind {
                    case "alarm": try await store.safety.alarm(id: id)?.vin
                    case "warning": try await store.safety.warning(id: id)?.vin
                    default: try await store.safety.event(id: id)?.vin
                    }
                guard let vin, try await visible(vin, context, store: store) else {
                    throw APIError.notFound("no \(kind) \(id)", field: "id")
                }
                let body = try await JSONBody.decode(NoteRequest.self, from: request, context: context)
                guard body.action == "acknowledge" || body.action == "note" else {
                    throw APIError.badRequest("action must be acknowledge or note", field: "action")
                }
                let text = body.text ?? ""
                guard body.action == "acknowledge" || !text.isEmpty, text.count <= 4000 else {
                    throw APIError.badRequest("text must be 1-4000 characters for a note", field: "text")
                }
                let note = HandlingNote(
                    subjectKind: kind, subjectID: id, at: Clock.nowMicros(), user: context.principal.actor,
                    action: body.action, text: text)
                guard try await store.safety.addNote(note) else {
                    throw APIError.notFound("no \(kind) \(id)", field: "id")
                }
                try await store.audit.append(
                    AuditEntry(
                        at: note.at, actor: note.user, role: context.principal.role,
                        action: "safety.\(kind).\(body.action)",
                        resource: id, outcome: "ok"))
                return try JSONBody.response(NoteView(note), status: .created)
            }
        }
        return [
            Endpoint(
                .get, "/api/v1/safety/alarms", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Alarm episodes, newest first", tag: "safety",
                    description:
                        "One episode per vehicle and general-alarm flag or fault code: opened at the first report raising it, closed at the first without it, `stale` when the vehicle went offline first, `recorded` when seen only in reissued data older than what the platform had. `type` is the alarm's name (e.g. insulation, battery_thermal_event).",
                    query: listQuery + [level, QueryParameter("type", Schema.string, "Alarm name")],
                    response: Schema.ref("AlarmList"), errors: [400])
            ) { request, context in
                let query = try await safetyQuery(request, context, store: store, what: "safety.alarms")
                return try JSONBody.response(
                    AlarmListView(alarms: try await store.safety.alarms(query).map(AlarmView.init)))
            },
            Endpoint(
                .get, "/api/v1/safety/alarms/{id}", access: .authenticated,
                doc: EndpointDoc(
                    summary: "One alarm episode with its changes (level changes, backdating by reissue) and notes",
                    tag: "safety", response: Schema.ref("AlarmDetail"), errors: [404])
            ) { _, context in
                let id = try context.parameters.require("id")
                guard let alarm = try await store.safety.alarm(id: id),
                    try await visible(alarm.vin, context, store: store)
                else { throw APIError.notFound("no alarm \(id)", field: "id") }
                return try JSONBody.response(
                    AlarmDetailView(
                        alarm: AlarmView(alarm),
                        changes: try await store.safety.alarmChanges(alarmID: id).map(AlarmChangeView.init),
                        notes: try await store.safety.notes(subjectKind: "alarm", subjectID: id).map(NoteView.init)))
            },
            notesEndpoint("alarm", "alarms"),
            Endpoint(
                .get, "/api/v1/safety/warnings", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Early warnings, newest first", tag: "safety",
                    description:
                        "Raised from the stream beyond the vehicle's own flags (cell voltage spread, over/under voltage and collapse, temperature spread and rise, insulation per volt, SOC jumps, SOC falling while parked), each with the values and times it was raised and cleared on. `type` is the rule.",
                    query: listQuery + [
                        QueryParameter("type", Schema.enumeration(WarningRule.allCases.map(\.rawValue)), "Rule")
                    ],
                    response: Schema.ref("WarningList"), errors: [400])
            ) { request, context in
                let query = try await safetyQuery(request, context, store: store, what: "safety.warnings")
                return try JSONBody.response(
                    WarningListView(warnings: try await store.safety.warnings(query).map(WarningView.init)))
            },
            Endpoint(
                .get, "/api/v1/safety/warnings/{id}", access: .authenticated,
                doc: EndpointDoc(
                    summary: "One early warning with its evidence and notes", tag: "safety",
                    response: Schema.ref("WarningDetail"), errors: [404])
            ) { _, context in
                let id = try context.parameters.require("id")
                guard let warning = try await store.safety.warning(id: id),
                    try await visible(warning.vin, context, store: store)
                else { throw APIError.notFound("no warning \(id)", field: "id") }
                return try JSONBody.response(
                    WarningDetailView(
                        warning: WarningView(warning),
                        notes: try await store.safety.notes(subjectKind: "warning", subjectID: id).map(NoteView.init)))
            },
            notesEndpoint("warning", "warnings"),
            Endpoint(
                .get, "/api/v1/safety/events", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Critical events (level-3 alarms, 2025 level-4 thermal events), newest first",
                    tag: "safety",
                    query: listQuery + [level], response: Schema.ref("CriticalEventList"), errors: [400])
            ) { request, context in
                let query = try await safetyQuery(request, context, store: store, what: "safety.events")
                return try JSONBody.response(
                    CriticalEventListView(events: try await store.safety.events(query).map(CriticalEventView.init)))
            },
            Endpoint(
                .get, "/api/v1/safety/events/{id}", access: .authenticated,
                doc: EndpointDoc(
                    summary: "One critical event with its notes", tag: "safety",
                    response: Schema.ref("CriticalEventDetail"),
                    errors: [404])
            ) { _, context in
                let id = try context.parameters.require("id")
                guard let event = try await store.safety.event(id: id),
                    try await visible(event.vin, context, store: store)
                else { throw APIError.notFound("no critical event \(id)", field: "id") }
                return try JSONBody.response(
                    EventDetailView(
                        event: CriticalEventView(event),
                        notes: try await store.safety.notes(subjectKind: "event", subjectID: id).map(NoteView.init)))
            },
            Endpoint(
                .get, "/api/v1/safety/events/{id}/timeline", access: .authenticated,
                doc: EndpointDoc(
                    summary: "A critical event's timeline for an investigation report", tag: "safety",
                    description:
                        "Everything within the event's window (30 s before the trigger until the report in which it cleared, or now while open): the vehicle's alarm changes, early warnings, and every report, the pre-fault reissues and the 1 Hz data included, oldest first, plus the handling notes. Reports include positions: audited.",
                    response: Schema.ref("CriticalEventTimeline"), errors: [404], audited: true)
            ) { _, context in
                let id = try context.parameters.require("id")
                guard let event = try await store.safety.event(id: id),
                    try await visible(event.vin, context, store: store)
                else { throw APIError.notFound("no critical event \(id)", field: "id") }
                let start = event.windowStart
                let end = (event.windowEnd ?? Clock.nowMicros()) + 1
                let alarms = try await store.safety.alarms(SafetyQuery(vin: event.vin, to: end, limit: maxList))
                var changes: [AlarmChangeRecord] = []
                for alarm in alarms where (alarm.closedAt ?? .max) >= start {
                    changes += try await store.safety.alarmChanges(alarmID: alarm.id)
                }
                changes = changes.filter { $0.at >= start && $0.at < end }.sorted {
                    ($0.at, $0.name) < ($1.at, $1.name)
                }
                let warnings = try await store.safety.warnings(SafetyQuery(vin: event.vin, to: end, limit: maxList))
                    .filter { ($0.closedAt ?? .max) >= start }.reversed()
                let (reports, truncated) = TelemetryRoutes.atMost(
                    maxTimelineReports,
                    try await store.telemetry.rows(
                        vin: event.vin, from: start, to: end, limit: maxTimelineReports + 1, everySeconds: nil,
                        withFrames: false))
                if let vin = VIN(rawValue: event.vin) {
                    try await TelemetryRoutes.audit(
                        context, "safety.event.timeline.read", vin, from: start, to: end, store: store)
                }
                return try JSONBody.response(
                    TimelineView(
                        event: CriticalEventView(event), alarmChanges: changes.map(AlarmChangeView.init),
                        warnings: warnings.map(WarningView.init), reports: reports.map(ReportView.init),
                        truncated: truncated,
                        notes: try await store.safety.notes(subjectKind: "event", subjectID: id).map(NoteView.init)))
            },
            notesEndpoint("event", "events"),
            Endpoint(
                .get, "/api/v1/safety/thresholds", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Early-warning thresholds: the defaults and those set per vehicle model", tag: "safety",
                    description: "Defaults and their sources are in docs/safety.md.",
                    response: Schema.ref("WarningThresholdList"))
            ) { _, _ in
                var models: [String: WarningThresholds] = [:]
                for (model, json) in try await store.safety.thresholds() {
                    models[model] = try? WarningThresholds.decode(json: json)
                }
                return try JSONBody.response(ThresholdsView(defaults: .standard, models: models))
            },
            Endpoint(
                .put, "/api/v1/safety/thresholds/{model}", access: .province,
                doc: EndpointDoc(
                    summary: "Set the early-warning thresholds of a vehicle model", tag: "safety",
                    description:
                        "Fields left out take the defaults. Every value must be a positive number, cell under-voltage below over-voltage, the collapse fraction below 1. Applies to the vehicles of that model from their next report.",
                    requestBody: Schema.ref("WarningThresholds"), response: Schema.ref("ModelWarningThresholds"),
                    errors: [400])
            ) { request, context in
                let raw = try context.parameters.require("model")
                let model = raw.removingPercentEncoding ?? raw
                guard !model.isEmpty, model.count <= 100 else {
                    throw APIError.badRequest("model must be 1-100 characters", field: "model")
                }
                let thresholds = try await JSONBody.decode(WarningThresholds.self, from: request, context: context)
                if let field = thresholds.invalidField {
                    throw APIError.badRequest("\(field) is out of range", field: field)
                }
                let now = Clock.nowMicros()
                try await store.safety.setThresholds(
                    model: model, json: thresholds.json, at: now, by: context.principal.actor)
                services.safety?.thresholdsChanged()
                try await store.audit.append(
                    AuditEntry(
                        at: now, actor: context.principal.actor, role: context.principal.role,
                        action: "safety.thresholds.set", resource: model, outcome: "ok", detail: thresholds.json))
                return try JSONBody.response(ModelThresholdsView(model: model, thresholds: thresholds))
            },
            Endpoint(
                .get, "/api/v1/quality/vehicles", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Data quality per vehicle over a range of days", tag: "quality",
                    description:
                        "Days are Beijing days, `YYYY-MM-DD`, both ends included (default: yesterday and today). Validity: reports without findings (other than realtime gaps) over reports. Completeness: 1 - time beyond 30 s between reports over the time the vehicle was on. Interval compliance: intervals of at most 30 s while on. `findings` counts each finding code over the same vehicles and days.",
                    query: qualityQuery + [
                        QueryParameter(
                            "limit", ["type": "integer", "minimum": 1, "maximum": .number(Double(maxList))],
                            "Default 100"),
                        QueryParameter("offset", ["type": "integer", "minimum": 0], "Default 0"),
                    ], response: Schema.ref("QualityList"), errors: [400])
            ) { request, context in
                let (filter, from, to) = try await qualityRange(request, context, store: store)
                let parameters = request.uri.queryParameters
                let items = try await store.safety.qualityByVehicle(
                    filter: filter, from: from, to: to, limit: try listLimit(parameters), offset: try offset(parameters)
                )
                let findings = try await store.safety.findingCounts(vin: nil, filter: filter, from: from, to: to)
                return try JSONBody.response(
                    QualityListView(from: from, to: to, items: items.map { QualityView($0) }, findings: findings))
            },
            Endpoint(
                .get, "/api/v1/quality/enterprises", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Enterprises ranked by data quality, as in the national platform's bulletins",
                    tag: "quality",
                    description:
                        "Every enterprise with registered vehicles (in the caller's scope), ranked by online rate (vehicles that reported on any day of the range over registered vehicles), then validity, then completeness. `format=csv` (or Accept: text/csv) gives the same table as CSV.",
                    query: qualityQuery + [
                        QueryParameter("format", Schema.enumeration(["json", "csv"]), "Default json")
                    ],
                    response: Schema.ref("QualityList"), errors: [400])
            ) { request, context in
                let (filter, from, to) = try await qualityRange(request, context, store: store)
                let ranked = QualityRanking.rank(
                    try await store.safety.qualityByEnterprise(filter: filter, from: from, to: to))
                let format = request.uri.queryParameters.get("format")
                guard format == nil || format == "json" || format == "csv" else {
                    throw APIError.badRequest("format must be json or csv", field: "format")
                }
                if format == "csv" || (format == nil && request.headers[.accept]?.contains("text/csv") == true) {
                    return Response(
                        status: .ok,
                        headers: [
                            .contentType: "text/csv; charset=utf-8",
                            .contentDisposition: "attachment; filename=\"quality-\(from)-\(to).csv\"",
                        ], body: .init(byteBuffer: ByteBuffer(string: QualityRanking.csv(ranked))))
                }
                let findings = try await store.safety.findingCounts(vin: nil, filter: filter, from: from, to: to)
                return try JSONBody.response(QualityListView(from: from, to: to, items: ranked, findings: findings))
            },
            Endpoint(
                .get, "/api/v1/vehicles/{vin}/findings", access: .authenticated,
                doc: EndpointDoc(
                    summary: "One vehicle's reports with data-quality findings, oldest first", tag: "quality",
                    description:
                        "Codes Q01-Q15 are the codec's lenient-decoding deviations, Q16-Q22 the platform's checks (docs/safety.md).",
                    query: [
                        QueryParameter("from", Schema.dateTime, "Collected at or after; default 24 hours before `to`"),
                        QueryParameter("to", Schema.dateTime, "Collected before; default now"),
                        QueryParameter(
                            "limit", ["type": "integer", "minimum": 1, "maximum": .number(Double(maxList))],
                            "Default \(maxList)"),
                    ], response: Schema.ref("FindingList"), errors: [400])
            ) { request, context in
                let vin = try await TelemetryRoutes.visibleVIN(context, store: store)
                let parameters = request.uri.queryParameters
                let (from, to) = try TelemetryRoutes.range(parameters)
                let limit = try TelemetryRoutes.limit(parameters, max: maxList)
                let findings = try await store.safety.findings(vin: vin.rawValue, from: from, to: to, limit: limit)
                return try JSONBody.response(
                    FindingListView(vin: vin.rawValue, findings: findings.map(FindingView.init)))
            },
        ]
    }

    static let qualityQuery = [
        QueryParameter("from", ["type": "string", "format": "date"], "First day, Beijing time"),
        QueryParameter("to", ["type": "string", "format": "date"], "Last day, Beijing time"),
        QueryParameter("city", APISchemas.city, "Only vehicles registered in this city"),
        QueryParameter("enterprise", Schema.string, "Only this enterprise's vehicles"),
    ]

    /// Whether the caller may see a record of vehicle `vin`.
    static func visible(_ vin: String, _ context: APIRequestContext, store: any PlatformStore) async throws -> Bool {
        if context.principal.role == .province { return true }
        guard let parsed = VIN(rawValue: vin), let record = try await store.vehicles.find(vin: parsed) else {
            return false
        }
        return context.principal.canSee(enterprise: record.enterprise, city: record.city)
    }

    /// A list's filters from the query string, narrowed to the caller's scope.
    static func safetyQuery(
        _ request: Request, _ context: APIRequestContext, store: any PlatformStore, what: String
    ) async throws -> SafetyQuery {
        let p = request.uri.queryParameters
        var query = SafetyQuery(
            enterprise: try IdentityRoutes.enterprise(p.get("enterprise")),
            city: try IdentityRoutes.city(p.get("city")),
            limit: try listLimit(p),
            offset: try offset(p))
        try await Scope.narrow(city: &query.city, enterprise: &query.enterprise, of: what, context, store: store)
        if let vin = p.get("vin") {
            guard let parsed = VIN(rawValue: vin) else {
                throw APIError.badRequest("\(vin) is not a VIN", field: "vin")
            }
            query.vin = parsed.rawValue
        }
        if let status = p.get("status") {
            guard ["open", "closed", "stale", "recorded"].contains(status) else {
                throw APIError.badRequest("status must be open, closed, stale or recorded", field: "status")
            }
            query.status = status
        }
        if let text = p.get("level") {
            guard let level = Int(text), (1...4).contains(level) else {
                throw APIError.badRequest("level must be 1-4", field: "level")
            }
            query.minLevel = level
        }
        query.type = p.get("type")
        query.from = try p.get("from").map { text throws(APIError) in try QueryValues.instant(text, field: "from") }
        query.to = try p.get("to").map { text throws(APIError) in try QueryValues.instant(text, field: "to") }
        return query
    }

    /// A list's `limit`: 100 unless given, at most `maxList`.
    static func listLimit(_ parameters: Parameters) throws(APIError) -> Int {
        parameters.get("limit") == nil ? 100 : try TelemetryRoutes.limit(parameters, max: maxList)
    }

    static func offset(_ parameters: Parameters) throws(APIError) -> Int {
        guard let text = parameters.get("offset") else { return 0 }
        guard let offset = Int(text), offset >= 0 else {
            throw APIError.badRequest("offset must be a whole number, 0 or more", field: "offset")
        }
        return offset
    }

    /// The quality filter narrowed to the caller's scope, and the day range (default yesterday and today).
    static func qualityRange(_ request: Request, _ context: APIRequestContext, store: any PlatformStore) async throws
        -> (FleetFilter, String, String)
    {
        let p = request.uri.queryParameters
        var filter = FleetFilter(
            enterprise: try IdentityRoutes.enterprise(p.get("enterprise")), city: try IdentityRoutes.city(p.get("city"))
        )
        try await Scope.narrow(city: &filter.city, enterprise: &filter.enterprise, of: "quality", context, store: store)
        let today = QualityIncrement.day(of: Clock.nowMicros())
        let to = try p.get("to").map { try day($0, field: "to") } ?? today
        let from =
            try p.get("from").map { try day($0, field: "from") }
            ?? QualityIncrement.day(of: Clock.nowMicros() - 86_400_000_000)
        guard from <= to else { throw APIError.badRequest("from must not be after to", field: "from") }
        return (filter, from, to)
    }

    static func day(_ text: String, field: String) throws(APIError) -> String {
        let parts = text.split(separator: "-")
        guard text.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (2000...2099).contains(y), (1...12).contains(m), (1...31).contains(d)
        else { throw APIError.badRequest("\(field) must be a day, YYYY-MM-DD", field: field) }
        return text
    }
}

/// The enterprise ranking of the quality bulletin.
enum QualityRanking {
    /// Ranked by online rate, then validity, then completeness (missing rates last), then enterprise id.
    static func rank(_ rollups: [QualityRollup]) -> [QualityView] {
        let sorted = rollups.sorted { a, b in
            let ka = [a.onlineRate ?? -1, a.validity ?? -1, a.completeness ?? -1]
            let kb = [b.onlineRate ?? -1, b.validity ?? -1, b.completeness ?? -1]
            return ka != kb ? ka.lexicographicallyPrecedes(kb, by: >) : a.key < b.key
        }
        return sorted.enumerated().map { QualityView($1, rank: $0 + 1) }
    }

    /// The ranking as CSV, one row per enterprise; rates as decimals with 4 places, empty where undefined.
    static func csv(_ ranked: [QualityView]) -> String {
        func rate(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "" }
        var lines = [
            "rank,enterprise,vehicles,reporting_vehicles,online_rate,reports,valid_reports,validity,completeness,interval_compliance"
        ]
        for r in ranked {
            lines.append(
                "\(r.rank ?? 0),\(r.key),\(r.vehicles),\(r.reportingVehicles),\(rate(r.onlineRate)),\(r.reports),"
                    + "\(r.validReports),\(rate(r.validity)),\(rate(r.completeness)),\(rate(r.intervalCompliance))")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
