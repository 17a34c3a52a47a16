import Foundation
public import Industry
import Model

/// A monthly statistics import file: a header `enterprise,month,production,sales,exports,nevProduction,nevBEV,
/// nevPHEV,nevFCEV,nevSales,nevExports,capacity` (columns in any order, all required) and one report per line.
///
/// Like the vehicle import, the file is checked whole: every problem is reported with its row (the header is
/// line 1) and column, and a file with any problem imports nothing. The report's own consistency rules
/// (`MonthlyReport.problems`) are checked here too, naming the column.
public struct MonthlyReportCSV: Sendable {
    public static let columns = ["enterprise", "month"] + MonthlyReport.fields

    /// The reports with the line each was on; meaningful only when `problems` is empty.
    public private(set) var rows: [(line: Int, report: MonthlyReport)] = []
    /// The problems, by row, at most `VehicleCSV.maxProblems`.
    public private(set) var problems: [VehicleCSV.Problem] = []
    public private(set) var problemCount = 0

    public var isValid: Bool { problemCount == 0 }

    /// Parses `bytes`; `currentMonth` bounds the months that may be reported.
    public init(parsing bytes: [UInt8], currentMonth: String) {
        let records = CSVRecords.split(file: bytes)
        guard let header = records.first else {
            reject(row: 1, column: nil, "the file is empty; the first line must be the header")
            return
        }
        let names = header.fields.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces) }
        let missing = Self.columns.filter { !names.contains($0) }
        if !missing.isEmpty {
            reject(
                row: 1, column: nil,
                "missing columns \(missing.joined(separator: ", ")); the header must be \(Self.columns.joined(separator: ","))"
            )
        }
        for name in names where !Self.columns.contains(name) {
            reject(row: 1, column: name, "unknown column; the columns are \(Self.columns.joined(separator: ","))")
        }
        guard missing.isEmpty else { return }
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            if let error = record.error {
                reject(
                    row: record.line, column: error.field.flatMap { $0 < names.count ? names[$0] : nil }, error.message)
                continue
            }
            guard record.fields.count == names.count else {
                reject(row: record.line, column: nil, "has \(record.fields.count) fields, the header \(names.count)")
                continue
            }
            var values: [String: String] = [:]
            for (name, field) in zip(names, record.fields) {
                values[name] = String(decoding: field, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            }
            var numbers: [String: Int64] = [:]
            var bad = false
            for field in MonthlyReport.fields {
                guard let number = Int64(values[field] ?? "") else {
                    reject(row: record.line, column: field, "must be a whole number, not '\(values[field] ?? "")'")
                    bad = true
                    continue
                }
                numbers[field] = number
            }
            let enterprise = values["enterprise"] ?? ""
            if enterprise.isEmpty {
                reject(row: record.line, column: "enterprise", "must not be empty")
                bad = true
            }
            guard !bad else { continue }
            let report = MonthlyReport(
                enterprise: enterprise, month: values["month"] ?? "", production: numbers["production"]!,
                sales: numbers["sales"]!, exports: numbers["exports"]!, nevProduction: numbers["nevProduction"]!,
                nevBEV: numbers["nevBEV"]!, nevPHEV: numbers["nevPHEV"]!, nevFCEV: numbers["nevFCEV"]!,
                nevSales: numbers["nevSales"]!, nevExports: numbers["nevExports"]!, capacity: numbers["capacity"]!)
            let problems = report.problems(currentMonth: currentMonth)
            for problem in problems { reject(row: record.line, column: problem.field, problem.message) }
            guard problems.isEmpty else { continue }
            let key = "\(enterprise)\u{0}\(report.month)"
            if let first = seen[key] {
                reject(row: record.line, column: "month", "\(enterprise) \(report.month) is already on line \(first)")
                continue
            }
            seen[key] = record.line
            rows.append((record.line, report))
        }
    }

    /// Adds a problem found outside the file (an unknown enterprise, one outside the caller's scope).
    public mutating func reject(row: Int, column: String?, _ message: String) {
        problemCount += 1
        if problems.count < VehicleCSV.maxProblems {
            problems.append(VehicleCSV.Problem(row: row, column: column, message: message))
        }
    }
}
