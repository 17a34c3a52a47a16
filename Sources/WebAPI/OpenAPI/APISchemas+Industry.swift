import Industry

extension APISchemas {
    static let segment = Schema.enumeration(ChainSegment.allCases.map(\.rawValue))
    static let title = Schema.object(
        [("title", Schema.enumeration(EnterpriseTitle.allCases.map(\.rawValue))), ("year", Schema.integer)],
        required: ["title", "year"])
    static let whiteList = Schema.object(
        [("reason", Schema.string), ("since", Schema.string), ("contact", Schema.string)],
        required: ["reason", "since", "contact"])
    static let relation = Schema.object(
        [
            ("supplier", Schema.string), ("customer", Schema.string), ("category", Schema.string),
            ("segment", segment), ("share", ["type": "number"]), ("annualValue", ["type": ["number", "null"]]),
            ("supplierCity", Schema.nullable("string")), ("supplierRegion", Schema.nullable("string")),
        ], required: ["supplier", "customer", "category", "segment", "share"])

    /// The schemas of the industry-chain endpoints.
    static let industryComponents: [(String, JSONValue)] = [
        (
            "EnterpriseProfileRequest",
            Schema.object(
                [
                    ("creditCode", Schema.string), ("englishName", Schema.string), ("district", Schema.string),
                    ("segments", Schema.array(segment)), ("titles", Schema.array(title)), ("whiteList", whiteList),
                    ("sample", Schema.boolean),
                ], required: ["segments"])
        ),
        (
            "ChainEnterprise",
            Schema.object(
                [
                    ("id", Schema.string), ("name", Schema.string), ("city", APISchemas.city),
                    ("creditCode", Schema.nullable("string")), ("englishName", Schema.nullable("string")),
                    ("district", Schema.nullable("string")), ("segments", Schema.array(segment)),
                    ("titles", Schema.array(title)), ("whiteList", ["oneOf": [whiteList, ["type": "null"]]]),
                    ("sample", Schema.boolean),
                ], required: ["id", "name", "city", "segments", "titles", "sample"])
        ),
        (
            "ChainEnterpriseList",
            Schema.object([("enterprises", Schema.array(Schema.ref("ChainEnterprise")))], required: ["enterprises"])
        ),
        (
            "RelationImport",
            Schema.object(
                [("imported", Schema.integer), ("customers", Schema.integer)], required: ["imported", "customers"])
        ),
        (
            "ChainMap",
            Schema.object(
                [
                    (
                        "nodes",
                        Schema.array(
                            Schema.object(
                                [
                                    ("id", Schema.string), ("name", Schema.string), ("city", Schema.nullable("string")),
                                    ("segments", Schema.array(segment)), ("inProvince", Schema.boolean),
                                ], required: ["id", "name", "segments", "inProvince"]))
                    ),
                    ("edges", Schema.array(relation)),
                    (
                        "segments",
                        Schema.array(
                            Schema.object(
                                [
                                    ("segment", segment), ("name", Schema.string), ("enterprises", Schema.integer),
                                    ("byCity", ["type": "object", "additionalProperties": ["type": "integer"]]),
                                ], required: ["segment", "name", "enterprises", "byCity"]))
                    ),
                    (
                        "gaps",
                        Schema.array(
                            Schema.object(
                                [
                                    ("kind", Schema.enumeration(["segment", "category"])), ("segment", segment),
                                    ("category", Schema.nullable("string")), ("customers", Schema.array(Schema.string)),
                                ], required: ["kind", "segment", "customers"]))
                    ),
                ], required: ["nodes", "edges", "segments", "gaps"])
        ),
        (
            "SupplyRisk",
            Schema.object(
                [
                    (
                        "categories",
                        Schema.array(
                            Schema.object(
                                [
                                    ("customer", Schema.string), ("category", Schema.string), ("segment", segment),
                                    ("suppliers", Schema.integer), ("singleSource", Schema.boolean),
                                    ("hhi", ["type": "number"]), ("outOfProvinceShare", ["type": "number"]),
                                ],
                                required: [
                                    "customer", "category", "segment", "suppliers", "singleSource", "hhi",
                                    "outOfProvinceShare",
                                ]))
                    ),
                    (
                        "localSupplyRates",
                        Schema.array(
                            Schema.object(
                                [("scope", Schema.string), ("localSupplyRate", ["type": ["number", "null"]])],
                                required: ["scope"]))
                    ),
                    ("definition", Schema.string),
                ], required: ["categories", "localSupplyRates", "definition"])
        ),
        (
            "SupplyCutRequest",
            Schema.object(
                [
                    ("suppliers", Schema.array(Schema.string)), ("cities", Schema.array(APISchemas.city)),
                    ("regions", Schema.array(Schema.string)), ("weeks", ["type": "number", "exclusiveMinimum": 0]),
                ], required: ["weeks"])
        ),
        (
            "SupplyCut",
            Schema.object(
                [
                    ("weeks", ["type": "number"]),
                    (
                        "impacts",
                        Schema.array(
                            Schema.object(
                                [
                                    ("customer", Schema.string),
                                    (
                                        "categories",
                                        Schema.array(
                                            Schema.object(
                                                [
                                                    ("category", Schema.string), ("lostShare", ["type": "number"]),
                                                    ("cutSuppliers", Schema.array(Schema.string)),
                                                ], required: ["category", "lostShare", "cutSuppliers"]))
                                    ),
                                    ("bindingShare", ["type": "number"]), ("unitsAtRisk", ["type": "number"]),
                                ], required: ["customer", "categories", "bindingShare", "unitsAtRisk"]))
                    ),
                    ("unitsAtRisk", ["type": "number"]), ("monthlyOutputBasis", Schema.string),
                ], required: ["weeks", "impacts", "unitsAtRisk", "monthlyOutputBasis"])
        ),
    ]
}

extension APISchemas {
    static let workPoint = Schema.object(
        [
            ("id", Schema.string), ("year", Schema.integer), ("task", Schema.string),
            ("departments", Schema.array(Schema.string)), ("targetId", Schema.nullable("string")),
            ("status", Schema.enumeration(WorkPoint.Status.allCases.map(\.rawValue))), ("evidence", Schema.string),
        ], required: ["id", "year", "task", "departments", "status", "evidence"])

    /// The schemas of the target endpoints.
    static let targetComponents: [(String, JSONValue)] = [
        (
            "Target",
            Schema.object(
                [
                    ("id", Schema.string), ("name", Schema.string), ("englishName", Schema.string),
                    ("unit", Schema.string), ("target", ["type": "number"]),
                    ("kind", Schema.enumeration(["flow", "stock", "share"])),
                    (
                        "source",
                        Schema.enumeration([
                            "monthly_reports", "charging_registry", "vehicle_registry", "enterprise_registry",
                            "evidence",
                        ])
                    ),
                    ("baseline", ["type": ["number", "null"]]), ("baselineYear", Schema.nullable("integer")),
                    ("baselineSource", Schema.nullable("string")), ("value", ["type": ["number", "null"]]),
                    ("asOf", Schema.nullable("string")), ("basis", Schema.string),
                    ("progress", ["type": ["number", "null"]]), ("projected", ["type": ["number", "null"]]),
                    ("status", Schema.enumeration(["on_track", "at_risk", "no_data"])),
                ], required: ["id", "name", "englishName", "unit", "target", "kind", "source", "basis", "status"])
        ),
        ("TargetList", Schema.object([("targets", Schema.array(Schema.ref("Target")))], required: ["targets"])),
        (
            "TargetEvidenceRequest",
            Schema.object(
                [("value", ["type": "number", "minimum": 0]), ("asOf", APISchemas.month), ("source", Schema.string)],
                required: ["value", "asOf", "source"])
        ),
        (
            "WorkPointRequest",
            Schema.object(
                [
                    ("year", Schema.integer), ("task", Schema.string), ("departments", Schema.array(Schema.string)),
                    ("targetId", Schema.string),
                    ("status", Schema.enumeration(WorkPoint.Status.allCases.map(\.rawValue))),
                    ("evidence", Schema.string),
                ], required: ["year", "task", "departments", "status"])
        ),
        ("WorkPoint", workPoint),
        ("WorkPointList", Schema.object([("workPoints", Schema.array(workPoint))], required: ["workPoints"])),
    ]
}

extension APISchemas {
    static let surveyAnswer: JSONValue = ["type": ["number", "string", "boolean"]]

    /// The schemas of the survey endpoints.
    static let surveyComponents: [(String, JSONValue)] = [
        (
            "SurveyForm",
            Schema.object(
                [
                    ("id", Schema.string), ("title", Schema.string),
                    ("quarter", ["type": "string", "pattern": "^[0-9]{4}-Q[1-4]$"]),
                    (
                        "questions",
                        Schema.array(
                            Schema.object(
                                [
                                    ("id", Schema.string), ("text", Schema.string),
                                    ("kind", Schema.enumeration(SurveyForm.Question.Kind.allCases.map(\.rawValue))),
                                    ("required", Schema.boolean), ("options", Schema.array(Schema.string)),
                                    ("minimum", ["type": "number"]), ("maximum", ["type": "number"]),
                                ], required: ["id", "text", "kind", "required"]))
                    ),
                ], required: ["id", "title", "quarter", "questions"])
        ),
        ("SurveyFormList", Schema.object([("surveys", Schema.array(Schema.ref("SurveyForm")))], required: ["surveys"])),
        (
            "SurveyResponseRequest",
            Schema.object(
                [
                    ("enterprise", Schema.string),
                    ("answers", ["type": "object", "additionalProperties": surveyAnswer]),
                ], required: ["answers"])
        ),
        (
            "SurveyResponse",
            Schema.object(
                [
                    ("formID", Schema.string), ("enterprise", Schema.string),
                    ("answers", ["type": "object", "additionalProperties": surveyAnswer]),
                    ("submittedAt", Schema.integer), ("submittedBy", Schema.string),
                ], required: ["formID", "enterprise", "answers", "submittedAt", "submittedBy"])
        ),
        (
            "SurveyResponseList",
            Schema.object([("responses", Schema.array(Schema.ref("SurveyResponse")))], required: ["responses"])
        ),
    ]
}
