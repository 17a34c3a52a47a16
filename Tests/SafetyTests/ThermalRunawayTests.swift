import GBT32960
import Safety
import Simulator
import Testing

/// A 2025 vehicle's pack goes into thermal runaway (simulator: slow heating, then fast, a cell collapsing, insulation
/// failing, level 3 and then the level-4 thermal event, suppression, recovery). Every report goes through the codec
/// and the engine in the order the terminal sends them, pre-fault reissues included.
@Suite("Thermal runaway scenario")
struct ThermalRunawayTests {
    static let onset = Scenario.start + 101
    static let end = Scenario.start + 221

    static func run() throws -> (samples: [SafetySample], output: SafetyOutput) {
        var terminal = VehicleTerminal(
            vehicle: SimulatedVehicle(index: 3, seed: 32960, edition: .gb2025, start: Scenario.start), period: 10)
        var actions = terminal.start() + terminal.advance(to: Scenario.start + 100)
        terminal.stage(BatteryCondition(kind: .thermalRunaway, started: onset, ends: end, severity: 1))
        actions += terminal.advance(to: Scenario.start + 400)
        let samples = try Scenario.samples(actions)
        var engine = SafetyEngine()
        return (samples, engine.apply(samples))
    }

    @Test("each alarm the runaway raises opens once, changes level as the values say, and closes once")
    func alarms() throws {
        let (samples, output) = try Self.run()
        let opened = output.alarms.filter { $0.kind == .opened }.map(\.key.name)
        #expect(
            Set(opened) == [
                "battery_high_temperature", "cell_under_voltage", "cell_consistency_poor", "insulation",
                "battery_thermal_event",
            ])
        #expect(opened.count == Set(opened).count, "no alarm flaps: \(opened)")
        let closed = output.alarms.filter { $0.kind == .closed }.map(\.key.name)
        #expect(Set(closed) == Set(opened) && closed.count == opened.count)
        #expect(!output.alarms.contains { $0.kind == .stale || $0.kind == .recorded })

        // High temperature: level 2 while heating, 3 in the runaway, back to 2 while cooling, then closed.
        let temperature = output.alarms.filter { $0.key.name == "battery_high_temperature" }
        #expect(
            temperature.filter { $0.kind == .levelChanged }.map { [$0.previousLevel ?? -1, $0.level] } == [
                [2, 3], [3, 2],
            ])
        // Insulation: below 500 ohm/V (level 1), then below 100 (level 2).
        let insulation = output.alarms.filter { $0.key.name == "insulation" }
        #expect(insulation.first { $0.kind == .opened }?.level == 1)
        #expect(insulation.filter { $0.kind == .levelChanged }.map(\.level) == [2])
        #expect(output.alarms.first { $0.key.name == "battery_thermal_event" && $0.kind == .opened }?.level == 4)

        // Every alarm is closed by the first report after the condition ended, at the latest.
        let firstHealthy = try #require(samples.first { $0.collectedAt >= Scenario.micros(Self.end) })
        #expect(closed.isEmpty == false)
        #expect(output.alarms.filter { $0.kind == .closed }.allSatisfy { $0.at <= firstHealthy.collectedAt })
        // Openings are at the first report (in time) whose values raise the alarm: pre-fault reissues move an opening
        // back, never forward.
        for alarm in output.alarms where alarm.kind == .opened {
            let raisedFirst = samples.filter { $0.alarm?.raised[alarm.key] != nil }.map(\.collectedAt).min()
            let final = output.alarms.last {
                $0.alarmID == alarm.alarmID && ($0.kind == .opened || $0.kind == .backdated)
            }
            #expect(final?.at == raisedFirst, "\(alarm.key)")
        }
    }

    @Test(
        "one critical event: triggered at level 3, escalated to the thermal event, its window holds the pre-fault reissues"
    )
    func criticalEvent() throws {
        let (samples, output) = try Self.run()
        #expect(output.events.map(\.kind) == [.opened, .escalated, .closed])
        let opened = try #require(output.events.first)
        let trigger = try #require(samples.first { ($0.alarm?.level ?? 0) >= 3 })
        #expect(opened.event.triggeredAt == trigger.collectedAt)
        #expect(!trigger.reissue)
        #expect(opened.event.level == 3 && opened.event.trigger == ["battery_high_temperature"])
        #expect(opened.event.windowStart == trigger.collectedAt - CriticalEventTracker.preFaultWindow)
        let escalated = output.events[1]
        #expect(escalated.event.maxLevel == 4)
        #expect(escalated.at == samples.first { $0.alarm?.raised[AlarmKey(flag: 23)] != nil }?.collectedAt)
        let closed = output.events[2].event
        #expect(closed.status == .closed)
        // The window ends at the first report after the trigger below level 3, sent at 1 Hz until then.
        let clear = try #require(
            samples.first { $0.collectedAt > trigger.collectedAt && ($0.alarm?.level ?? 0) < 3 })
        #expect(closed.windowEnd == clear.collectedAt)
        let window = samples.filter { $0.collectedAt >= closed.windowStart && $0.collectedAt <= clear.collectedAt }
        let reissued = window.filter(\.reissue)
        #expect(reissued.count >= 25, "the pre-fault 30 s arrive as reissue")
        #expect(reissued.allSatisfy { $0.collectedAt < trigger.collectedAt })
        let live = window.filter { !$0.reissue && $0.collectedAt >= trigger.collectedAt }.map(\.collectedAt)
        #expect(zip(live, live.dropFirst()).allSatisfy { $1 - $0 == 1_000_000 }, "1 Hz until clearance")
    }

    @Test("early warnings: exactly the ones the physics calls for, each with its evidence")
    func warnings() throws {
        let (_, output) = try Self.run()
        let opened = output.warnings.filter { $0.kind == .opened }
        #expect(
            Set(opened.map(\.rule)) == [
                .cellSpread, .cellUnderVoltage, .cellVoltageCollapse, .temperatureRise, .insulation,
            ])
        #expect(opened.count == Set(opened.map(\.rule)).count, "no warning flaps: \(opened.map(\.rule))")
        #expect(output.warnings.filter { $0.kind == .closed }.count == opened.count)
        for warning in opened {
            #expect(warning.at >= Scenario.micros(Self.onset) && warning.at < Scenario.micros(Self.end))
        }
        let rise = try #require(opened.first { $0.rule == .temperatureRise }).evidence
        #expect((rise.values["rate_c_per_s"] ?? 0) >= 1)
        #expect(try #require(rise.from) <= rise.at - 3_000_000, "the rate is over at least 3 s")
        let collapse = try #require(opened.first { $0.rule == .cellVoltageCollapse }).evidence
        #expect((collapse.values["drop_fraction"] ?? 0) > 0.25)
        let insulation = try #require(opened.first { $0.rule == .insulation }).evidence
        #expect((insulation.values["ohm_per_volt"] ?? .infinity) < 100)
    }
}
