import Model
import Store
import Telemetry
import Testing

@Suite("Live events of a committed batch")
struct LiveEventsTests {
    @Test("the newest realtime report per vehicle, reissues left out, then presence changes; owner and city attached")
    func committed() throws {
        let geely = "LVBV3J0BXLW010382"
        let stranger = "LUNREGISTERED0001"
        let directory = VehicleDirectory([
            VehicleOwnership(vin: try #require(VIN(rawValue: geely)), enterprise: "geely", city: .hangzhou)
        ])
        func row(_ vin: String, _ at: Int64, reissue: Bool = false) -> TelemetryRow {
            TelemetryRow(vin: vin, collectedAt: at, receivedAt: at, reissue: reissue, raw: [1, 2, 3])
        }
        let batch = IngestBatch(
            reports: [row(geely, 20), row(geely, 10), row(stranger, 5, reissue: true)],
            presence: [PresenceChange(vin: stranger, at: 7, online: true, reason: "data", session: 3)])
        let events = LiveEvent.committed(batch, directory: directory)
        #expect(events.map(\.kind) == [.state, .online])
        #expect(events.first?.vin == geely)
        #expect(events.first?.at == 20, "the newest of the vehicle's reports in the batch")
        #expect(events.first?.enterprise == "geely")
        #expect(events.first?.city == .hangzhou)
        #expect(events.first?.report?.raw == [], "frame bytes are not carried to subscribers")
        #expect(events.last?.enterprise == nil, "an unregistered vehicle has no owner: only the province sees it")
        #expect(events.last?.reason == "data")
    }
}
