import GBT32960
import Safety
import Testing

/// The alarm state machine on hand-built frame sequences (through the codec).
@Suite("Alarm lifecycle")
struct AlarmLifecycleTests {
    static let t0 = Scenario.start
    static let insulation: UInt32 = 1 << 11
    static let brake: UInt32 = 1 << 13

    static func apply(_ messages: [Message]) throws -> (SafetyEngine, SafetyOutput) {
        var engine = SafetyEngine()
        let output = engine.apply(try messages.compactMap { try Scenario.sample($0) })
        return (engine, output)
    }

    @Test("a flapping flag: each raise opens its own episode, each clear closes it")
    func flapping() throws {
        let pattern: [UInt32] = [0, Self.insulation, Self.insulation, 0, Self.insulation, 0, 0, Self.insulation]
        let messages = pattern.enumerated().map { i, flags in
            Scenario.report(at: Self.t0 + Int64(i) * 10, flags: flags, level: flags == 0 ? 0 : 1)
        }
        let (engine, output) = try Self.apply(messages)
        #expect(output.alarms.map(\.kind) == [.opened, .closed, .opened, .closed, .opened])
        #expect(output.alarms.map(\.at) == [10, 30, 40, 50, 70].map { Scenario.micros(Self.t0 + $0) })
        #expect(Set(output.alarms.map(\.alarmID)).count == 3)
        #expect(engine.vehicles.values.first?.alarms.open.count == 1)
    }

    @Test("level changes of an open alarm are recorded; fault codes are alarms of their own")
    func levels() throws {
        let messages = [
            Scenario.report(at: Self.t0, flags: Self.brake, level: 1),
            Scenario.report(at: Self.t0 + 10, flags: Self.brake, level: 2, storageFaults: [0x2A]),
            Scenario.report(at: Self.t0 + 20, flags: Self.brake, level: 2, storageFaults: [0x2A]),
            Scenario.report(at: Self.t0 + 30, flags: Self.brake, level: 1),
        ]
        let (_, output) = try Self.apply(messages)
        let brake = output.alarms.filter { $0.key == AlarmKey(flag: 13) }
        #expect(brake.map(\.kind) == [.opened, .levelChanged, .levelChanged])
        #expect(brake.map(\.level) == [1, 2, 1])
        let fault = output.alarms.filter { $0.key == AlarmKey(.storage, code: 0x2A) }
        #expect(fault.map(\.kind) == [.opened, .closed])
        #expect(fault.first?.key.name == "storage_fault_0x0000002A")
    }

    @Test("reissued alarm frames after live ones move the opening back or become past episodes, never new openings")
    func reissueAfterLive() throws {
        let live = (10...14).map { Scenario.report(at: Self.t0 + Int64($0) * 10, flags: Self.insulation, level: 2) }
        // The link was down from t0 to t0+100: the terminal resends what it kept. t0+30..t0+40 had the alarm and
        // cleared at t0+50 (an episode of its own); t0+70..t0+90 lead into the live one.
        let past: [(Int64, Bool)] = [
            (30, true), (40, true), (50, false), (60, false), (70, true), (80, true), (90, true),
        ]
        let reissues = past.map { second, raised in
            Scenario.report(
                at: Self.t0 + second, flags: raised ? Self.insulation : 0, level: raised ? 2 : 0, reissue: true)
        }
        let (engine, output) = try Self.apply(live + reissues)
        #expect(output.alarms.filter { $0.kind == .opened }.count == 1, "only the live report opens")
        let backdated = output.alarms.filter { $0.kind == .backdated }
        #expect(backdated.last?.at == Scenario.micros(Self.t0 + 70))
        let recorded = output.alarms.filter { $0.kind == .recorded }
        #expect(Set(recorded.map(\.alarmID)).count == 1)
        #expect(recorded.first?.openedAt == Scenario.micros(Self.t0 + 30))
        #expect(recorded.last?.at == Scenario.micros(Self.t0 + 40))
        let open = try #require(engine.vehicles.values.first?.alarms.open[AlarmKey(flag: 11)])
        #expect(open.openedAt == Scenario.micros(Self.t0 + 70))
        #expect(output.events.isEmpty)
    }

    @Test("a reissued stretch that is not joined to the open alarm does not move its opening")
    func reissueSplitFromLive() throws {
        let live = [Scenario.report(at: Self.t0 + 100, flags: Self.insulation, level: 1)]
        let reissues = [
            Scenario.report(at: Self.t0 + 60, flags: Self.insulation, level: 1, reissue: true),
            Scenario.report(at: Self.t0 + 70, flags: 0, level: 0, reissue: true),
            Scenario.report(at: Self.t0 + 80, flags: Self.insulation, level: 1, reissue: true),
        ]
        let (engine, output) = try Self.apply(live + reissues)
        #expect(output.alarms.map(\.kind) == [.opened, .backdated, .recorded, .backdated, .backdated])
        #expect(output.alarms.filter { $0.kind == .recorded }.first?.openedAt == Scenario.micros(Self.t0 + 60))
        let open = try #require(engine.vehicles.values.first?.alarms.open[AlarmKey(flag: 11)])
        #expect(open.openedAt == Scenario.micros(Self.t0 + 80))
    }

    @Test("going offline makes open alarms and the open critical event stale")
    func stale() throws {
        var (engine, _) = try Self.apply([Scenario.report(at: Self.t0, flags: Self.insulation, level: 3)])
        let output = engine.expire(vin: "LZJS0000000000042", at: Scenario.micros(Self.t0 + 200))
        #expect(output.alarms.map(\.kind) == [.stale])
        #expect(output.events.map(\.kind) == [.stale])
        #expect(output.events.first?.event.windowEnd == Scenario.micros(Self.t0 + 200))
    }
}
