import Foundation
public import Model
public import Store

/// The JSON body of a webhook request: one safety change, in the live feed's terms.
public struct WebhookPayload: Codable, Sendable, Hashable {
    /// The delivery id (the same on every retry): receivers use it to drop duplicates.
    public var delivery: String
    /// `alarm.opened`, `critical_event.escalated`, ...
    public var event: String
    public var vin: String
    public var enterprise: String?
    public var city: String?
    /// When it happened (collection time), ISO 8601 UTC.
    public var at: String
    public var change: String
    /// The alarm, warning or event id, for `/api/v1/safety/{alarms,warnings,events}/{id}`.
    public var id: String
    public var name: String
    public var level: Int?
    public var openedAt: String
    public var reissue: Bool

    /// The payload of a safety event, or nil for other live events.
    public init?(_ event: LiveEvent, delivery: String) {
        guard let notice = event.safety else { return nil }
        self.delivery = delivery
        self.event = "\(event.kind.rawValue).\(notice.change)"
        vin = event.vin
        enterprise = event.enterprise?.rawValue
        city = event.city?.slug
        at = Clock.iso8601(micros: event.at)
        change = notice.change
        id = notice.id
        name = notice.name
        level = notice.level
        openedAt = Clock.iso8601(micros: notice.openedAt)
        reissue = notice.reissue
    }

    /// Sorted-key JSON.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension WebhookRecord {
    /// Whether this webhook wants `event`: a safety kind it subscribed to, on a vehicle in its scope (a webhook
    /// scoped to a city or an enterprise never receives unregistered vehicles' events).
    public func wants(_ event: LiveEvent) -> Bool {
        guard event.safety != nil, kinds.contains(event.kind.rawValue) else { return false }
        if let city, event.city != city { return false }
        if let enterprise, event.enterprise != enterprise { return false }
        return true
    }
}
