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
}
