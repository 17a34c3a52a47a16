import Safety
import Testing

/// Rules that the runaway scenario does not reach, on samples built directly.
@Suite("Early warning")
struct EarlyWarningTests {
    static func sample(_ second: Int64, soc: Double, parked: Bool = false) -> SafetySample {
        var s = SafetySample(vin: "LZJS0000000000042", collectedAt: second * 1_000_000)
        s.socPercent = soc
        s.vehicleState = parked ? 2 : 1
        s.speedKmh = parked ? 0 : 40
        s.chargeState = 3
        s.packCurrent = parked ? 0 : 30
        return s
    }

    @Test("an SOC jump between close reports opens a warning with both readings; the next steady report closes it")
    func socJump() {
        var tracker = EarlyWarningTracker(vin: "LZJS0000000000042")
        let changes = [Self.sample(0, soc: 60), Self.sample(10, soc: 52), Self.sample(20, soc: 52)].flatMap {
            tracker.apply($0)
        }
        #expect(changes.map(\.kind) == [.opened, .closed])
        #expect(changes.first?.rule == .socJump)
        #expect(changes.first?.evidence.values["soc_before"] == 60)
        #expect(changes.first?.evidence.from == 0)
        // Far-apart reports are not a jump: 8 points in 10 minutes of driving is possible.
        var slow = EarlyWarningTracker(vin: "LZJS0000000000042")
        #expect([Self.sample(0, soc: 60), Self.sample(600, soc: 52)].flatMap { slow.apply($0) }.isEmpty)
    }

    @Test("SOC falling while parked, against the highest SOC since parking, with per-model thresholds")
    func parkedDrop() {
        var thresholds = WarningThresholds()
        thresholds.parkedSocDrop = 5
        var tracker = EarlyWarningTracker(vin: "LZJS0000000000042", thresholds: thresholds)
        let reports = [
            Self.sample(0, soc: 70, parked: true), Self.sample(3_600, soc: 68, parked: true),
            Self.sample(7_200, soc: 65, parked: true), Self.sample(7_210, soc: 65, parked: false),
        ]
        let changes = reports.flatMap { tracker.apply($0) }
        #expect(changes.map(\.kind) == [.opened, .closed])
        let opened = changes[0]
        #expect(opened.rule == .parkedSocDrop && opened.at == 7_200_000_000 && opened.evidence.from == 0)
        #expect(opened.evidence.values["drop"] == 5)
    }

    @Test("thresholds decode with defaults for what is left out and name the first bad field")
    func thresholds() throws {
        var t = WarningThresholds()
        #expect(t.invalidField == nil)
        t.cellUnderVoltage = 5
        #expect(t.invalidField == "cellUnderVoltage")
        t = WarningThresholds()
        t.temperatureRise = -1
        #expect(t.invalidField == "temperatureRise")
    }
}
