import Charging

extension APISchemas {
    static let point = Schema.object(
        [("lng", ["type": "number"]), ("lat", ["type": "number"])], required: ["lng", "lat"])
    static let number: JSONValue = ["type": "number"]
    static let counts: JSONValue = ["type": "object", "additionalProperties": ["type": "integer"]]

    /// The schemas of the charging endpoints; each matches a view in `ChargingViews.swift`.
    static let chargingComponents: [(String, JSONValue)] = [
        (
            "ChargingPrice",
            Schema.object(
                [
                    ("startTime", ["type": "string", "pattern": "^[0-9]{6}$", "description": "HHmmss, Beijing time"]),
                    ("electricity", number), ("service", number), ("total", number),
                ], required: ["startTime", "electricity", "service", "total"])
        ),
        (
            "ChargingConnector",
            Schema.object(
                [
                    ("id", Schema.string), ("name", Schema.nullable("string")),
                    ("type", ["type": "integer", "description": "T/CEC ConnectorType 1-6 (4 = DC gun)"]),
                    ("dc", Schema.boolean), ("nationalStandard", Schema.nullable("integer")),
                    ("voltageUpper", Schema.nullable("integer")), ("voltageLower", Schema.nullable("integer")),
                    ("current", Schema.nullable("integer")), ("powerKw", number),
                    (
                        "status",
                        [
                            "type": "integer",
                            "description": "0 offline, 1 idle, 2 occupied, 3 charging, 4 reserved, 255 fault",
                        ]
                    ),
                    ("statusName", Schema.enumeration(ConnectorStatus.allCases.map(\.name))),
                    ("statusAt", nullableDateTime),
                ], required: ["id", "type", "dc", "powerKw", "status", "statusName"])
        ),
        (
            "ChargingEquipment",
            Schema.object(
                [
                    ("id", Schema.string), ("name", Schema.nullable("string")),
                    ("type", ["type": "integer", "description": "1 DC, 2 AC, 3 AC-DC, 4 wireless, 5 other"]),
                    ("powerKw", number), ("connectors", Schema.array(Schema.ref("ChargingConnector"))),
                ], required: ["id", "type", "powerKw", "connectors"])
        ),
        (
            "ChargingStation",
            Schema.object(
                [
                    ("id", Schema.string), ("operatorId", Schema.string), ("name", Schema.string),
                    ("address", Schema.string), ("areaCode", Schema.string), ("city", city), ("wgs84", point),
                    ("gcj02", point), ("type", Schema.integer),
                    ("typeName", Schema.enumeration(StationType.allCases.map(\.name))), ("status", Schema.integer),
                    ("openingHours", Schema.string), ("parkingFee", Schema.string), ("freeParking", Schema.boolean),
                    ("prices", Schema.array(Schema.ref("ChargingPrice"))),
                    ("equipment", Schema.array(Schema.ref("ChargingEquipment"))),
                ],
                required: [
                    "id", "operatorId", "name", "address", "areaCode", "city", "wgs84", "gcj02", "type", "typeName",
                    "status", "openingHours", "parkingFee", "freeParking", "prices", "equipment",
                ])
        ),
        (
            "ChargingStationList",
            Schema.object(
                [
                    ("stations", Schema.array(Schema.ref("ChargingStation"))), ("total", Schema.integer),
                    ("limit", Schema.integer), ("offset", Schema.integer),
                ], required: ["stations", "total", "limit", "offset"])
        ),
        (
            "ChargerMatch",
            Schema.object(
                [
                    ("station", Schema.ref("ChargingStation")), ("distanceM", number),
                    ("matchingConnectors", Schema.integer), ("availableConnectors", Schema.integer),
                    ("maxPowerKw", number), ("price", ["oneOf": [Schema.ref("ChargingPrice"), ["type": "null"]]]),
                    ("lastStatusAt", nullableDateTime),
                ],
                required: ["station", "distanceM", "matchingConnectors", "availableConnectors", "maxPowerKw"])
        ),
        (
            "ChargerMatchList",
            Schema.object(
                [
                    ("coord", Schema.enumeration(["wgs84", "gcj02"])),
                    ("chargers", Schema.array(Schema.ref("ChargerMatch"))), ("truncated", Schema.boolean),
                ], required: ["coord", "chargers"])
        ),
        (
            "ChargingImport",
            Schema.object(
                [
                    ("imported", Schema.integer), ("connectors", Schema.integer),
                    ("operatorsAdded", Schema.array(Schema.string)),
                ], required: ["imported", "connectors", "operatorsAdded"])
        ),
        (
            "ChargingOperator",
            Schema.object(
                [("id", Schema.string), ("name", Schema.string), ("enterprise", Schema.string)],
                required: ["id", "name"])
        ),
        (
            "ChargingOperatorList",
            Schema.object([("operators", Schema.array(Schema.ref("ChargingOperator")))], required: ["operators"])
        ),
        (
            "ChargingOperatorRequest",
            Schema.object([("name", Schema.string), ("enterprise", Schema.string)], required: ["name"])
        ),
        (
            "ConnectorStatusUpdate",
            Schema.object(
                [("connectorId", Schema.string), ("status", Schema.integer), ("at", Schema.dateTime)],
                required: ["connectorId", "status"])
        ),
        (
            "ConnectorStatusResult",
            Schema.object(
                [("applied", Schema.integer), ("unknownConnectors", Schema.array(Schema.string))],
                required: ["applied", "unknownConnectors"])
        ),
        (
            "SwapStationRequest",
            Schema.object(
                [
                    ("id", Schema.string), ("operatorId", Schema.string), ("name", Schema.string),
                    ("address", Schema.string), ("city", city), ("lng", number), ("lat", number),
                    ("coord", Schema.enumeration(["wgs84", "gcj02"])), ("status", Schema.integer),
                    ("bays", Schema.integer), ("batteries", Schema.integer),
                ], required: ["id", "name", "city", "lng", "lat", "status", "bays", "batteries"])
        ),
        (
            "SwapStation",
            Schema.object(
                [
                    ("id", Schema.string), ("operatorId", Schema.nullable("string")), ("name", Schema.string),
                    ("address", Schema.string), ("city", city), ("wgs84", point), ("gcj02", point),
                    ("status", Schema.integer), ("bays", Schema.integer), ("batteries", Schema.integer),
                ], required: ["id", "name", "address", "city", "wgs84", "gcj02", "status", "bays", "batteries"])
        ),
        (
            "SwapStationList",
            Schema.object([("stations", Schema.array(Schema.ref("SwapStation")))], required: ["stations"])
        ),
        (
            "HydrogenStationRequest",
            Schema.object(
                [
                    ("id", Schema.string), ("operatorId", Schema.string), ("name", Schema.string),
                    ("address", Schema.string), ("city", city), ("lng", number), ("lat", number),
                    ("coord", Schema.enumeration(["wgs84", "gcj02"])), ("status", Schema.integer),
                    ("pressuresMpa", Schema.array(["type": "integer", "enum": [35, 70]])),
                    ("dailyCapacityKg", number),
                ], required: ["id", "name", "city", "lng", "lat", "status", "pressuresMpa", "dailyCapacityKg"])
        ),
        (
            "HydrogenStation",
            Schema.object(
                [
                    ("id", Schema.string), ("operatorId", Schema.nullable("string")), ("name", Schema.string),
                    ("address", Schema.string), ("city", city), ("wgs84", point), ("gcj02", point),
                    ("status", Schema.integer), ("pressuresMpa", Schema.array(Schema.integer)),
                    ("dailyCapacityKg", number),
                ],
                required: [
                    "id", "name", "address", "city", "wgs84", "gcj02", "status", "pressuresMpa", "dailyCapacityKg",
                ])
        ),
        (
            "HydrogenStationList",
            Schema.object([("stations", Schema.array(Schema.ref("HydrogenStation")))], required: ["stations"])
        ),
        (
            "ChargingStats",
            Schema.object(
                [
                    ("from", Schema.dateTime), ("to", Schema.dateTime), ("stations", Schema.integer),
                    ("stationsByCity", counts), ("stationsByType", counts), ("stationsByOperator", counts),
                    ("chargers", Schema.integer),
                    ("publicChargers", ["type": "integer", "description": "Chargers (piles) at public stations"]),
                    ("connectors", Schema.integer), ("connectorsByCity", counts), ("connectorsByStatus", counts),
                    ("swapStations", Schema.integer), ("hydrogenStations", Schema.integer), ("utilisation", rate),
                    ("faultRate", rate), ("chargingHours", number), ("energyKwh", number),
                    ("sessions", Schema.integer),
                ],
                required: [
                    "from", "to", "stations", "stationsByCity", "stationsByType", "stationsByOperator", "chargers",
                    "publicChargers", "connectors", "connectorsByCity", "connectorsByStatus", "swapStations",
                    "hydrogenStations", "chargingHours", "energyKwh", "sessions",
                ])
        ),
    ]
}
