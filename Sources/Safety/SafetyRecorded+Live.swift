import Model
public import Store

extension SafetyRecorded {
    /// The live events of what was recorded: alarms opened, changing level, closing or going stale; warnings
    /// opening and closing; critical events in every change. Changes from reissued history (backdating, recorded
    /// past episodes) are in the store, not pushed: the feed is "now".
    public var liveEvents: [LiveEvent] {
        var events: [LiveEvent] = []
        func event(_ kind: LiveEvent.Kind, vin: String, at: Int64, _ notice: SafetyNotice) {
            let owner = registrations[vin]
            events.append(
                LiveEvent(
                    kind: kind, vin: vin, enterprise: owner?.enterprise, city: owner?.city, at: at, safety: notice))
        }
        for change in output.alarms where Self.pushed.contains(change.kind) {
            event(
                .alarm, vin: change.vin, at: change.at,
                SafetyNotice(
                    change: change.kind.rawValue, id: change.alarmID, name: change.key.name, level: change.level,
                    openedAt: change.openedAt, reissue: change.reissue))
        }
        for change in output.warnings {
            event(
                .warning, vin: change.vin, at: change.at,
                SafetyNotice(
                    change: change.kind.rawValue, id: change.warningID, name: change.rule.rawValue, level: nil,
                    openedAt: change.openedAt, reissue: false))
        }
        for change in output.events {
            event(
                .criticalEvent, vin: change.event.vin, at: change.at,
                SafetyNotice(
                    change: change.kind.rawValue, id: change.event.id,
                    name: change.event.trigger.joined(separator: ","),
                    level: change.event.maxLevel, openedAt: change.event.triggeredAt, reissue: false))
        }
        return events
    }

    private static let pushed: Set<AlarmChange.Kind> = [.opened, .levelChanged, .closed, .stale]
}
