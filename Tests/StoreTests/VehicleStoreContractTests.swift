import Model
import Store
import Testing

/// The vehicle registry's part of the store contract, on each engine in `TestStores.engines`.
@Suite("Vehicle store contract")
struct VehicleStoreContractTests {
    @Test(arguments: TestStores.engines)
    func upsertFindsAndReplacesKeepingTheCreationTime(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await Self.addEnterprises(store)
            let records = (0..<3).map { Self.record($0) }
            try await store.vehicles.upsert(records)
            try await store.vehicles.upsert([])
            #expect(try await store.vehicles.count() == 3)
            for record in records {
                #expect(try await store.vehicles.find(vin: record.vin) == record)
            }
            #expect(try await store.vehicles.find(vin: TestVINs.make(999)) == nil)
            #expect(records[1].plate == nil && records[1].registeredAt == nil, "NULLs round-trip too")

            var replaced = records[0]
            replaced.enterprise = "zeekr"
            replaced.model = "Zeekr 001"
            replaced.fuelType = .phev
            replaced.usage = .rideHailing
            replaced.city = .ningbo
            replaced.plate = nil
            replaced.registeredAt = 1_700_000_000_000_000
            replaced.createdAt = 99
            try await store.vehicles.upsert([replaced])
            var expected = replaced
            expected.createdAt = records[0].createdAt
            #expect(try await store.vehicles.find(vin: replaced.vin) == expected, "created_at is kept")
            #expect(try await store.vehicles.count() == 3)
        }
    }

    @Test(arguments: TestStores.engines)
    func listFiltersPagesInVINOrderAndCountsTheMatches(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await Self.addEnterprises(store)
            // Shuffled, so VIN order is the store's doing.
            let records = (0..<60).map { Self.record($0) }.shuffled()
            try await store.vehicles.upsert(records)
            let sorted = records.sorted { $0.vin < $1.vin }

            let all = try await store.vehicles.list(VehicleQuery(limit: 1000))
            #expect(all.records == sorted)
            #expect(all.total == 60)
            #expect(all.nextAfter == nil, "one page holds everything")

            let filters: [(VehicleQuery, (VehicleRecord) -> Bool)] = [
                (VehicleQuery(enterprise: "geely"), { $0.enterprise == "geely" }),
                (VehicleQuery(city: .ningbo), { $0.city == .ningbo }),
                (VehicleQuery(usage: .taxi), { $0.usage == .taxi }),
                (VehicleQuery(fuelType: .fcev), { $0.fuelType == .fcev }),
                (
                    VehicleQuery(enterprise: "zeekr", city: .hangzhou, usage: .bus, fuelType: .bev),
                    { $0.enterprise == "zeekr" && $0.city == .hangzhou && $0.usage == .bus && $0.fuelType == .bev }
                ),
                (VehicleQuery(enterprise: "nobody"), { _ in false }),
            ]
            for (query, matches) in filters {
                var query = query
                query.limit = 1000
                let page = try await store.vehicles.list(query)
                let expected = sorted.filter(matches)
                #expect(page.records == expected, "\(query)")
                #expect(page.total == expected.count, "\(query)")
            }

            // Keyset paging walks everything once, in order, and the total ignores the cursor.
            var walked: [VehicleRecord] = []
            var query = VehicleQuery(city: .hangzhou, limit: 7)
            while true {
                let page = try await store.vehicles.list(query)
                #expect(page.total == sorted.filter { $0.city == .hangzhou }.count)
                #expect(page.records.count <= 7)
                walked += page.records
                guard let next = page.nextAfter else { break }
                query.after = next
            }
            #expect(walked == sorted.filter { $0.city == .hangzhou })

            let offsetPage = try await store.vehicles.list(VehicleQuery(offset: 10, limit: 5))
            #expect(offsetPage.records == Array(sorted[10..<15]))
            #expect(offsetPage.nextAfter == sorted[14].vin)
            let lastPage = try await store.vehicles.list(VehicleQuery(offset: 55, limit: 5))
            #expect(lastPage.records == Array(sorted[55...]))
            #expect(lastPage.nextAfter == nil, "an exactly full last page says there is no next one")
            let beyond = try await store.vehicles.list(VehicleQuery(offset: 100, limit: 5))
            #expect(beyond.records.isEmpty && beyond.total == 60)
            let empty = try await store.vehicles.list(VehicleQuery(limit: 0))
            #expect(empty.records.isEmpty && empty.total == 60)
            #expect(
                try await store.vehicles.list(VehicleQuery(limit: 5000)).records.count == 60, "clamped, not refused")
        }
    }

    @Test(arguments: TestStores.engines)
    func aFailingBatchStoresNothing(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await Self.addEnterprises(store)
            let existing = Self.record(0)
            try await store.vehicles.upsert([existing])

            // More than one PostgreSQL statement's worth, with the bad record last: every chunk rolls back.
            var batch = (1..<12_001).map { Self.record($0) }
            var changed = existing
            changed.model = "changed"
            batch.insert(changed, at: 0)
            batch[batch.count - 1].enterprise = "unregistered"
            let error = await #expect(throws: StoreError.self) { try await store.vehicles.upsert(batch) }
            #expect(error?.kind == .conflict, "an unknown enterprise breaks the foreign key")
            #expect(try await store.vehicles.count() == 1)
            #expect(try await store.vehicles.find(vin: existing.vin) == existing, "the replacement was rolled back")

            batch[batch.count - 1].enterprise = "geely"
            try await store.vehicles.upsert(batch)
            #expect(try await store.vehicles.count() == 12_001)
            #expect(try await store.vehicles.find(vin: existing.vin)?.model == "changed")
        }
    }

    @Test(arguments: TestStores.engines)
    func aVINRepeatedInABatchTakesItsLastRecord(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await Self.addEnterprises(store)
            var first = Self.record(1)
            first.model = "first"
            var last = first
            last.model = "last"
            try await store.vehicles.upsert([first, Self.record(2), last])
            #expect(try await store.vehicles.count() == 2)
            #expect(try await store.vehicles.find(vin: first.vin)?.model == "last")
        }
    }

    @Test(arguments: TestStores.engines)
    func ownersAndRegistrationsForTheGateway(engine: StoreEngine) async throws {
        try await TestStores.withStore(engine) { store in
            try await Self.addEnterprises(store)
            let records = (0..<23).map { Self.record($0) }
            try await store.vehicles.upsert(records)
            let asked = [
                records[0].vin.rawValue, records[1].vin.rawValue, "123456789", TestVINs.make(500).rawValue,
                "LTESTVIN000000001",
            ]
            let owners = try await store.vehicles.owners(vins: asked)
            #expect(
                owners == [
                    records[0].vin.rawValue: records[0].enterprise, records[1].vin.rawValue: records[1].enterprise,
                ])
            #expect(try await store.vehicles.owners(vins: []).isEmpty)

            let expected = records.sorted { $0.vin < $1.vin }.map {
                VehicleOwnership(vin: $0.vin, enterprise: $0.enterprise, city: $0.city)
            }
            let firstPage = try await store.vehicles.registrations(after: nil, limit: 10)
            #expect(firstPage == Array(expected[..<10]))
            let secondPage = try await store.vehicles.registrations(after: firstPage.last?.vin, limit: 10)
            #expect(secondPage == Array(expected[10..<20]))
            #expect(try await store.vehicles.allRegistrations(pageSize: 7) == expected)
            #expect(try await store.vehicles.allRegistrations(pageSize: 23) == expected, "an exactly full page")
            #expect(try await store.vehicles.allRegistrations() == expected)
        }
    }

    static func addEnterprises(_ store: any PlatformStore) async throws {
        try await store.enterprises.upsert(EnterpriseRecord(id: "geely", name: "Geely", city: .hangzhou, createdAt: 1))
        try await store.enterprises.upsert(EnterpriseRecord(id: "zeekr", name: "Zeekr", city: .ningbo, createdAt: 2))
    }

    /// A vehicle whose attributes cycle with `index`, so every filter matches some and not others.
    static func record(_ index: Int) -> VehicleRecord {
        VehicleRecord(
            vin: TestVINs.make(index), enterprise: index % 3 == 0 ? "zeekr" : "geely", model: "Model \(index % 4)",
            fuelType: FuelType.allCases[index % FuelType.allCases.count],
            usage: VehicleUsage.allCases[index % VehicleUsage.allCases.count],
            city: [City.hangzhou, .ningbo, .wenzhou][index % 3 == 0 ? (index / 3) % 3 : index % 3],
            plate: index % 2 == 0 ? "浙A\(10_000 + index)" : nil,
            registeredAt: index % 2 == 0 ? 1_600_000_000_000_000 + Int64(index) : nil,
            createdAt: 1_700_000_000_000_000 + Int64(index))
    }
}

/// VINs with a valid check digit, distinct for each index.
enum TestVINs {
    static func make(_ index: Int) -> VIN {
        // Serial digits in positions 12-17; position 9 is first a placeholder, then the check digit.
        let serial = String(index)
        let draft = "LB37624S" + "0" + "R" + "A" + String(repeating: "0", count: 6 - serial.count) + serial
        guard let placeholder = VIN(rawValue: draft) else { preconditionFailure("bad test VIN \(draft)") }
        var characters = Array(draft)
        characters[8] = placeholder.expectedCheckDigit
        guard let vin = VIN(rawValue: String(characters)) else { preconditionFailure("bad test VIN \(draft)") }
        return vin
    }
}
