import Model
import Store
import Testing

/// The platform accounts' part of the store contract, on each engine in `TestStores.engines`.
@Suite("Platform account store contract")
struct PlatformAccountStoreContractTests {
    static let geely = PlatformAccount(
        id: "p1", username: "geely-tsp", enterprise: "geely", passwordHash: "$2b$04$x",
        createdAt: 1_700_000_000_000_001)
    /// A Chinese name of six characters: the whole 12-byte field in GB18030.
    static let zeekr = PlatformAccount(
        id: "p2", username: "极氪远程平台", enterprise: "zeekr", passwordHash: "$2b$04$y", replyStyle: "full-echo",
        disabled: true, createdAt: 1_700_000_000_000_002)
    static let upperCase = PlatformAccount(
        id: "p3", username: "Geely-Backup", enterprise: "geely", passwordHash: "$2b$04$z", createdAt: 3)

    @Test(arguments: TestStores.engines)
    func accountsRoundTripInNameOrder(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await VehicleStoreContractTests.addEnterprises(store)
            #expect(try await store.platformAccounts.list().isEmpty)
            for account in [Self.zeekr, Self.geely, Self.upperCase] { try await store.platformAccounts.insert(account) }
            #expect(try await store.platformAccounts.find(username: "geely-tsp") == Self.geely)
            #expect(try await store.platformAccounts.find(username: "极氪远程平台") == Self.zeekr)
            #expect(try await store.platformAccounts.find(username: "GEELY-TSP") == nil, "names are exact")
            #expect(try await store.platformAccounts.find(username: "nobody") == nil)
            // Byte order on both engines: upper case before lower case, then the Chinese name (UTF-8 high bytes).
            #expect(
                try await store.platformAccounts.list() == [Self.upperCase, Self.geely, Self.zeekr])
        }
    }

    @Test(arguments: TestStores.engines)
    func aTakenNameAnUnknownEnterpriseOrAStrangeReplyStyleIsAConflict(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await VehicleStoreContractTests.addEnterprises(store)
            try await store.platformAccounts.insert(Self.geely)

            var sameName = Self.zeekr
            sameName.username = Self.geely.username
            let taken = await #expect(throws: StoreError.self) { try await store.platformAccounts.insert(sameName) }
            #expect(taken?.kind == .conflict)

            var orphan = Self.zeekr
            orphan.enterprise = "unregistered"
            let unknown = await #expect(throws: StoreError.self) { try await store.platformAccounts.insert(orphan) }
            #expect(unknown?.kind == .conflict, "the enterprise must be in the enterprise registry")

            var strange = Self.zeekr
            strange.replyStyle = "echo"
            let style = await #expect(throws: StoreError.self) { try await store.platformAccounts.insert(strange) }
            #expect(style?.kind == .conflict, "reply styles are \(PlatformAccount.replyStyles)")

            #expect(try await store.platformAccounts.list() == [Self.geely], "nothing else was stored")
        }
    }

    @Test(arguments: TestStores.engines)
    func disableAndEnable(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await VehicleStoreContractTests.addEnterprises(store)
            try await store.platformAccounts.insert(Self.geely)
            try await store.platformAccounts.insert(Self.zeekr)

            #expect(try await store.platformAccounts.setDisabled(username: "geely-tsp", true))
            #expect(try await store.platformAccounts.find(username: "geely-tsp")?.disabled == true)
            #expect(try await store.platformAccounts.find(username: "极氪远程平台")?.disabled == true, "untouched")
            #expect(try await store.platformAccounts.setDisabled(username: "geely-tsp", true), "again: still a match")
            #expect(try await store.platformAccounts.setDisabled(username: "极氪远程平台", false))
            #expect(try await store.platformAccounts.find(username: "极氪远程平台")?.disabled == false)
            #expect(try await store.platformAccounts.setDisabled(username: "nobody", true) == false)

            var expected = Self.geely
            expected.disabled = true
            #expect(try await store.platformAccounts.find(username: "geely-tsp") == expected, "nothing else changed")
        }
    }
}
