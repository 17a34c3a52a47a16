/// A change in one of a vehicle's alarms, as the tracker decides it: what the store records and what is pushed.
public struct AlarmChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The first report raising it (in collection-time order).
        case opened
        /// Its level went up or down while open.
        case levelChanged = "level_changed"
        /// A report without it: the condition cleared ("标志维持到报警条件解除").
        case closed
        /// The vehicle went offline while it was open: nobody knows when it cleared.
        case stale
        /// Reissued data shows it was already raised before the time it was opened at.
        case backdated
        /// Raised only in reissued data older than what the platform already had: an episode of the past, opened
        /// and closed in the record, never pushed as a new alarm.
        case recorded
        /// A `recorded` episode turned out to run into the open alarm: it is part of it now (`alarmID` names the
        /// recorded episode, which goes; the open alarm's `backdated` follows).
        case merged
    }

    /// The alarm episode, stable from opening to closing.
    public var alarmID: String
    public var vin: String
    public var key: AlarmKey
    public var kind: Kind
    /// Collection time the change happened at (for `backdated` the new opening time; for `recorded` the episode's
    /// last report so far).
    public var at: Int64
    /// Level after the change.
    public var level: Int
    /// Level before a `levelChanged`.
    public var previousLevel: Int?
    /// When the episode started.
    public var openedAt: Int64
    /// `true` when reissued (0x03) data caused it.
    public var reissue: Bool

    /// Creates a change.
    public init(
        alarmID: String, vin: String, key: AlarmKey, kind: Kind, at: Int64, level: Int, previousLevel: Int? = nil,
        openedAt: Int64, reissue: Bool
    ) {
        self.alarmID = alarmID
        self.vin = vin
        self.key = key
        self.kind = kind
        self.at = at
        self.level = level
        self.previousLevel = previousLevel
        self.openedAt = openedAt
        self.reissue = reissue
    }
}

/// An alarm that is open now.
public struct OpenAlarm: Sendable, Hashable {
    public var id: String
    public var key: AlarmKey
    public var level: Int
    public var openedAt: Int64
    /// Collection time of the newest report raising it.
    public var lastSeenAt: Int64

    /// Creates an open alarm.
    public init(id: String, key: AlarmKey, level: Int, openedAt: Int64, lastSeenAt: Int64) {
        self.id = id
        self.key = key
        self.level = level
        self.openedAt = openedAt
        self.lastSeenAt = lastSeenAt
    }

    /// The episode id of `key` on `vin` opened at `openedAt`: deterministic, so processing the same reports twice
    /// names the same episodes.
    public static func id(vin: String, key: AlarmKey, openedAt: Int64) -> String {
        "\(vin)-\(key.category.rawValue)-\(key.code)-\(openedAt / 1_000_000)"
    }
}

/// One vehicle's alarm lifecycle as a pure state machine: reports in, changes out.
///
/// Per general-alarm flag and per fault code: opened at the first report that raises it, level changes recorded,
/// closed at the first report that no longer raises it, stale when the vehicle goes offline. Reports are taken in
/// collection-time order; a reissued report older than the newest one applied is history, not news:
/// - if an open alarm was already raised in it, no more than `historyGap` before its opening, the opening moves back
///   to it (`backdated`); a later past report without the alarm undoes that and records the stretch as its own
///   episode;
/// - otherwise it belongs to an episode of the past: consecutive such reports (no more than `historyGap` apart)
///   make one `recorded` episode, opened and closed at once.
/// A report without an alarm unit says nothing about alarms and changes none.
public struct AlarmTracker: Sendable {
    public let vin: String
    /// Open alarms by key.
    public private(set) var open: [AlarmKey: OpenAlarm]
    /// Collection time of the newest report applied in order.
    public private(set) var latest: Int64?
    /// Episodes built from late reissued reports, by key, while they may still grow.
    private var history: [AlarmKey: OpenAlarm] = [:]
    /// The in-order opening of alarms that reissued reports backdated, and the newest such report raising them.
    private var liveOpening: [AlarmKey: Int64] = [:]
    private var pastRaise: [AlarmKey: Int64] = [:]
    /// Reports of the past further apart than this start a new recorded episode.
    public var historyGap: Int64 = 60_000_000

    /// A tracker for `vin`, resuming the alarms it had open.
    public init(vin: String, open: [OpenAlarm] = [], latest: Int64? = nil) {
        self.vin = vin
        self.open = Dictionary(open.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        self.latest = latest ?? open.map(\.lastSeenAt).max()
    }

    /// Applies one report.
    public mutating func apply(_ sample: SafetySample) -> [AlarmChange] {
        guard let alarm = sample.alarm else { return [] }
        let raised = alarm.raised
        let time = sample.collectedAt
        if let latest, time <= latest { return applyPast(raised, at: time) }
        latest = time
        var changes: [AlarmChange] = []
        for key in open.keys.sorted() where raised[key] == nil {
            let alarm = open.removeValue(forKey: key)!
            liveOpening[key] = nil
            pastRaise[key] = nil
            changes.append(change(alarm, .closed, at: time, reissue: sample.reissue))
        }
        for (key, level) in raised.sorted(by: { $0.key < $1.key }) {
            if var alarm = open[key] {
                alarm.lastSeenAt = time
                if alarm.level != level {
                    let previous = alarm.level
                    alarm.level = level
                    changes.append(change(alarm, .levelChanged, at: time, previous: previous, reissue: sample.reissue))
                }
                open[key] = alarm
            } else {
                let alarm = OpenAlarm(
                    id: OpenAlarm.id(vin: vin, key: key, openedAt: time), key: key, level: level, openedAt: time,
                    lastSeenAt: time)
                open[key] = alarm
                changes.append(change(alarm, .opened, at: time, reissue: sample.reissue))
            }
        }
        return changes
    }

    /// The vehicle went offline at `time`: every open alarm becomes stale.
    public mutating func expire(at time: Int64) -> [AlarmChange] {
        let changes = open.values.sorted { $0.key < $1.key }.map { change($0, .stale, at: time, reissue: false) }
        open.removeAll()
        history.removeAll()
        liveOpening.removeAll()
        pastRaise.removeAll()
        return changes
    }

    /// The highest level open now, 0 with none.
    public var level: Int { open.values.map(\.level).max() ?? 0 }

    private mutating func applyPast(_ raised: [AlarmKey: Int], at time: Int64) -> [AlarmChange] {
        var changes: [AlarmChange] = []
        // A past report without an alarm that was backdated past it: the stretch before it was an episode of its
        // own. Record it, and give the open alarm back the opening it had before.
        for key in open.keys.sorted() where raised[key] == nil {
            guard var alarm = open[key], alarm.openedAt < time, let live = liveOpening[key], time < live else {
                continue
            }
            var past = alarm
            past.id = OpenAlarm.id(vin: vin, key: key, openedAt: alarm.openedAt)
            past.lastSeenAt = pastRaise[key] ?? alarm.openedAt
            changes.append(change(past, .recorded, at: past.lastSeenAt, reissue: true))
            alarm.openedAt = live
            open[key] = alarm
            changes.append(change(alarm, .backdated, at: live, reissue: true))
        }
        for (key, level) in raised.sorted(by: { $0.key < $1.key }) {
            if var alarm = open[key] {
                if time >= alarm.openedAt {
                    pastRaise[key] = max(pastRaise[key] ?? time, time)
                    continue  // Within the open episode: nothing new.
                }
                if alarm.openedAt - time <= historyGap {
                    if liveOpening[key] == nil { liveOpening[key] = alarm.openedAt }
                    alarm.openedAt = time
                    // A past episode this report continues runs into the open alarm: one alarm from its start.
                    if let episode = history.removeValue(forKey: key), time - episode.lastSeenAt <= historyGap {
                        changes.append(change(episode, .merged, at: time, reissue: true))
                        alarm.openedAt = episode.openedAt
                    }
                    open[key] = alarm
                    pastRaise[key] = time
                    changes.append(change(alarm, .backdated, at: alarm.openedAt, reissue: true))
                    continue
                }
            }
            if var episode = history[key], time > episode.lastSeenAt, time - episode.lastSeenAt <= historyGap {
                episode.lastSeenAt = time
                episode.level = max(episode.level, level)
                history[key] = episode
                changes.append(change(episode, .recorded, at: time, reissue: true))
            } else {
                let episode = OpenAlarm(
                    id: OpenAlarm.id(vin: vin, key: key, openedAt: time), key: key, level: level, openedAt: time,
                    lastSeenAt: time)
                history[key] = episode
                changes.append(change(episode, .recorded, at: time, reissue: true))
            }
        }
        // A past report without the alarm ends its past episode.
        for key in history.keys where raised[key] == nil && time > history[key]!.lastSeenAt {
            history[key] = nil
        }
        return changes
    }

    private func change(
        _ alarm: OpenAlarm, _ kind: AlarmChange.Kind, at time: Int64, previous: Int? = nil, reissue: Bool
    ) -> AlarmChange {
        AlarmChange(
            alarmID: alarm.id, vin: vin, key: alarm.key, kind: kind, at: time, level: alarm.level,
            previousLevel: previous, openedAt: alarm.openedAt, reissue: reissue)
    }
}
