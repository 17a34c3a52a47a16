import Industry
import Model
import Store
import Testing

/// Enterprise profiles and supply relations on both engines.
@Suite("Industry store contract")
struct IndustryStoreContractTests {
    @Test(arguments: TestStores.engines)
    func profilesAndRelations(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await VehicleStoreContractTests.addEnterprises(store)
            let geely = EnterpriseProfile(
                enterprise: "geely", creditCode: try CreditCode("91330100716105852F"), englishName: "Geely",
                district: "滨江区", segments: [.vehicles, .batteries],
                titles: [
                    AwardedTitle(title: .futureFactory, year: 2023), AwardedTitle(title: .greenFactory, year: 2024),
                ],
                whiteList: WhiteListEntry(reason: "整车龙头", since: "2023-03-01", contact: "0571-0000000"), sample: true)
            try await store.industry.upsertProfile(geely, at: 1)
            #expect(try await store.industry.profile(enterprise: "geely") == geely)
            var zeekr = EnterpriseProfile(enterprise: "zeekr", segments: [.vehicles])
            try await store.industry.upsertProfile(zeekr, at: 2)
            zeekr.titles = [AwardedTitle(title: .littleGiant, year: 2025)]
            try await store.industry.upsertProfile(zeekr, at: 3)
            #expect(try await store.industry.profiles() == [geely, zeekr])
            // A credit code belongs to one enterprise; an unknown enterprise has no profile.
            var copy = zeekr
            copy.creditCode = geely.creditCode
            await #expect(throws: StoreError.self) { try await store.industry.upsertProfile(copy, at: 4) }
            await #expect(throws: StoreError.self) {
                try await store.industry.upsertProfile(EnterpriseProfile(enterprise: "nobody", segments: []), at: 4)
            }

            let relations = [
                SupplyRelation(
                    supplier: "catl", customer: "geely", category: "cell", segment: .batteries, share: 0.6,
                    annualValue: 1.5e9, supplierRegion: "fujian"),
                SupplyRelation(
                    supplier: "wanxiang", customer: "geely", category: "cell", segment: .batteries, share: 0.4,
                    supplierCity: "hangzhou"),
            ]
            try await store.industry.replaceRelations(customers: ["geely"], with: relations)
            #expect(try await store.industry.relations() == relations)
            // Replacing a customer's relations drops the old ones; an unknown customer refuses the whole batch.
            let one = [relations[1]]
            try await store.industry.replaceRelations(customers: ["geely"], with: one)
            #expect(try await store.industry.relations() == one)
            await #expect(throws: StoreError.self) {
                try await store.industry.replaceRelations(customers: ["geely", "nobody"], with: relations)
            }
            #expect(try await store.industry.relations() == one)
        }
    }

    @Test(arguments: TestStores.engines)
    func enterpriseImport(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await VehicleStoreContractTests.addEnterprises(store)
            let geelyCode = try CreditCode("91330100716105852F")
            let zeekrCode = try CreditCode("91330200MA2AB3C47G")
            try await store.industry.upsertProfile(
                EnterpriseProfile(enterprise: "geely", creditCode: geelyCode, segments: [.vehicles]), at: 1)
            try await store.industry.upsertProfile(
                EnterpriseProfile(enterprise: "zeekr", creditCode: zeekrCode, segments: [.vehicles]), at: 1)

            // Registry columns only: names change, profiles stay, a new enterprise is added.
            try await store.industry.importEnterprises(
                [
                    EnterpriseEntry(
                        record: EnterpriseRecord(id: "geely", name: "吉利", city: .hangzhou, createdAt: 99), profile: nil),
                    EnterpriseEntry(
                        record: EnterpriseRecord(id: "sanhua", name: "三花", city: .shaoxing, createdAt: 99), profile: nil
                    ),
                ], replacingProfiles: false, at: 2)
            #expect(
                try await store.enterprises.find(id: "geely")
                    == EnterpriseRecord(
                        id: "geely", name: "吉利", city: .hangzhou, createdAt: 1))
            #expect(try await store.enterprises.find(id: "sanhua")?.createdAt == 99)
            #expect(try await store.industry.profiles().map(\.enterprise) == ["geely", "zeekr"])

            // Whole profiles: the two swap credit codes in one import, and sanhua's missing profile stays missing.
            let swapped = [
                EnterpriseProfile(enterprise: "geely", creditCode: zeekrCode, segments: [.vehicles, .batteries]),
                EnterpriseProfile(
                    enterprise: "zeekr", creditCode: geelyCode, segments: [.vehicles],
                    titles: [AwardedTitle(title: .littleGiant, year: 2024)]),
            ]
            try await store.industry.importEnterprises(
                [
                    EnterpriseEntry(
                        record: EnterpriseRecord(id: "geely", name: "吉利", city: .hangzhou, createdAt: 3),
                        profile: swapped[0]),
                    EnterpriseEntry(
                        record: EnterpriseRecord(id: "zeekr", name: "极氪", city: .ningbo, createdAt: 3),
                        profile: swapped[1]),
                    EnterpriseEntry(
                        record: EnterpriseRecord(id: "sanhua", name: "三花", city: .shaoxing, createdAt: 3), profile: nil),
                ], replacingProfiles: true, at: 3)
            #expect(try await store.industry.profiles() == swapped)

            // An entry without a profile loses it; a code clash refuses the whole import.
            let before = try await store.enterprises.list(city: nil)
            await #expect(throws: StoreError.self) {
                try await store.industry.importEnterprises(
                    [
                        EnterpriseEntry(
                            record: EnterpriseRecord(id: "sanhua", name: "改名", city: .shaoxing, createdAt: 4),
                            profile: EnterpriseProfile(enterprise: "sanhua", creditCode: geelyCode, segments: [])),
                        EnterpriseEntry(
                            record: EnterpriseRecord(id: "geely", name: "吉利", city: .hangzhou, createdAt: 4),
                            profile: nil),
                    ], replacingProfiles: true, at: 4)
            }
            #expect(try await store.enterprises.list(city: nil) == before)
            #expect(try await store.industry.profiles() == swapped)
            try await store.industry.importEnterprises(
                [
                    EnterpriseEntry(
                        record: EnterpriseRecord(id: "geely", name: "吉利", city: .hangzhou, createdAt: 5), profile: nil)
                ], replacingProfiles: true, at: 5)
            #expect(try await store.industry.profiles() == [swapped[1]])
        }
    }

    @Test(arguments: TestStores.engines)
    func evidenceAndWorkPoints(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            let first = TargetEvidence(
                targetID: "pct_patents", value: 80, asOf: "2024-03", source: "a", enteredBy: "u", enteredAt: 1)
            let second = TargetEvidence(
                targetID: "pct_patents", value: 120, asOf: "2024-06", source: "b", enteredBy: "u", enteredAt: 2)
            let other = TargetEvidence(
                targetID: "national_share", value: 7.9, asOf: "2024-12", source: "c", enteredBy: "u", enteredAt: 3)
            for e in [second, other, first] { try await store.industry.addEvidence(e) }
            #expect(try await store.industry.evidence() == [other, first, second])

            var point = WorkPoint(
                id: "2025-01", year: 2025, task: "新建加氢站", departments: ["省发展改革委", "省能源局"],
                targetID: "hydrogen_stations", status: .planned, evidence: "")
            try await store.industry.upsertWorkPoint(point, at: 1)
            point.status = .done
            point.evidence = "验收报告"
            try await store.industry.upsertWorkPoint(point, at: 2)
            let older = WorkPoint(
                id: "2024-09", year: 2024, task: "x", departments: ["省经信厅"], targetID: nil, status: .delayed,
                evidence: "")
            try await store.industry.upsertWorkPoint(older, at: 3)
            #expect(try await store.industry.workPoints(year: 2025) == [point])
            #expect(try await store.industry.workPoints(year: nil) == [older, point])
        }
    }

    @Test(arguments: TestStores.engines)
    func surveys(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await VehicleStoreContractTests.addEnterprises(store)
            let form = SurveyForm(
                id: "2025q3", title: "季度调查", quarter: "2025-Q3",
                questions: [
                    .init(id: "rd", text: "研发投入", kind: .number, minimum: 0),
                    .init(id: "outlook", text: "预期", kind: .choice, options: ["上升", "下降"]),
                ])
            let older = SurveyForm(
                id: "2025q2", title: "x", quarter: "2025-Q2", questions: [.init(id: "a", text: "a", kind: .text)])
            try await store.industry.insertForm(older, at: 1)
            try await store.industry.insertForm(form, at: 2)
            await #expect(throws: StoreError.self) { try await store.industry.insertForm(form, at: 3) }
            #expect(try await store.industry.forms() == [form, older])
            var answer = SurveyResponse(
                formID: "2025q3", enterprise: "geely", answers: ["rd": .number(120.5), "outlook": .text("上升")],
                submittedAt: 5, submittedBy: "u")
            try await store.industry.submitResponse(answer)
            answer.answers["rd"] = .number(130)
            answer.submittedAt = 6
            try await store.industry.submitResponse(answer)
            #expect(try await store.industry.responses(formID: "2025q3") == [answer])
            await #expect(throws: StoreError.self) {
                try await store.industry.submitResponse(
                    SurveyResponse(
                        formID: "2025q3", enterprise: "nobody", answers: [:], submittedAt: 7, submittedBy: "u"))
            }
        }
    }
}
