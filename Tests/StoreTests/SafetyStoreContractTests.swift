import Model
import Store
import Testing

/// What safety monitoring relies on, on both engines: alarm changes applied in order give the right episodes, events
/// upsert, warnings open and close once, notes acknowledge once, quality increments add up, lists are scoped.
@Suite("Safety store contract")
struct SafetyStoreContractTests {
    static let t: Int64 = 1_795_570_200_000_000
    static let s: Int64 = 1_000_000

    static func change(
        _ vin: VIN, _ kind: String, at: Int64, level: Int = 2, id: String? = nil, openedAt: Int64? = nil,
        previous: Int? = nil, name: String = "insulation"
    ) -> AlarmChangeRecord {
        let opened = openedAt ?? at
        return AlarmChangeRecord(
            alarmID: id ?? "\(vin.rawValue)-flag-11-\(opened / s)", vin: vin.rawValue, category: "flag", code: 11,
            name: name, kind: kind, at: at, level: level, previousLevel: previous, openedAt: opened,
            reissue: kind == "recorded")
    }

    /// Two registered vehicles of different enterprises and cities.
    static func setUp(_ store: any PlatformStore) async throws -> (geely: VIN, zeekr: VIN) {
        try await VehicleStoreContractTests.addEnterprises(store)
        let geely = VehicleStoreContractTests.record(1)  // geely, ningbo
        let zeekr = VehicleStoreContractTests.record(3)  // zeekr, ningbo
        try await store.vehicles.upsert([geely, zeekr])
        return (geely.vin, zeekr.vin)
    }

    @Test(arguments: TestStores.engines)
    func alarmEpisodesFollowTheirChanges(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            let (vin, other) = try await Self.setUp(store)
            let id = "\(vin.rawValue)-flag-11-\((Self.t + 100 * Self.s) / Self.s)"
            try await store.safety.record(
                SafetyBatch(alarms: [
                    Self.change(vin, "opened", at: Self.t + 100 * Self.s, level: 1),
                    Self.change(vin, "level_changed", at: Self.t + 110 * Self.s, level: 2, id: id, previous: 1),
                    // Reissued data: the opening moves back; an older stretch is its own recorded episode, which a
                    // later report merges into the open alarm.
                    Self.change(vin, "recorded", at: Self.t + 30 * Self.s),
                    Self.change(vin, "recorded", at: Self.t + 40 * Self.s, openedAt: Self.t + 30 * Self.s),
                    Self.change(vin, "backdated", at: Self.t + 70 * Self.s, id: id, openedAt: Self.t + 70 * Self.s),
                    Self.change(vin, "opened", at: Self.t + 5 * Self.s, level: 3, name: "brake_system"),
                ]))
            var alarm = try #require(try await store.safety.alarm(id: id))
            #expect(alarm.status == "open" && alarm.level == 2 && alarm.maxLevel == 2)
            #expect(alarm.openedAt == Self.t + 70 * Self.s && alarm.lastAt == Self.t + 110 * Self.s)
            let recordedID = "\(vin.rawValue)-flag-11-\((Self.t + 30 * Self.s) / Self.s)"
            let recorded = try #require(try await store.safety.alarm(id: recordedID))
            #expect(recorded.status == "recorded" && recorded.closedAt == Self.t + 40 * Self.s)

            try await store.safety.record(
                SafetyBatch(alarms: [
                    Self.change(
                        vin, "merged", at: Self.t + 50 * Self.s, id: recordedID, openedAt: Self.t + 30 * Self.s),
                    Self.change(vin, "closed", at: Self.t + 200 * Self.s, id: id, openedAt: Self.t + 70 * Self.s),
                ]))
            #expect(try await store.safety.alarm(id: recordedID) == nil)
            alarm = try #require(try await store.safety.alarm(id: id))
            #expect(alarm.status == "closed" && alarm.closedAt == Self.t + 200 * Self.s)
            let history = try await store.safety.alarmChanges(alarmID: id)
            #expect(history.map(\.kind) == ["opened", "level_changed", "backdated", "closed"])
            #expect(history[1].previousLevel == 1)

            // Lists: by status, level, type, scope.
            #expect(try await store.safety.alarms(SafetyQuery(status: "open")).map(\.name) == ["brake_system"])
            #expect(try await store.safety.alarms(SafetyQuery(minLevel: 3)).count == 1)
            #expect(try await store.safety.alarms(SafetyQuery(type: "insulation")).map(\.id) == [id])
            #expect(try await store.safety.alarms(SafetyQuery(enterprise: "zeekr")).isEmpty)
            #expect(try await store.safety.alarms(SafetyQuery(enterprise: "geely", city: .ningbo)).count == 2)
            #expect(try await store.safety.alarms(SafetyQuery(vin: other.rawValue)).isEmpty)
            let newestFirst = try await store.safety.alarms(SafetyQuery())
            #expect(newestFirst.map(\.openedAt) == [Self.t + 70 * Self.s, Self.t + 5 * Self.s])
            #expect(try await store.safety.alarms(SafetyQuery(limit: 1, offset: 1)).map(\.name) == ["brake_system"])
            // Counts use the same filters and ignore paging.
            #expect(try await store.safety.countAlarms(SafetyQuery(limit: 1)) == newestFirst.count)
            #expect(try await store.safety.countAlarms(SafetyQuery(minLevel: 3)) == 1)
            #expect(try await store.safety.countAlarms(SafetyQuery(enterprise: "geely", city: .ningbo)) == 2)
            #expect(try await store.safety.countAlarms(SafetyQuery(enterprise: "zeekr")) == 0)

            let open = try await store.safety.openState(vin: vin.rawValue)
            #expect(open.alarms.map(\.name) == ["brake_system"] && open.event == nil)
        }
    }

    @Test(arguments: TestStores.engines)
    func eventsWarningsAndNotes(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            let (vin, _) = try await Self.setUp(store)
            var event = CriticalEventRecord(
                id: "\(vin.rawValue)-1", vin: vin.rawValue, status: "open", triggeredAt: Self.t,
                windowStart: Self.t - 30 * Self.s, windowEnd: nil, level: 3, maxLevel: 3,
                trigger: ["battery_high_temperature", "insulation"])
            let warning = WarningChangeRecord(
                warningID: "w1", vin: vin.rawValue, rule: "temperature_rise", kind: "opened", at: Self.t,
                openedAt: Self.t, evidence: #"{"at":1,"values":{"rate_c_per_s":2.5}}"#)
            try await store.safety.record(SafetyBatch(events: [event], warnings: [warning]))
            #expect(try await store.safety.openState(vin: vin.rawValue).event?.id == event.id)
            #expect(try await store.safety.openState(vin: vin.rawValue).warnings.map(\.id) == ["w1"])

            event.maxLevel = 4
            event.status = "closed"
            event.windowEnd = Self.t + 60 * Self.s
            var closing = warning
            closing.kind = "closed"
            closing.at = Self.t + 10 * Self.s
            closing.evidence = #"{"at":2}"#
            try await store.safety.record(SafetyBatch(events: [event], warnings: [closing, closing]))
            let stored = try #require(try await store.safety.event(id: event.id))
            #expect(stored.status == "closed" && stored.maxLevel == 4 && stored.windowEnd == Self.t + 60 * Self.s)
            #expect(stored.trigger == ["battery_high_temperature", "insulation"])
            let w = try #require(try await store.safety.warning(id: "w1"))
            #expect(w.status == "closed" && w.closedAt == Self.t + 10 * Self.s && w.closingEvidence == #"{"at":2}"#)
            #expect(try await store.safety.warnings(SafetyQuery(type: "temperature_rise")).count == 1)
            #expect(try await store.safety.events(SafetyQuery(minLevel: 4)).count == 1)
            #expect(try await store.safety.countEvents(SafetyQuery(minLevel: 4)) == 1)
            #expect(try await store.safety.countEvents(SafetyQuery(from: Self.t + 3_600 * Self.s)) == 0)

            // The first acknowledgement counts; notes keep their order.
            let ack = HandlingNote(
                subjectKind: "event", subjectID: event.id, at: Self.t + 100, user: "alice", action: "acknowledge",
                text: "fire brigade called")
            #expect(try await store.safety.addNote(ack))
            var second = ack
            second.at += 100
            second.user = "bob"
            #expect(try await store.safety.addNote(second))
            #expect(
                try await store.safety.event(id: event.id)?.acknowledged
                    == Acknowledgement(at: Self.t + 100, by: "alice"))
            #expect(
                try await store.safety.notes(subjectKind: "event", subjectID: event.id).map(\.user) == ["alice", "bob"])
            var missing = ack
            missing.subjectID = "nope"
            #expect(try await store.safety.addNote(missing) == false)
        }
    }

    @Test(arguments: TestStores.engines)
    func qualityIncrementsAddUpAndRollUp(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            let (vin, _) = try await Self.setUp(store)
            let v = vin.rawValue
            try await store.safety.record(
                SafetyBatch(
                    findings: [
                        FindingRecord(
                            vin: v, collectedAt: Self.t, receivedAt: Self.t,
                            codes: ["Q20_duplicate", "Q21_missing_unit"])
                    ],
                    quality: [
                        QualityIncrement(
                            vin: v, day: "2026-11-25", reports: 3, validReports: 2, intervals: 2, compliantIntervals: 1,
                            onTime: 50 * Self.s, gapTime: 10 * Self.s, findings: ["Q20_duplicate": 1]),
                        QualityIncrement(
                            vin: v, day: "2026-11-25", reports: 1, validReports: 1, findings: ["Q20_duplicate": 1]),
                    ]))
            try await store.safety.record(
                SafetyBatch(quality: [
                    QualityIncrement(
                        vin: v, day: "2026-11-26", reports: 6, validReports: 6, intervals: 5, compliantIntervals: 5,
                        onTime: 50 * Self.s, findings: ["Q21_missing_unit": 2])
                ]))
            let byVehicle = try await store.safety.qualityByVehicle(
                filter: FleetFilter(), from: "2026-11-25", to: "2026-11-26", limit: 10, offset: 0)
            #expect(byVehicle.count == 1)
            let day = try #require(byVehicle.first)
            #expect(day.reports == 10 && day.validReports == 9 && day.intervals == 7 && day.compliantIntervals == 6)
            #expect(day.onTime == 100 * Self.s && day.gapTime == 10 * Self.s && day.completeness == 0.9)
            let oneDay = try await store.safety.qualityByVehicle(
                filter: FleetFilter(), from: "2026-11-26", to: "2026-11-26", limit: 10, offset: 0)
            #expect(oneDay.first?.reports == 6)

            // Per enterprise: every registered vehicle counts for the online rate.
            let byEnterprise = try await store.safety.qualityByEnterprise(
                filter: FleetFilter(), from: "2026-11-25", to: "2026-11-26")
            #expect(byEnterprise.map(\.key) == ["geely", "zeekr"])
            #expect(
                byEnterprise[0].vehicles == 1 && byEnterprise[0].reportingVehicles == 1
                    && byEnterprise[0].onlineRate == 1)
            #expect(
                byEnterprise[1].vehicles == 1 && byEnterprise[1].reportingVehicles == 0
                    && byEnterprise[1].validity == nil)
            #expect(
                try await store.safety.findingCounts(
                    vin: nil, filter: FleetFilter(), from: "2026-11-25", to: "2026-11-26")
                    == ["Q20_duplicate": 2, "Q21_missing_unit": 2])
            #expect(
                try await store.safety.findingCounts(
                    vin: nil, filter: FleetFilter(enterprise: "zeekr"), from: "2026-11-25", to: "2026-11-26"
                ).isEmpty)
            let findings = try await store.safety.findings(vin: v, from: Self.t, to: Self.t + 1, limit: 10)
            #expect(findings.map(\.codes) == [["Q20_duplicate", "Q21_missing_unit"]])

            try await store.safety.setThresholds(model: "Model 1", json: #"{"cell_spread":0.2}"#, at: 1, by: "alice")
            try await store.safety.setThresholds(model: "Model 1", json: #"{"cell_spread":0.25}"#, at: 2, by: "alice")
            #expect(try await store.safety.thresholds() == ["Model 1": #"{"cell_spread":0.25}"#])
        }
    }
}
