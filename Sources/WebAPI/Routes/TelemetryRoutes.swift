import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Store

/// What the gateway stored, read back: a vehicle's latest state, its telemetry (optionally downsampled), its
/// track as GeoJSON, its raw frames, its online/offline events, and the fleet summary.
///
/// Positions and tracks are important data: every read of them is audited (`vehicle.state.read`,
/// `vehicle.telemetry.read`, `vehicle.track.read`, `vehicle.frames.read`). A vehicle is visible as in the
/// registry: a city sees those registered in it, an enterprise its own; unregistered VINs only the province.
enum TelemetryRoutes {
    /// Most rows one telemetry or track request returns; ask for a shorter range or downsample beyond.
    static let maxRows = 100_000
    /// Most frames one raw-frames request returns.
    static let maxFrames = 10_000
    /// Default range: the last 24 hours.
    static let defaultRange: Int64 = 86_400 * 1_000_000

    static func endpoints(_ services: PlatformServices) -> [Endpoint] {
        let store = services.store
        let rangeParameters = [
            QueryParameter("from", Schema.dateTime, "Start (inclusive), ISO 8601; default 24 hours before `to`"),
            QueryParameter("to", Schema.dateTime, "End (exclusive), ISO 8601; default now"),
        ]
        let every = QueryParameter(
            "every", ["type": "integer", "minimum": 1, "maximum": 86_400],
            "Downsample: only the first report of each interval of this many seconds")
        return [
            Endpoint(
                .get, "/api/v1/vehicles/{vin}/state", access: .authenticated,
                doc: EndpointDoc(
                    summary: "One vehicle's latest state: newest report and online status", tag: "telemetry",
                    description:
                        "The newest report by collection time (a late reissue never replaces it), when the vehicle was last heard from, and whether it is online. A registered vehicle never heard from is offline with no report. Audited.",
                    response: Schema.ref("VehicleState"), errors: [400, 404], audited: true)
            ) { _, context in
                let vin = try await visibleVIN(context, store: store)
                var state = try await store.telemetry.latest(vin: vin.rawValue)
                if state == nil, try await store.vehicles.find(vin: vin) != nil {
                    // Registered but never heard from: offline, no report.
                    state = VehicleLatestState(
                        vin: vin.rawValue, report: nil, lastSeenAt: nil, online: false, onlineChangedAt: nil)
                }
                guard let state else {
                    throw APIError.notFound("no vehicle with VIN \(vin) has logged in or reported", field: "vin")
                }
                try await audit(context, "vehicle.state.read", vin, store: store)
                return try JSONBody.response(VehicleStateView(state))
            },
            Endpoint(
                .get, "/api/v1/vehicles/{vin}/telemetry", access: .authenticated,
                doc: EndpointDoc(
                    summary: "One vehicle's reports over a time range, oldest first", tag: "telemetry",
                    description:
                        "By collection time, reissued reports in their place. At most `limit` rows (default and maximum \(maxRows)); `truncated` says when more exist. Audited.",
                    query: rangeParameters + [
                        every,
                        QueryParameter(
                            "limit", ["type": "integer", "minimum": 1, "maximum": .number(Double(maxRows))],
                            "At most this many rows"),
                    ], response: Schema.ref("TelemetrySeries"), errors: [400], audited: true)
            ) { request, context in
                let vin = try await visibleVIN(context, store: store)
                let parameters = request.uri.queryParameters
                let (from, to) = try range(parameters)
                let step = try everySeconds(parameters)
                let limit = try limit(parameters, max: maxRows)
                let (rows, truncated) = atMost(
                    limit,
                    try await store.telemetry.rows(
                        vin: vin.rawValue, from: from, to: to, limit: limit + 1, everySeconds: step, withFrames: false))
                try await audit(context, "vehicle.telemetry.read", vin, from: from, to: to, store: store)
                let series = TelemetrySeriesView(
                    vin: vin.rawValue, from: Clock.iso8601(micros: from), to: Clock.iso8601(micros: to),
                    every: step, truncated: truncated, reports: rows.map(ReportView.init))
                return Response(
                    status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                    body: .init(byteBuffer: series.json()))
            },
            Endpoint(
                .get, "/api/v1/vehicles/{vin}/track", access: .authenticated,
                doc: EndpointDoc(
                    summary: "One vehicle's track as a GeoJSON Feature (LineString, WGS-84)", tag: "telemetry",
                    description:
                        "Positions of the reports with a valid fix, oldest first, as [longitude, latitude] (WGS-84, RFC 7946); `properties.times` holds each point's collection time. Downsample long ranges with `every`. Audited.",
                    query: rangeParameters + [every], response: Schema.ref("Track"),
                    responseType: "application/geo+json", errors: [400], audited: true)
            ) { request, context in
                let vin = try await visibleVIN(context, store: store)
                let parameters = request.uri.queryParameters
                let (from, to) = try range(parameters)
                let step = try everySeconds(parameters)
                let (rows, truncated) = atMost(
                    maxRows,
                    try await store.telemetry.rows(
                        vin: vin.rawValue, from: from, to: to, limit: maxRows + 1, everySeconds: step, withFrames: false
                    ))
                try await audit(context, "vehicle.track.read", vin, from: from, to: to, store: store)
                let track = TrackView(vin: vin.rawValue, rows: rows, truncated: truncated)
                return Response(
                    status: .ok, headers: [.contentType: "application/geo+json"], body: .init(byteBuffer: track.json()))
            },
            Endpoint(
                .get, "/api/v1/vehicles/{vin}/frames", access: .province,
                doc: EndpointDoc(
                    summary: "One vehicle's GB/T 32960 frames exactly as received, in hex", tag: "telemetry",
                    description:
                        "Reports (by collection time in the range) and the other accepted frames (logins, logouts, heartbeats, time syncs, by receive time), in receive order, for audit and replay; decode them with `nevbrain decode`. Audited.",
                    query: rangeParameters + [
                        QueryParameter(
                            "limit", ["type": "integer", "minimum": 1, "maximum": .number(Double(maxFrames))],
                            "At most this many frames (default \(maxFrames))")
                    ], response: Schema.ref("FrameList"), errors: [400], audited: true)
            ) { request, context in
                let vin = try pathVIN(context)
                let parameters = request.uri.queryParameters
                let (from, to) = try range(parameters)
                let limit = try limit(parameters, max: maxFrames)
                let (frames, truncated) = atMost(
                    limit, try await store.telemetry.frames(vin: vin.rawValue, from: from, to: to, limit: limit + 1))
                try await audit(context, "vehicle.frames.read", vin, from: from, to: to, store: store)
                return try JSONBody.response(
                    FrameListView(vin: vin.rawValue, truncated: truncated, frames: frames.map(FrameView.init)))
            },
            Endpoint(
                .get, "/api/v1/vehicles/{vin}/events", access: .authenticated,
                doc: EndpointDoc(
                    summary: "One vehicle's online and offline events, oldest first", tag: "telemetry",
                    query: rangeParameters + [
                        QueryParameter(
                            "limit", ["type": "integer", "minimum": 1, "maximum": .number(Double(maxFrames))],
                            "At most this many events (default \(maxFrames))")
                    ], response: Schema.ref("VehicleEvents"), errors: [400])
            ) { request, context in
                let vin = try await visibleVIN(context, store: store)
                let parameters = request.uri.queryParameters
                let (from, to) = try range(parameters)
                let limit = try limit(parameters, max: maxFrames)
                let events = try await store.telemetry.events(vin: vin.rawValue, from: from, to: to, limit: limit)
                return try JSONBody.response(VehicleEventsView(vin: vin.rawValue, events: events.map(EventView.init)))
            },
            Endpoint(
                .get, "/api/v1/fleet/summary", access: .authenticated,
                doc: EndpointDoc(
                    summary:
                        "Registered vehicles by state: online, driving, charging, alarming; by city and enterprise",
                    tag: "telemetry",
                    description:
                        "Province: all, or filtered. City: its own city. Enterprise: its own vehicles. Driving: online, started, speed above 0. Charging: online, charge state 1 or 2. Alarming: online with a general alarm level of 1 or more in the newest report. Counts may be up to 5 seconds old: a summary is reused for that long per filter.",
                    query: [
                        QueryParameter("city", APISchemas.city, "Only vehicles registered in this city"),
                        QueryParameter("enterprise", Schema.string, "Only this enterprise's vehicles"),
                    ], response: Schema.ref("FleetSummary"), errors: [400])
            ) { request, context in
                let parameters = request.uri.queryParameters
                var filter = FleetFilter(
                    enterprise: try IdentityRoutes.enterprise(parameters.get("enterprise")),
                    city: try IdentityRoutes.city(parameters.get("city")))
                try await Scope.narrow(
                    city: &filter.city, enterprise: &filter.enterprise, of: "fleet", context, store: store)
                let summary = try await services.fleetSummaries.summary(filter) {
                    try await store.telemetry.fleetSummary(filter)
                }
                return try JSONBody.response(FleetSummaryView(summary))
            },
        ]
    }

    // MARK: Request values

    static func pathVIN(_ context: APIRequestContext) throws -> VIN {
        try VehicleRoutes.pathVIN(context)
    }

    /// The path's VIN if the caller may see that vehicle: registered in their scope, or any VIN for the province.
    static func visibleVIN(_ context: APIRequestContext, store: any PlatformStore) async throws -> VIN {
        let vin = try pathVIN(context)
        if context.principal.role == .province { return vin }
        guard let record = try await store.vehicles.find(vin: vin) else {
            // Not registered: only the province sees such data. Said as "not found", not "forbidden", so
            // that the answer does not tell which VINs report to the platform.
            throw APIError.notFound("no vehicle with VIN \(vin)", field: "vin")
        }
        try await Scope.require(
            context, canSee: record.enterprise, in: record.city, resource: "vehicle:\(vin)", store: store)
        return vin
    }

    static func range(_ parameters: Parameters) throws(APIError) -> (Int64, Int64) {
        let to =
            try parameters.get("to").map { text throws(APIError) in try QueryValues.instant(text, field: "to") }
            ?? Clock.nowMicros()
        let from =
            try parameters.get("from").map { text throws(APIError) in try QueryValues.instant(text, field: "from") }
            ?? (to - defaultRange)
        guard from < to else { throw APIError.badRequest("from must be before to", field: "from") }
        return (from, to)
    }

    static func everySeconds(_ parameters: Parameters) throws(APIError) -> Int? {
        guard let text = parameters.get("every") else { return nil }
        guard let seconds = Int(text), (1...86_400).contains(seconds) else {
            throw APIError.badRequest("every must be a whole number of seconds, 1-86400", field: "every")
        }
        return seconds
    }

    static func limit(_ parameters: Parameters, max: Int) throws(APIError) -> Int {
        guard let text = parameters.get("limit") else { return max }
        guard let limit = Int(text), (1...max).contains(limit) else {
            throw APIError.badRequest("limit must be 1-\(max)", field: "limit")
        }
        return limit
    }

    /// The first `limit` of `items` (read with a limit one higher), and whether there were more.
    static func atMost<T>(_ limit: Int, _ items: [T]) -> ([T], truncated: Bool) {
        (Array(items.prefix(limit)), items.count > limit)
    }

    /// An `ok` audit entry for a read of important data.
    static func audit(
        _ context: APIRequestContext, _ action: String, _ vin: VIN, from: Int64? = nil, to: Int64? = nil,
        store: any PlatformStore
    ) async throws {
        let detail = from.flatMap { from in
            to.map { "from=\(Clock.iso8601(micros: from)) to=\(Clock.iso8601(micros: $0))" }
        }
        try await store.audit.append(
            AuditEntry(
                at: Clock.nowMicros(), actor: context.principal.actor, role: context.principal.role, action: action,
                resource: vin.rawValue, outcome: "ok", detail: detail ?? ""))
    }
}
