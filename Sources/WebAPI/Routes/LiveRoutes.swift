import Foundation
public import HTTPTypes
import Hummingbird
public import HummingbirdWebSocket
import Identity
public import Logging
import Model
import NIOCore
import Store

/// The live feed: a WebSocket at `/api/v1/live` sending, as JSON text messages, every state change the gateway
/// commits that the caller may see (a vehicle's newest report, online, offline), filtered by the caller's scope
/// as the registry is. Browsers cannot set headers on a WebSocket, so the token may also come as
/// `?access_token=`. Subscribing is audited (`vehicle.live.subscribe`): the feed carries positions.
public enum LiveRoutes {
    static let path = "/api/v1/live"

    static func endpoints(_ services: PlatformServices) -> [Endpoint] {
        [
            Endpoint(
                .get, path, access: .authenticated,
                doc: EndpointDoc(
                    summary: "Live feed of vehicle state changes and safety events (WebSocket)", tag: "telemetry",
                    description:
                        "Open as a WebSocket (GET with Upgrade: websocket), with the token in Authorization or as access_token. Each text message is one LiveEvent: kind state (the vehicle's newest report, reissues excluded), online or offline (with the reason), alarm, warning or critical_event (with `safety`: what changed). Optional kinds=alarm,warning,critical_event (comma-separated) narrows to those kinds. Scoped: a city sees the vehicles registered in it, an enterprise its own; unregistered vehicles only the province. Optional vin=... narrows to one vehicle. A client reading too slowly loses the oldest events beyond 1,000. Over plain HTTP this answers 426. Audited.",
                    query: [
                        QueryParameter("vin", Schema.string, "Only this vehicle"),
                        QueryParameter(
                            "kinds", Schema.string,
                            "Only these kinds, comma-separated (state, online, offline, alarm, warning, critical_event)"
                        ),
                        QueryParameter(
                            "access_token", Schema.string, "The bearer token, for clients that cannot set headers"),
                    ],
                    successStatus: 101, response: Schema.ref("LiveEvent"), errors: [426], audited: true)
            ) { _, _ in
                throw APIError(
                    .upgradeRequired, code: "upgrade_required",
                    message: "this is a WebSocket: connect with Upgrade: websocket")
            }
        ]
    }

    /// Decides a WebSocket upgrade request: the live feed's path with a valid token upgrades; anything else
    /// goes on to the HTTP router (which answers 401, 404 or 426 as usual).
    public static func shouldUpgrade(_ request: HTTPRequest, services: PlatformServices, logger: Logger) async
        -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>>
    {
        let components = URLComponents(string: request.path ?? "")
        guard components?.path == path else { return .dontUpgrade }
        let query = components?.queryItems ?? []
        let header = request.headerFields[.authorization].flatMap { value -> String? in
            value.lowercased().hasPrefix("bearer ") ? String(value.dropFirst(7)) : nil
        }
        guard let secret = header ?? query.first(where: { $0.name == "access_token" })?.value,
            let (principal, _) = try? await services.identity.authenticate(secret: secret),
            principal.role != .public
        else { return .dontUpgrade }
        let vin = query.first { $0.name == "vin" }?.value
        let kinds = query.first { $0.name == "kinds" }?.value.map { Set($0.split(separator: ",").map(String.init)) }
        try? await services.store.audit.append(
            AuditEntry(
                at: Clock.nowMicros(), actor: principal.actor, role: principal.role, action: "vehicle.live.subscribe",
                resource: vin ?? "*", outcome: "ok"))
        let feed = services.liveFeed
        return .upgrade([:]) { inbound, outbound, _ in
            let events = feed.subscribe { event in
                principal.canSee(enterprise: event.enterprise, city: event.city) && (vin == nil || event.vin == vin)
                    && (kinds == nil || kinds!.contains(event.kind.rawValue))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Until the client closes; what it sends is ignored.
                group.addTask { for try await _ in inbound {} }
                group.addTask {
                    for await event in events {
                        let text = String(decoding: try encoder.encode(LiveEventView(event)), as: UTF8.self)
                        try await outbound.write(.text(text))
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }
}

/// One live-feed message.
struct LiveEventView: Codable {
    let kind: String
    let vin: String
    let enterprise: String?
    let city: String?
    let at: String
    let reason: String?
    let report: ReportView?
    let safety: SafetyNoticeView?

    init(_ event: LiveEvent) {
        kind = event.kind.rawValue
        vin = event.vin
        enterprise = event.enterprise?.rawValue
        city = event.city?.slug
        at = Clock.iso8601(micros: event.at)
        reason = event.reason
        report = event.report.map(ReportView.init)
        safety = event.safety.map(SafetyNoticeView.init)
    }
}

/// What changed, for the safety kinds of the live feed.
struct SafetyNoticeView: Codable {
    let change: String
    let id: String
    let name: String
    let level: Int?
    let openedAt: String
    let reissue: Bool

    init(_ notice: SafetyNotice) {
        change = notice.change
        id = notice.id
        name = notice.name
        level = notice.level
        openedAt = Clock.iso8601(micros: notice.openedAt)
        reissue = notice.reissue
    }
}
