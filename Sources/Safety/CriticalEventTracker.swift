/// A critical event: a level-3 alarm ("stop at once or call for rescue") or a 2025 level-4 battery thermal event.
/// It covers the window an investigation needs: from `preFaultWindow` before the trigger (data the terminal sends as
/// reissue) until the report in which the alarm cleared.
public struct CriticalEvent: Sendable, Hashable {
    public var id: String
    public var vin: String
    /// Collection time of the first report at level 3 or more.
    public var triggeredAt: Int64
    /// Start of the window: `preFaultWindow` before the trigger.
    public var windowStart: Int64
    /// End of the window: the report in which the level fell below 3; nil while open.
    public var windowEnd: Int64?
    /// Level at the trigger and highest level reached.
    public var level: Int
    public var maxLevel: Int
    /// The alarms raised at level 3 or more when it triggered, by name.
    public var trigger: [String]
    /// `open`, `closed` (the level fell below 3) or `stale` (the vehicle went offline first).
    public var status: Status

    public enum Status: String, Sendable, Hashable, CaseIterable {
        case open, closed, stale
    }

    /// Creates an event.
    public init(
        id: String, vin: String, triggeredAt: Int64, windowStart: Int64, windowEnd: Int64?, level: Int, maxLevel: Int,
        trigger: [String], status: Status
    ) {
        self.id = id
        self.vin = vin
        self.triggeredAt = triggeredAt
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.level = level
        self.maxLevel = maxLevel
        self.trigger = trigger
        self.status = status
    }
}

/// A change to a critical event.
public struct CriticalEventChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case opened
        /// The level rose (3 to 4: the thermal event followed).
        case escalated
        case closed
        case stale
    }

    public var kind: Kind
    public var at: Int64
    /// The event after the change.
    public var event: CriticalEvent

    /// Creates a change.
    public init(kind: Kind, at: Int64, event: CriticalEvent) {
        self.kind = kind
        self.at = at
        self.event = event
    }
}

/// Opens, escalates and closes one vehicle's critical event from its reports in collection-time order. Past reports
/// (older than the newest applied) never open one: the pre-fault reissue belongs to the window of the event the live
/// trigger opened.
public struct CriticalEventTracker: Sendable {
    /// 30 s: GB/T 32960.3 Annex B asks for the data of the 30 s before a level-3 fault.
    public static let preFaultWindow: Int64 = 30_000_000

    public let vin: String
    public private(set) var current: CriticalEvent?
    private var latest: Int64?

    /// A tracker for `vin`, resuming an open event.
    public init(vin: String, open: CriticalEvent? = nil) {
        self.vin = vin
        self.current = open
    }

    /// Applies one report.
    public mutating func apply(_ sample: SafetySample) -> [CriticalEventChange] {
        guard let alarm = sample.alarm else { return [] }
        let time = sample.collectedAt
        if let latest, time <= latest { return [] }
        latest = time
        let raised = alarm.raised
        let level = alarm.level
        if var event = current {
            if level >= 3 {
                guard level > event.maxLevel else { return [] }
                event.maxLevel = level
                current = event
                return [CriticalEventChange(kind: .escalated, at: time, event: event)]
            }
            event.windowEnd = time
            event.status = .closed
            current = nil
            return [CriticalEventChange(kind: .closed, at: time, event: event)]
        }
        guard level >= 3 else { return [] }
        let trigger = raised.filter { $0.value >= 3 }.keys.sorted().map(\.name)
        let event = CriticalEvent(
            id: "\(vin)-\(time / 1_000_000)", vin: vin, triggeredAt: time, windowStart: time - Self.preFaultWindow,
            windowEnd: nil, level: level, maxLevel: level, trigger: trigger.isEmpty ? ["max_alarm_level"] : trigger,
            status: .open)
        current = event
        return [CriticalEventChange(kind: .opened, at: time, event: event)]
    }

    /// The vehicle went offline at `time` with the event still open.
    public mutating func expire(at time: Int64) -> [CriticalEventChange] {
        guard var event = current else { return [] }
        event.windowEnd = time
        event.status = .stale
        current = nil
        return [CriticalEventChange(kind: .stale, at: time, event: event)]
    }
}
