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
    static let fuelType = Schema.enumeration(FuelType.allCases.map(\.rawValue))
    static let usage = Schema.enumeration(VehicleUsage.allCases.map(\.rawValue))
    static let vin: JSONValue = [
        "type": "string", "pattern": "^[0-9A-HJ-NPR-Z]{17}$",
        "description": "17 characters: digits and capital letters except I, O and Q (GB 16735)",
    ]
    /// One problem of a bulk input; also the shape of an import warning.
    static let rowProblem = Schema.object(
        [
            (
                "row",
                ["type": "integer", "minimum": 1, "description": "The line the record starts on; the header is 1"]
            ),
            ("column", Schema.string), ("message", Schema.string),
        ], required: ["row", "message"])

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
                                            "Machine-readable: invalid, invalid_csv, unauthenticated, forbidden, not_found, conflict, too_large, unavailable, internal",
                                    ]
                                ),
                                ("message", Schema.string),
                                ("field", ["type": "string", "description": "The input at fault, when there is one"]),
                            ], required: ["code", "message"])
                    ),
                    (
                        "rows",
                        [
                            "type": "array", "items": rowProblem,
                            "description":
                                "Where a bulk input (a CSV import) went wrong, the first 100 problems by row",
                        ]
                    ),
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
            "EnterpriseImport",
            Schema.object(
                [("created", Schema.integer), ("updated", Schema.integer), ("profiles", Schema.integer)],
                required: ["created", "updated", "profiles"])
        ),
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
            "Vehicle",
            Schema.object(
                [
                    ("vin", vin), ("enterprise", Schema.string), ("model", Schema.string), ("fuelType", fuelType),
                    ("usage", usage), ("city", city), ("plate", Schema.string), ("registeredAt", Schema.dateTime),
                    ("createdAt", Schema.dateTime),
                    (
                        "vinCheckDigitValid",
                        [
                            "type": "boolean",
                            "description": "Whether position 9 is the right check digit; false for synthetic VINs",
                        ]
                    ),
                ],
                required: [
                    "vin", "enterprise", "model", "fuelType", "usage", "city", "createdAt", "vinCheckDigitValid",
                ])
        ),
        (
            "VehiclePage",
            Schema.object(
                [
                    ("vehicles", Schema.array(Schema.ref("Vehicle"))),
                    ("total", ["type": "integer", "description": "Vehicles matching the filters in all"]),
                    ("limit", Schema.integer), ("offset", Schema.integer),
                    (
                        "nextCursor",
                        ["type": "string", "description": "Pass as cursor for the next page; absent on the last page"]
                    ),
                ], required: ["vehicles", "total", "limit", "offset"])
        ),
        (
            "VehicleInput",
            Schema.object(
                [
                    ("enterprise", Schema.string), ("model", ["type": "string", "minLength": 1, "maxLength": 100]),
                    ("fuelType", fuelType), ("usage", usage),
                    (
                        "city",
                        [
                            "type": "string",
                            "description": "Pinyin (hangzhou), GB/T 2260 code (330100) or Chinese name (杭州市)",
                        ]
                    ),
                    ("plate", Schema.nullable("string")),
                    (
                        "registeredAt",
                        [
                            "type": ["string", "null"],
                            "description": "A date (2024-03-01, China Standard Time) or an ISO 8601 instant",
                        ]
                    ),
                ], required: ["enterprise", "model", "fuelType", "usage", "city"])
        ),
        (
            "VehicleImport",
            Schema.object(
                [
                    ("imported", Schema.integer), ("warnings", Schema.array(rowProblem)),
                    ("warningCount", Schema.integer),
                ], required: ["imported", "warnings", "warningCount"])
        ),
        (
            "VehicleCSV",
            [
                "type": "string",
                "description":
                    "UTF-8 CSV (RFC 4180 quoting). Header row naming the columns in any order: vin, enterprise, model, fuel_type (BEV, PHEV, FCEV), usage, city (pinyin, GB/T 2260 code or Chinese name), and optionally plate and registered_at (2024-03-01 or an ISO 8601 instant).",
            ]
        ),
        (
            "Report",
            Schema.object(
                [
                    ("collectedAt", Schema.dateTime), ("receivedAt", Schema.dateTime), ("reissue", Schema.boolean),
                    ("speedKmh", Schema.nullable("number")), ("odometerKm", Schema.nullable("number")),
                    ("soc", Schema.nullable("integer")), ("packVoltage", Schema.nullable("number")),
                    ("packCurrent", Schema.nullable("number")),
                    ("longitude", Schema.nullable("number")), ("latitude", Schema.nullable("number")),
                    ("vehicleState", Schema.nullable("integer")), ("chargeState", Schema.nullable("integer")),
                    ("maxAlarmLevel", Schema.nullable("integer")), ("maxCellVoltage", Schema.nullable("number")),
                    ("minCellVoltage", Schema.nullable("number")), ("maxTemperature", Schema.nullable("number")),
                    ("minTemperature", Schema.nullable("number")),
                ], required: ["collectedAt", "receivedAt", "reissue"])
        ),
        (
            "VehicleState",
            Schema.object(
                [
                    ("vin", Schema.string), ("online", Schema.boolean), ("onlineChangedAt", Schema.dateTime),
                    ("lastSeenAt", Schema.dateTime), ("report", Schema.ref("Report")),
                ], required: ["vin", "online"])
        ),
        (
            "TelemetrySeries",
            Schema.object(
                [
                    ("vin", Schema.string), ("from", Schema.dateTime), ("to", Schema.dateTime),
                    ("every", Schema.integer), ("truncated", Schema.boolean),
                    ("reports", Schema.array(Schema.ref("Report"))),
                ], required: ["vin", "from", "to", "truncated", "reports"])
        ),
        (
            "Track",
            Schema.object(
                [
                    ("type", Schema.enumeration(["Feature"])),
                    (
                        "geometry",
                        Schema.object(
                            [
                                ("type", Schema.enumeration(["LineString"])),
                                ("coordinates", Schema.array(Schema.array(["type": "number"]))),
                            ], required: ["type", "coordinates"])
                    ),
                    (
                        "properties",
                        Schema.object(
                            [
                                ("vin", Schema.string), ("times", Schema.array(Schema.dateTime)),
                                ("truncated", Schema.boolean),
                            ], required: ["vin", "times", "truncated"])
                    ),
                ], required: ["type", "geometry", "properties"])
        ),
        (
            "FrameList",
            Schema.object(
                [
                    ("vin", Schema.string), ("truncated", Schema.boolean),
                    (
                        "frames",
                        Schema.array(
                            Schema.object(
                                [
                                    ("receivedAt", Schema.dateTime), ("collectedAt", Schema.dateTime),
                                    ("session", Schema.integer), ("edition", Schema.enumeration(["2016", "2025"])),
                                    ("command", Schema.integer), ("hex", Schema.string),
                                ], required: ["receivedAt", "hex"]))
                    ),
                ], required: ["vin", "truncated", "frames"])
        ),
        (
            "VehicleEvents",
            Schema.object(
                [
                    ("vin", Schema.string),
                    (
                        "events",
                        Schema.array(
                            Schema.object(
                                [
                                    ("at", Schema.dateTime), ("kind", Schema.enumeration(["online", "offline"])),
                                    ("reason", Schema.string), ("session", Schema.integer),
                                ], required: ["at", "kind", "reason"]))
                    ),
                ], required: ["vin", "events"])
        ),
        (
            "LiveEvent",
            Schema.object(
                [
                    ("kind", Schema.enumeration(LiveEvent.Kind.allCases.map(\.rawValue))), ("vin", Schema.string),
                    ("enterprise", Schema.string), ("city", city), ("at", Schema.dateTime),
                    ("reason", Schema.string), ("report", Schema.ref("Report")),
                    (
                        "safety",
                        Schema.object(
                            [
                                (
                                    "change",
                                    Schema.enumeration(["opened", "level_changed", "closed", "stale", "escalated"])
                                ),
                                ("id", Schema.string), ("name", Schema.string), ("level", Schema.integer),
                                ("openedAt", Schema.dateTime), ("reissue", Schema.boolean),
                            ], required: ["change", "id", "name", "openedAt", "reissue"])
                    ),
                ], required: ["kind", "vin", "at"])
        ),
        (
            "FleetCounts",
            Schema.object(
                [
                    ("vehicles", Schema.integer), ("online", Schema.integer), ("driving", Schema.integer),
                    ("charging", Schema.integer), ("alarming", Schema.integer),
                ], required: ["vehicles", "online", "driving", "charging", "alarming"])
        ),
        (
            "FleetSummary",
            Schema.object(
                [
                    ("total", Schema.ref("FleetCounts")),
                    (
                        "byCity",
                        Schema.array(
                            Schema.object(
                                [("city", city), ("name", Schema.string), ("counts", Schema.ref("FleetCounts"))],
                                required: ["city", "name", "counts"]))
                    ),
                    (
                        "byEnterprise",
                        Schema.array(
                            Schema.object(
                                [("enterprise", Schema.string), ("counts", Schema.ref("FleetCounts"))],
                                required: ["enterprise", "counts"]))
                    ),
                ], required: ["total", "byCity", "byEnterprise"])
        ),
        (
            "City",
            Schema.object(
                [("id", city), ("code", Schema.string), ("name", Schema.string)], required: ["id", "code", "name"])
        ),
    ]
}
