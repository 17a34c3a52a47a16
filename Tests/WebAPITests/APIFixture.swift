import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import Model
import NIOCore
import SQLiteStore
import Store
import Testing
import WebAPI

/// A platform on a fresh SQLite file with users and tokens of every kind, for API tests.
struct APIFixture {
    let directory: URL
    let store: SQLiteStore
    let services: PlatformServices
    /// Tokens by name: province, ningbo (city), hangzhou (city), geely (enterprise in Hangzhou),
    /// zeekr (enterprise in Ningbo), expired, revoked, disabledUser.
    let tokens: [String: String]

    /// Registered vehicles (real VINs with valid check digits): a Geely taxi in Hangzhou, a Geely van
    /// registered in Ningbo, a Zeekr ride-hailing car in Ningbo and a private Leapmotor in Hangzhou.
    static let vehicles: [VehicleRecord] = [
        vehicle("LVBV3J0BXLW010382", "geely", .hangzhou, .taxi, .bev),
        vehicle("LSJE36096MS140495", "geely", .ningbo, .logistics, .phev),
        vehicle("LJ8E3C1MXGB008909", "zeekr", .ningbo, .rideHailing, .bev),
        vehicle("HAUV4BGN6S5002219", "leapmotor", .hangzhou, .private, .fcev),
    ]

    private static func vehicle(
        _ vin: String, _ enterprise: EnterpriseID, _ city: City, _ usage: VehicleUsage, _ fuelType: FuelType
    ) -> VehicleRecord {
        guard let vin = VIN(rawValue: vin) else { preconditionFailure("bad fixture VIN \(vin)") }
        return VehicleRecord(
            vin: vin, enterprise: enterprise, model: "Model of \(enterprise)", fuelType: fuelType, usage: usage,
            city: city, createdAt: 10)
    }

    static func make() async throws -> APIFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "nevbrain-api-\(UUID().uuidString)")
        let store = try SQLiteStore(path: directory.appendingPathComponent("api.sqlite").path)
        try await store.migrate()
        let identity = IdentityService(store: store, hasher: PasswordHasher(cost: 4))
        let services = PlatformServices(
            store: store, identity: identity, metrics: PlatformMetrics.registry, version: "test")
        let admin = Principal.system("test")
        try await store.enterprises.upsert(EnterpriseRecord(id: "geely", name: "Geely", city: .hangzhou, createdAt: 1))
        try await store.enterprises.upsert(EnterpriseRecord(id: "zeekr", name: "Zeekr", city: .ningbo, createdAt: 2))
        try await store.enterprises.upsert(
            EnterpriseRecord(id: "leapmotor", name: "Leapmotor", city: .hangzhou, createdAt: 3))
        try await store.vehicles.upsert(vehicles)

        var tokens: [String: String] = [:]
        tokens["province"] = try await identity.createServiceToken(
            role: .province, label: "t", lifetime: 3600, by: admin
        ).token
        tokens["ningbo"] = try await identity.createServiceToken(
            role: .city, city: .ningbo, label: "t", lifetime: 3600, by: admin
        ).token
        tokens["hangzhou"] = try await identity.createServiceToken(
            role: .city, city: .hangzhou, label: "t", lifetime: 3600, by: admin
        ).token
        tokens["geely"] = try await identity.createServiceToken(
            role: .enterprise, enterpriseID: "geely", label: "t", lifetime: 3600, by: admin
        ).token
        tokens["zeekr"] = try await identity.createServiceToken(
            role: .enterprise, enterpriseID: "zeekr", label: "t", lifetime: 3600, by: admin
        ).token
        // Expired: issued with a one-second lifetime and checked two seconds later is slow; write it directly instead.
        let expiredSecret = TokenSecret.generate()
        try await store.tokens.insert(
            APIToken(
                id: "expired1", secretHash: TokenSecret.digest(expiredSecret), role: .province, city: nil,
                enterpriseID: nil, userID: nil,
                label: "t", createdAt: 1, expiresAt: Clock.nowMicros() - 1_000_000))
        tokens["expired"] = expiredSecret
        let revoked = try await identity.createServiceToken(role: .province, label: "t", lifetime: 3600, by: admin)
        try await identity.revoke(tokenID: revoked.id, by: admin)
        tokens["revoked"] = revoked.token
        try await identity.addUser(name: "dora", password: "correct horse", role: .province, by: admin)
        tokens["disabledUser"] = try await identity.login(name: "dora", password: "correct horse").token
        try await identity.setDisabled(name: "dora", true, by: admin)
        return APIFixture(directory: directory, store: store, services: services, tokens: tokens)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    var application: some ApplicationProtocol {
        Application(router: PlatformAPI.router(services))
    }

    /// Runs `body` with a test client on the in-memory router, then removes the store.
    func test(_ body: @Sendable @escaping (any TestClientProtocol) async throws -> Void) async throws {
        defer { cleanUp() }
        try await application.test(.router) { client in try await body(client) }
    }
}

/// Headers with a bearer token (or none).
func auth(_ token: String?) -> HTTPFields {
    guard let token else { return [:] }
    return [.authorization: "Bearer \(token)"]
}

func jsonBody(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

/// The decoded `{"error": {...}}` of a response, or nil if the body is not that shape.
struct ErrorShape: Decodable, Equatable {
    struct Detail: Decodable, Equatable {
        let code: String
        let message: String
        let field: String?
    }
    let error: Detail

    static func from(_ response: TestResponse) -> Detail? {
        try? JSONDecoder().decode(ErrorShape.self, from: Data(response.body.readableBytesView)).error
    }
}

func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(response.body.readableBytesView))
}
