public import Model
public import Store

extension LiveEvent {
    /// The live events of a committed batch: the newest realtime report of each vehicle (reissues are history,
    /// not "now"), then the presence changes in order, each with the vehicle's owner and city from `directory`.
    public static func committed(_ batch: IngestBatch, directory: VehicleDirectory) -> [LiveEvent] {
        var events: [LiveEvent] = []
        events.reserveCapacity(batch.presence.count + min(batch.reports.count, 1024))
        for (report, _) in batch.latestPerVehicle where !report.reissue {
            let owner = directory.registration(vin: report.vin)
            events.append(
                LiveEvent(
                    kind: .state, vin: report.vin, enterprise: owner?.enterprise, city: owner?.city,
                    at: report.collectedAt, report: report.withoutRaw))
        }
        for change in batch.presence {
            let owner = directory.registration(vin: change.vin)
            events.append(
                LiveEvent(
                    kind: change.online ? .online : .offline, vin: change.vin, enterprise: owner?.enterprise,
                    city: owner?.city, at: change.at, reason: change.reason))
        }
        return events
    }
}

extension TelemetryRow {
    /// The row without its frame bytes, for events that hold it in memory a while.
    fileprivate var withoutRaw: TelemetryRow {
        var row = self
        row.raw = []
        return row
    }
}
