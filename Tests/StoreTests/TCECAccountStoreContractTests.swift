import Store
import Testing

/// T/CEC 102 operator accounts on both engines: upsert keeps creation and pull history, optional outbound secrets
/// round-trip whole, delete reports whether it found the account.
@Suite("T/CEC account store contract")
struct TCECAccountStoreContractTests {
    static func secrets(_ tag: String) -> TCECSecretSet {
        TCECSecretSet(
            operatorSecret: "op-\(tag)", dataSecret: "data-\(tag)-0000000".prefix(16).description,
            dataSecretIV: "iv-\(tag)-00000000000".prefix(16).description, sigSecret: "sig-\(tag)")
    }

    @Test(arguments: TestStores.engines)
    func accountsRoundTrip(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            let pushOnly = TCECAccountRecord(
                operatorID: "MA01H3BQ2", name: "星星充电", inbound: Self.secrets("a"), createdAt: 100)
            let pulled = TCECAccountRecord(
                operatorID: "MA005DBW1", name: "特来电", inbound: Self.secrets("b"), outbound: Self.secrets("c"),
                baseURL: "https://evcs.example.com/evcs/v20160701", createdAt: 200)
            try await store.tcecAccounts.upsert(pulled)
            try await store.tcecAccounts.upsert(pushOnly)
            #expect(try await store.tcecAccounts.list().map(\.operatorID) == ["MA005DBW1", "MA01H3BQ2"])
            #expect(try await store.tcecAccounts.find(operatorID: "MA01H3BQ2") == pushOnly)
            #expect(try await store.tcecAccounts.find(operatorID: "MA005DBW1") == pulled)
            #expect(try await store.tcecAccounts.find(operatorID: "nobody") == nil)

            try await store.tcecAccounts.notePull(operatorID: "MA005DBW1", at: 300, outcome: "12 stations")
            var changed = pulled
            changed.name = "特来电 (TELD)"
            changed.outbound = nil
            changed.enabled = false
            changed.createdAt = 999
            try await store.tcecAccounts.upsert(changed)
            let stored = try #require(try await store.tcecAccounts.find(operatorID: "MA005DBW1"))
            #expect(stored.name == "特来电 (TELD)" && stored.outbound == nil && !stored.enabled)
            // Creation time and the last pull survive an update.
            #expect(stored.createdAt == 200 && stored.lastPullAt == 300 && stored.lastPullOutcome == "12 stations")

            #expect(try await store.tcecAccounts.delete(operatorID: "MA005DBW1"))
            #expect(!(try await store.tcecAccounts.delete(operatorID: "MA005DBW1")))
            #expect(try await store.tcecAccounts.list().map(\.operatorID) == ["MA01H3BQ2"])
        }
    }

    @Test(arguments: TestStores.engines)
    func tokensAreKeptUntilTheyExpireAndGoWithTheirAccount(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            let accounts = store.tcecAccounts
            try await accounts.upsert(
                TCECAccountRecord(operatorID: "MA01H3BQ2", name: "星星充电", inbound: Self.secrets("a"), createdAt: 1))
            try await accounts.upsert(
                TCECAccountRecord(operatorID: "MA005DBW1", name: "特来电", inbound: Self.secrets("b"), createdAt: 1))
            try await accounts.keepToken(hash: "h1", operatorID: "MA01H3BQ2", expiresAt: 1_000, now: 100)
            try await accounts.keepToken(hash: "h2", operatorID: "MA005DBW1", expiresAt: 5_000, now: 100)
            #expect(try await accounts.tokenOperator(hash: "h1", now: 999) == "MA01H3BQ2")
            #expect(try await accounts.tokenOperator(hash: "h1", now: 1_000) == nil)
            #expect(try await accounts.tokenOperator(hash: "h2", now: 1_000) == "MA005DBW1")
            #expect(try await accounts.tokenOperator(hash: "nope", now: 0) == nil)
            // Issuing drops what has expired; h1 is gone for good, not only hidden.
            try await accounts.keepToken(hash: "h3", operatorID: "MA01H3BQ2", expiresAt: 9_000, now: 2_000)
            #expect(try await accounts.tokenOperator(hash: "h1", now: 0) == nil)
            // Deleting an account revokes its tokens.
            #expect(try await accounts.delete(operatorID: "MA005DBW1"))
            #expect(try await accounts.tokenOperator(hash: "h2", now: 1_000) == nil)
            #expect(try await accounts.tokenOperator(hash: "h3", now: 2_000) == "MA01H3BQ2")
        }
    }
}
