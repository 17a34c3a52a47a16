import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Store

/// JSON shapes of the API, one per OpenAPI schema in `APISchemas`.
struct HealthView: Codable { let status: String }

struct ReadyView: Codable {
    let status: String
    let store: String
    let pendingMigrations: [Int]
}

struct PrincipalView: Codable {
    let actor: String
    let role: Role
    let city: String?
    let enterprise: String?
    let tokenId: String?

    init(_ principal: Principal, tokenID: String?) {
        actor = principal.actor
        role = principal.role
        city = principal.city?.slug
        enterprise = principal.enterpriseID?.rawValue
        tokenId = tokenID
    }
}

struct LoginRequest: Codable {
    let name: String
    let password: String
}

struct IssuedTokenView: Codable {
    let token: String
    let id: String
    let role: Role
    let city: String?
    let enterprise: String?
    let expiresAt: String?
}

struct NewTokenRequest: Codable {
    let role: Role
    let city: String?
    let enterprise: String?
    let label: String
    let expiresInSeconds: Int64?
}

struct UserView: Codable {
    let id: String
    let name: String
    let role: Role
    let city: String?
    let enterprise: String?
    let disabled: Bool
    let createdAt: String

    init(_ user: UserAccount) {
        id = user.id
        name = user.name
        role = user.role
        city = user.city?.slug
        enterprise = user.enterpriseID?.rawValue
        disabled = user.disabled
        createdAt = Clock.iso8601(micros: user.createdAt)
    }
}

struct NewUserRequest: Codable {
    let name: String
    let password: String
    let role: Role
    let city: String?
    let enterprise: String?
}

struct EnterpriseView: Codable {
    let id: String
    let name: String
    let city: String
    let createdAt: String

    init(_ record: EnterpriseRecord) {
        id = record.id.rawValue
        name = record.name
        city = record.city.slug
        createdAt = Clock.iso8601(micros: record.createdAt)
    }
}

struct EnterpriseInput: Codable {
    let name: String
    let city: String
}

struct AuditEntryView: Codable {
    let id: Int64
    let at: String
    let actor: String
    let role: Role
    let action: String
    let resource: String
    let outcome: String
    let detail: String

    init(_ entry: AuditEntry) {
        id = entry.id
        at = Clock.iso8601(micros: entry.at)
        actor = entry.actor
        role = entry.role
        action = entry.action
        resource = entry.resource
        outcome = entry.outcome
        detail = entry.detail
    }
}

struct CityView: Codable {
    let id: String
    let code: String
    let name: String
}

struct VehicleView: Codable {
    let vin: String
    let enterprise: String
    let model: String
    let fuelType: FuelType
    let usage: VehicleUsage
    let city: String
    let plate: String?
    let registeredAt: String?
    let createdAt: String
    /// False for a VIN whose position-9 check digit is wrong (synthetic test VINs): stored, but flagged.
    let vinCheckDigitValid: Bool

    init(_ record: VehicleRecord) {
        vin = record.vin.rawValue
        enterprise = record.enterprise.rawValue
        model = record.model
        fuelType = record.fuelType
        usage = record.usage
        city = record.city.slug
        plate = record.plate
        registeredAt = record.registeredAt.map(Clock.iso8601(micros:))
        createdAt = Clock.iso8601(micros: record.createdAt)
        vinCheckDigitValid = record.vin.hasValidCheckDigit
    }
}

struct VehiclePageView: Codable {
    let vehicles: [VehicleView]
    let total: Int
    let limit: Int
    let offset: Int
    let nextCursor: String?
}

/// The body of `PUT /api/v1/vehicles/{vin}`; values are checked one by one so errors name the field.
struct VehicleInput: Codable {
    let enterprise: String
    let model: String
    let fuelType: String
    let usage: String
    let city: String
    let plate: String?
    let registeredAt: String?
}

struct VehicleImportView: Codable {
    struct Warning: Codable {
        let row: Int
        let column: String?
        let message: String
    }
    let imported: Int
    /// Doubtful but accepted values (a VIN check digit that does not match), the first 100.
    let warnings: [Warning]
    let warningCount: Int
}
