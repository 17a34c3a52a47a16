import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Store

/// The named schemas of the OpenAPI document; each matches a Codable view in `Views.swift`.
enum APISchemas {
    static let role = Schema.enumeration(Role.allCases.map(\.rawValue))
    static let city = Schema.enumeration(City.allCases.map(\.slug))

    static let components: [(String, JSONValue)] = [
        (
            "Error",
            Schema.object(
                [
                    (
                        "error",
                        Schema.object(
                            [
                                (
                                    "code",
                                    [
                                        "type": "string",
                                        "description":
                                            "Machine-readable: invalid, unauthenticated, forbidden, not_found, conflict, unavailable, internal",
                                    ]
                                ),
                                ("message", Schema.string),
                                ("field", ["type": "string", "description": "The input at fault, when there is one"]),
                            ], required: ["code", "message"])
                    )
                ], required: ["error"])
        ),
        ("Health", Schema.object([("status", Schema.string)], required: ["status"])),
        (
            "Ready",
            Schema.object(
                [
                    ("status", Schema.string), ("store", Schema.string),
                    ("pendingMigrations", Schema.array(Schema.integer)),
                ], required: ["status", "store"])
        ),
        (
            "Principal",
            Schema.object(
                [
                    ("actor", Schema.string), ("role", role), ("city", city), ("enterprise", Schema.string),
                    ("tokenId", Schema.string),
                ],
                required: ["actor", "role"])
        ),
        (
            "LoginRequest",
            Schema.object(
                [("name", Schema.string), ("password", ["type": "string", "format": "password"])],
                required: ["name", "password"])
        ),
        (
            "IssuedToken",
            Schema.object(
                [
                    (
                        "token",
                        [
                            "type": "string",
                            "description": "The secret; shown once, send as Authorization: Bearer <token>",
                        ]
                    ),
                    ("id", Schema.string), ("role", role), ("city", city), ("enterprise", Schema.string),
                    ("expiresAt", Schema.dateTime),
                ], required: ["token", "id", "role"])
        ),
        (
            "NewToken",
            Schema.object(
                [
                    ("role", role), ("city", city), ("enterprise", Schema.string), ("label", Schema.string),
                    ("expiresInSeconds", ["type": "integer", "minimum": 1]),
                ], required: ["role", "label"])
        ),
        (
            "User",
            Schema.object(
                [
                    ("id", Schema.string), ("name", Schema.string), ("role", role), ("city", city),
                    ("enterprise", Schema.string),
                    ("disabled", Schema.boolean), ("createdAt", Schema.dateTime),
                ], required: ["id", "name", "role", "disabled", "createdAt"])
        ),
        (
            "NewUser",
            Schema.object(
                [
                    ("name", Schema.string), ("password", ["type": "string", "format": "password", "minLength": 8]),
                    ("role", role),
                    ("city", city), ("enterprise", Schema.string),
                ], required: ["name", "password", "role"])
        ),
        (
            "Enterprise",
            Schema.object(
                [("id", Schema.string), ("name", Schema.string), ("city", city), ("createdAt", Schema.dateTime)],
                required: ["id", "name", "city", "createdAt"])
        ),
        ("EnterpriseInput", Schema.object([("name", Schema.string), ("city", city)], required: ["name", "city"])),
        (
            "AuditEntry",
            Schema.object(
                [
                    ("id", Schema.integer), ("at", Schema.dateTime), ("actor", Schema.string), ("role", role),
                    ("action", Schema.string),
                    ("resource", Schema.string), ("outcome", Schema.enumeration(["ok", "denied"])),
                    ("detail", Schema.string),
                ], required: ["id", "at", "actor", "role", "action", "resource", "outcome", "detail"])
        ),
        (
            "City",
            Schema.object(
                [("id", city), ("code", Schema.string), ("name", Schema.string)], required: ["id", "code", "name"])
        ),
    ]
}
