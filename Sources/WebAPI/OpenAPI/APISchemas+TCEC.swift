extension APISchemas {
    static let tcecSecrets = Schema.object(
        [
            ("operatorSecret", Schema.string),
            ("dataSecret", ["type": "string", "minLength": 16, "maxLength": 16, "description": "AES-128 key"]),
            ("dataSecretIV", ["type": "string", "minLength": 16, "maxLength": 16, "description": "AES-CBC IV"]),
            ("sigSecret", Schema.string),
        ], required: ["operatorSecret", "dataSecret", "dataSecretIV", "sigSecret"])

    static let organisationCode: JSONValue = [
        "type": "string", "pattern": "^[A-Za-z0-9]{9}$", "description": "组织机构代码 (T/CEC OperatorID)",
    ]

    /// The schemas of the T/CEC 102 exchange.
    static let tcecComponents: [(String, JSONValue)] = [
        (
            "TCECRequest",
            Schema.object(
                [
                    ("OperatorID", Schema.string), ("Data", Schema.string),
                    ("TimeStamp", ["type": "string", "description": "yyyyMMddHHmmss, Beijing time"]),
                    ("Seq", Schema.string), ("Sig", Schema.string),
                ], required: ["OperatorID", "Data", "TimeStamp", "Seq", "Sig"])
        ),
        (
            "TCECResponse",
            Schema.object(
                [
                    ("Ret", ["type": "integer", "enum": [-1, 0, 4001, 4002, 4003, 4004, 500]]),
                    ("Msg", Schema.string), ("Data", Schema.string), ("Sig", Schema.string),
                ], required: ["Ret", "Msg", "Data", "Sig"])
        ),
        ("TCECSecrets", tcecSecrets),
        (
            "TCECOperatorRequest",
            Schema.object(
                [
                    ("operatorId", organisationCode), ("name", Schema.string),
                    (
                        "baseUrl",
                        ["type": "string", "format": "uri", "description": "e.g. https://host/evcs/v20160701"]
                    ),
                    ("outbound", Schema.ref("TCECSecrets")), ("enabled", Schema.boolean),
                ], required: ["operatorId", "name"])
        ),
        (
            "TCECOperatorUpdate",
            Schema.object(
                [
                    ("name", Schema.string), ("baseUrl", ["type": "string", "format": "uri"]),
                    ("outbound", Schema.ref("TCECSecrets")), ("enabled", Schema.boolean),
                ], required: [])
        ),
        (
            "TCECOperator",
            Schema.object(
                [
                    ("operatorId", organisationCode), ("name", Schema.string), ("baseUrl", Schema.nullable("string")),
                    ("pulls", Schema.boolean), ("enabled", Schema.boolean), ("createdAt", Schema.dateTime),
                    ("lastPullAt", nullableDateTime), ("lastPullOutcome", Schema.nullable("string")),
                    ("inbound", Schema.ref("TCECSecrets")),
                ], required: ["operatorId", "name", "pulls", "enabled", "createdAt"])
        ),
        (
            "TCECPull",
            Schema.object(
                [
                    ("stations", Schema.integer), ("connectors", Schema.integer), ("statuses", Schema.integer),
                    ("unknownConnectors", Schema.integer),
                ], required: ["stations", "connectors", "statuses", "unknownConnectors"])
        ),
        (
            "TCECOperatorList",
            Schema.object([("operators", Schema.array(Schema.ref("TCECOperator")))], required: ["operators"])
        ),
    ]
}
