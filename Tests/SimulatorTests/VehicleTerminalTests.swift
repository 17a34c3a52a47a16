import GBT32960
import Simulator
import Testing

/// The terminal's decisions without sockets or clocks: time is whatever the test says.
@Suite("Vehicle terminal")
struct VehicleTerminalTests {
    /// 2026-11-25T09:30:00+08:00.
    static let start: Int64 = 1_795_570_200

    static func terminal(edition: Edition = .gb2016) -> VehicleTerminal {
        VehicleTerminal(
            vehicle: SimulatedVehicle(index: 7, seed: 32960, edition: edition, start: start), period: 10)
    }

    static func sent(_ actions: some Sequence<VehicleTerminal.Action>) -> [Message] {
        actions.compactMap {
            if case .send(let message) = $0 { return message }
            return nil
        }
    }

    @Test(
        "a level-3 fault: the 30 s before it as reissues, 1 Hz realtime until it clears, then the period again",
        arguments: [Edition.gb2016, .gb2025])
    func levelThree(edition: Edition) throws {
        var terminal = Self.terminal(edition: edition)
        var actions = terminal.start() + terminal.advance(to: Self.start + 100)
        terminal.stage(
            BatteryCondition(kind: .thermalFault, started: Self.start + 101, ends: Self.start + 181, severity: 1))
        actions += terminal.advance(to: Self.start + 400)
        #expect(!actions.contains(.disconnect))
        let frames = Self.sent(actions).filter { $0.report != nil }
        #expect(terminal.counts.level3Events == 1)

        let onsetIndex = try #require(frames.firstIndex { $0.alarmLevel >= 3 })
        #expect(frames[onsetIndex].command == .realtimeReport)
        let fault = try #require(frames[onsetIndex].seconds)
        #expect(fault > Self.start + 101 && fault < Self.start + 141, "the pack needs a while to reach 65 °C")

        // The pre-fault window goes out just before the fault's first frame, oldest first, strictly increasing.
        let reissues = frames.filter { $0.command == .reissueReport }
        #expect(reissues.count >= 25)
        #expect(frames[(onsetIndex - reissues.count)..<onsetIndex].allSatisfy { $0.command == .reissueReport })
        let reissueTimes = reissues.compactMap(\.seconds)
        #expect(zip(reissueTimes, reissueTimes.dropFirst()).allSatisfy { $0 < $1 })
        #expect(reissues.allSatisfy { $0.alarmLevel < 3 })
        // With the periodic reports already sent, the platform has each of the 30 seconds exactly once.
        let periodic = frames[..<onsetIndex].filter { $0.command == .realtimeReport }.compactMap(\.seconds)
        let window = (reissueTimes + periodic.filter { $0 >= fault - 30 }).sorted()
        #expect(window == Array((fault - 30)..<fault))

        // 1 Hz from the fault until the first clear second, which is reported too; then every 10 s.
        let realtime = frames[onsetIndex...].filter { $0.command == .realtimeReport }
        let clear = try #require(realtime.firstIndex { $0.alarmLevel < 3 })
        #expect(clear >= 10, "a thermal fault lasts")
        let fast = realtime[...clear].compactMap(\.seconds)
        #expect(fast == Array(fault...(fault + Int64(fast.count) - 1)))
        let slow = realtime[clear...].compactMap(\.seconds)
        #expect(slow.count > 5)
        #expect(zip(slow, slow.dropFirst()).allSatisfy { $1 - $0 == 10 })

        // The alarm agrees with the values: level 3 is a probe at 65 °C or more, flagged as high temperature.
        for frame in frames where frame.alarmLevel >= 3 {
            #expect((frame.alarm?.generalFlags ?? 0) & 1 << AlarmDiagnosis.Bit.highTemperature != 0)
            #expect((frame.probes.max() ?? 0) >= 65 + 40)
        }
        let thermalEvents = frames.compactMap(\.alarm).filter { $0.generalFlags & 1 << 23 != 0 }
        if edition == .gb2025 {
            // Severity 1 takes the pack past 90 °C: a thermal event, bit 23 at level 4 (2025 only).
            #expect(!thermalEvents.isEmpty)
            #expect(
                thermalEvents.allSatisfy {
                    $0.maxLevel == 4
                        && $0.generalAlarmLevels?.contains(GeneralAlarmLevel(flagBit: 23, level: 4)) == true
                })
        } else {
            #expect(thermalEvents.isEmpty)
            #expect(frames.allSatisfy { $0.alarmLevel <= 3 })
        }
    }

    @Test("a lost link: after the new login, exactly the reports missed, as reissues in order, then realtime")
    func linkDrop() throws {
        var reference = Self.terminal()
        let undisturbed = Self.sent(reference.start() + reference.advance(to: Self.start + 200))
        var terminal = Self.terminal()
        terminal.stageLinkDrop(at: Self.start + 35, outage: 60)
        let actions = terminal.start() + terminal.advance(to: Self.start + 200)

        #expect(actions.filter { $0 == .connect }.count == 2)
        let drop = try #require(actions.firstIndex(of: .disconnect))
        let reconnect = try #require(actions.lastIndex(of: .connect))
        #expect(reconnect == drop + 1, "nothing is sent while the link is down")
        let before = Self.sent(actions[..<drop])
        let after = Self.sent(actions[(reconnect + 1)...])
        let login = try #require(after.first)
        guard case .vehicleLogin(let body) = login.body else { throw LoginMissing() }
        #expect(body.serial == 2)
        let reissues = after.filter { $0.command == .reissueReport }
        #expect(after.dropFirst().prefix(reissues.count).allSatisfy { $0.command == .reissueReport })

        // The reissues are the very reports the same vehicle sends without a drop, at the seconds it missed.
        let delivered = Set((before + after).filter { $0.command == .realtimeReport }.compactMap(\.seconds))
        let missed = undisturbed.filter { $0.command == .realtimeReport && !delivered.contains($0.seconds ?? 0) }
        #expect(missed.count == 6)
        #expect(reissues.map { $0.with(.realtimeReport) } == missed)
        #expect(terminal.counts.linkDrops == 1)
        #expect(terminal.backlogCount == 0)
    }

    @Test("a level-3 fault while the link is down: window and 1 Hz reports all reissued in order after reconnecting")
    func faultWhileOffline() throws {
        var terminal = Self.terminal(edition: .gb2025)
        terminal.stageLinkDrop(at: Self.start + 90, outage: 150)
        terminal.stage(
            BatteryCondition(kind: .thermalFault, started: Self.start + 101, ends: Self.start + 181, severity: 0.5))
        let actions = terminal.start() + terminal.advance(to: Self.start + 300)
        let reconnect = try #require(actions.lastIndex(of: .connect))
        let reissues = Self.sent(actions[reconnect...]).filter { $0.command == .reissueReport }
        let times = reissues.compactMap(\.seconds)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 })
        let fault = try #require(reissues.first { $0.alarmLevel >= 3 }?.seconds)
        // Every second from 30 s before the fault to its end was kept (some before the drop were sent live).
        let live = Self.sent(actions[..<reconnect]).compactMap(\.seconds)
        let covered = Set(times + live)
        #expect((fault - 30...fault + 10).allSatisfy { covered.contains($0) })
        #expect(terminal.counts.level3Events == 1)
    }

    @Test(
        "mild conditions raise level 1-2 alarms that agree with the reported values",
        arguments: BatteryCondition.Kind.mild, [0.0, 1.0])
    func mildAlarms(kind: BatteryCondition.Kind, severity: Double) throws {
        var terminal = Self.terminal(edition: .gb2025)
        terminal.stage(
            BatteryCondition(kind: kind, started: Self.start + 5, ends: Self.start + 500, severity: severity))
        let frames = Self.sent(terminal.start() + terminal.advance(to: Self.start + 100)).filter { $0.report != nil }
        #expect(frames.count == 10)
        let alarmed = try #require(frames.last)
        let alarm = try #require(alarmed.alarm)
        let levels = Dictionary(uniqueKeysWithValues: (alarm.generalAlarmLevels ?? []).map { ($0.flagBit, $0.level) })
        #expect(alarm.maxLevel >= 1 && alarm.maxLevel <= 2)
        #expect(alarm.generalFlags == levels.keys.reduce(0) { $0 | 1 << UInt32($1) })
        let vehicle = try #require(alarmed.report?.vehicle)
        switch kind {
        case .hotSpot:
            let spread = Int(alarmed.probes.max() ?? 0) - Int(alarmed.probes.min() ?? 0)
            #expect(levels[AlarmDiagnosis.Bit.temperatureDifference] == (spread >= 15 ? 2 : 1))
        case .weakCell:
            #expect(levels[AlarmDiagnosis.Bit.cellConsistency] == 1)
            let lowest = alarmed.cells.min() ?? 0
            #expect((levels[AlarmDiagnosis.Bit.cellUnderVoltage] != nil) == (lowest < 2800))
        case .insulationLeak, .thermalFault, .thermalRunaway:
            let ohmPerVolt = Double(vehicle.insulationResistance) * 1000 / (Double(vehicle.totalVoltage) / 10)
            #expect(levels[AlarmDiagnosis.Bit.insulation] == (ohmPerVolt < 100 ? 2 : 1))
        }
        // Before the condition the same vehicle reports no alarm.
        #expect(frames.first?.alarm?.generalFlags == 0)
        #expect(terminal.counts.alarmsRaised >= 1)
        #expect(terminal.counts.level3Events == 0)
    }

    @Test("random incidents are reproducible from the seed")
    func reproducible() {
        func run() -> (VehicleTerminal.Counts, [Message]) {
            let rates = IncidentRates(alarmEvery: 300, level3Every: 600, dropEvery: 400)
            var terminal = VehicleTerminal(
                vehicle: SimulatedVehicle(index: 3, seed: 9, start: Self.start, incidents: rates), period: 10,
                rates: rates)
            let sent = Self.sent(terminal.start() + terminal.advance(to: Self.start + 3600))
            return (terminal.counts, sent)
        }
        let (counts, sent) = run()
        #expect(counts.level3Events >= 1 && counts.linkDrops >= 1 && counts.alarmsRaised >= counts.level3Events)
        #expect(run().1 == sent)
    }

    struct LoginMissing: Error {}
}
