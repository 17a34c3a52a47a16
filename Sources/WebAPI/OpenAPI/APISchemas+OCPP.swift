import OCPP

extension APISchemas {
    static let tcecStatus: JSONValue = [
        "type": "integer", "enum": .array(TCECConnectorStatus.allCases.map { .number(Double($0.rawValue)) }),
        "description": "T/CEC 102 connector status: 0 offline, 1 idle, 2 occupied, 3 charging, 4 reserved, 255 fault",
    ]
    static let nullableString = Schema.nullable("string")
    static let nullableInteger = Schema.nullable("integer")

    /// The schemas of the OCPP central system's endpoints.
    static let ocppComponents: [(String, JSONValue)] = [
        (
            "ConnectorStatus",
            Schema.object(
                [
                    ("connectorId", Schema.integer),
                    ("status", Schema.enumeration(ChargePointStatus.allCases.map(\.rawValue))),
                    ("errorCode", Schema.string), ("info", nullableString), ("vendorErrorCode", nullableString),
                    ("at", Schema.dateTime), ("tcecStatus", tcecStatus),
                ], required: ["connectorId", "status", "errorCode", "at", "tcecStatus"])
        ),
        (
            "ChargePoint",
            Schema.object(
                [
                    ("id", Schema.string), ("stationId", nullableString), ("equipmentId", nullableString),
                    ("vendor", nullableString), ("model", nullableString), ("serialNumber", nullableString),
                    ("firmwareVersion", nullableString), ("bootedAt", nullableDateTime),
                    ("lastSeenAt", nullableDateTime), ("createdAt", Schema.dateTime), ("connected", Schema.boolean),
                    ("connectors", Schema.array(Schema.ref("ConnectorStatus"))),
                ], required: ["id", "createdAt", "connected", "connectors"])
        ),
        (
            "ChargePointList",
            Schema.object([("chargePoints", Schema.array(Schema.ref("ChargePoint")))], required: ["chargePoints"])
        ),
        (
            "ChargePointRequest",
            Schema.object(
                [
                    ("id", ["type": "string", "pattern": "^[A-Za-z0-9._-]{1,48}$"]),
                    ("password", ["type": "string", "minLength": 16, "maxLength": 40]),
                    ("stationId", Schema.string), ("equipmentId", Schema.string),
                ], required: ["id", "password"])
        ),
        (
            "ConnectedChargePoints",
            Schema.object(
                [
                    (
                        "connected",
                        Schema.array(
                            Schema.object(
                                [("id", Schema.string), ("since", Schema.dateTime)], required: ["id", "since"]))
                    )
                ], required: ["connected"])
        ),
        (
            "StatusHistory",
            Schema.object(
                [("chargePointId", Schema.string), ("history", Schema.array(Schema.ref("ConnectorStatus")))],
                required: ["chargePointId", "history"])
        ),
        (
            "IdTag",
            Schema.object(
                [
                    ("idTag", ["type": "string", "minLength": 1, "maxLength": 20]),
                    ("status", Schema.enumeration(IdTagStatus.all)), ("expiryDate", nullableDateTime),
                    ("parentIdTag", nullableString), ("createdAt", Schema.dateTime),
                ], required: ["idTag", "status", "createdAt"])
        ),
        (
            "IdTagRequest",
            Schema.object(
                [
                    ("idTag", ["type": "string", "minLength": 1, "maxLength": 20]),
                    ("status", Schema.enumeration(IdTagStatus.all)), ("expiryDate", Schema.dateTime),
                    ("parentIdTag", ["type": "string", "maxLength": 20]),
                ], required: ["idTag", "status"])
        ),
        ("IdTagList", Schema.object([("idTags", Schema.array(Schema.ref("IdTag")))], required: ["idTags"])),
        (
            "Transaction",
            Schema.object(
                [
                    ("id", Schema.integer), ("chargePointId", Schema.string), ("connectorId", Schema.integer),
                    ("idTag", Schema.string), ("authorization", Schema.string), ("meterStart", Schema.integer),
                    ("startedAt", Schema.dateTime), ("meterStop", nullableInteger), ("stoppedAt", nullableDateTime),
                    ("stopReason", nullableString), ("energyWh", nullableInteger),
                ],
                required: [
                    "id", "chargePointId", "connectorId", "idTag", "authorization", "meterStart", "startedAt",
                ])
        ),
        (
            "TransactionList",
            Schema.object([("transactions", Schema.array(Schema.ref("Transaction")))], required: ["transactions"])
        ),
        (
            "MeterValue",
            Schema.object(
                [
                    ("connectorId", Schema.integer), ("transactionId", nullableInteger),
                    ("timestamp", Schema.dateTime), ("value", Schema.string), ("measurand", nullableString),
                    ("unit", nullableString), ("context", nullableString), ("phase", nullableString),
                    ("location", nullableString),
                ], required: ["connectorId", "timestamp", "value"])
        ),
        (
            "TransactionDetail",
            Schema.object(
                [("transaction", Schema.ref("Transaction")), ("meterValues", Schema.array(Schema.ref("MeterValue")))],
                required: ["transaction", "meterValues"])
        ),
        (
            "RemoteOperationResult",
            Schema.object(
                [
                    ("chargePointId", Schema.string), ("action", Schema.string),
                    ("response", ["type": "object", "description": "The charge point's CALLRESULT payload"]),
                ], required: ["chargePointId", "action", "response"])
        ),
    ]
}

/// The statuses an id tag can be given (OCPP 1.6 AuthorizationStatus without ConcurrentTx, which is computed).
enum IdTagStatus {
    static let all = ["Accepted", "Blocked", "Expired", "Invalid"]
}
