import Industry

extension APISchemas {
    static let month: JSONValue = ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"]
    static let count: JSONValue = ["type": "integer", "format": "int64", "minimum": 0]
    static let reportFigures: [(String, JSONValue)] = MonthlyReport.fields.map { ($0, count) }

    /// The schemas of the industry statistics endpoints.
    static let statisticsComponents: [(String, JSONValue)] = [
        (
            "MonthlyReportRequest",
            Schema.object(
                [("enterprise", Schema.string), ("month", month)] + reportFigures,
                required: ["month"] + MonthlyReport.fields)
        ),
        (
            "MonthlyReport",
            Schema.object(
                [("enterprise", Schema.string), ("month", month), ("revision", Schema.integer)] + reportFigures + [
                    ("flags", Schema.array(Schema.string)), ("submittedAt", Schema.dateTime),
                    ("submittedBy", Schema.string),
                ],
                required: ["enterprise", "month", "revision"] + MonthlyReport.fields + [
                    "flags", "submittedAt", "submittedBy",
                ])
        ),
        (
            "MonthlyReportList",
            Schema.object([("reports", Schema.array(Schema.ref("MonthlyReport")))], required: ["reports"])
        ),
        (
            "MonthlyReportImport",
            Schema.object(
                [("imported", Schema.integer), ("reports", Schema.array(Schema.ref("MonthlyReport")))],
                required: ["imported", "reports"])
        ),
        (
            "MissingReports",
            Schema.object(
                [
                    ("month", month), ("due", Schema.string),
                    (
                        "missing",
                        Schema.array(
                            Schema.object(
                                [
                                    ("id", Schema.string), ("name", Schema.string), ("city", APISchemas.city),
                                    ("lastMonth", month),
                                ], required: ["id", "name", "city", "lastMonth"]))
                    ),
                ], required: ["month", "due", "missing"])
        ),
        (
            "StatisticsSummary",
            Schema.object(
                [
                    (
                        "months",
                        Schema.array(
                            Schema.object(
                                [
                                    ("month", month), ("enterprises", Schema.integer), ("production", count),
                                    ("sales", count), ("exports", count), ("nevProduction", count),
                                    ("nevSales", count), ("nevExports", count),
                                    ("nevShare", ["type": ["number", "null"]]),
                                ],
                                required: [
                                    "month", "enterprises", "production", "sales", "exports", "nevProduction",
                                    "nevSales", "nevExports",
                                ]))
                    )
                ], required: ["months"])
        ),
        (
            "CapacityVerification",
            Schema.object(
                [
                    ("year", Schema.integer), ("threshold", ["type": "number"]),
                    (
                        "enterprises",
                        Schema.array(
                            Schema.object(
                                [
                                    ("enterprise", Schema.string), ("capacity", count), ("output", count),
                                    ("months", Schema.integer), ("utilisation", ["type": ["number", "null"]]),
                                    ("warning", Schema.boolean),
                                ], required: ["enterprise", "capacity", "output", "months", "warning"]))
                    ),
                ], required: ["year", "threshold", "enterprises"])
        ),
    ]
}
