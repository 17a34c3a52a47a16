import Foundation
import Model
public import Model

/// A vehicle registry import file, parsed and checked: the records it holds, or every problem that
/// keeps it from being imported.
///
/// The format: UTF-8 (a leading byte-order mark is skipped), fields separated by commas and quoted
/// as RFC 4180 says (a field holding a comma, quote or line break is enclosed in `"`, and a quote
/// inside it is doubled). The first line is a header naming the columns, in any order:
/// `vin,enterprise,model,fuel_type,usage,city` are required, `plate` and `registered_at` optional.
/// Blank lines are skipped and spaces around a value are ignored.
///
/// A file is imported whole or not at all, so parsing never stops at the first problem: it
/// reports each one with its row (the line a record starts on, the header being line 1) and
/// column, up to `maxProblems`, and counts the rest. Checks that need the store (does the
/// enterprise exist, may the caller import it) are added by the caller with `reject(_:)`.
public struct VehicleCSV: Sendable {
    /// The columns of the format.
    public enum Column: String, CaseIterable, Sendable {
        case vin
        case enterprise
        case model
        case fuelType = "fuel_type"
        case usage
        case city
        case plate
        case registeredAt = "registered_at"

        /// Whether every file must have the column.
        public var isRequired: Bool { self != .plate && self != .registeredAt }
    }

    /// Something wrong (or, as a warning, doubtful) in one place of the file.
    public struct Problem: Sendable, Hashable {
        /// The 1-based line the record starts on; the header is line 1.
        public var row: Int
        /// The column at fault, when one is.
        public var column: String?
        /// What is wrong, and how to put it right.
        public var message: String

        /// Creates a problem.
        public init(row: Int, column: String?, message: String) {
            self.row = row
            self.column = column
            self.message = message
        }
    }

    /// One record of the file and the line it starts on.
    public struct Row: Sendable, Hashable {
        /// The 1-based line the record starts on.
        public var line: Int
        /// The vehicle the row describes.
        public var record: VehicleRecord
    }

    /// At most this many problems, and this many warnings, are kept; the rest are only counted.
    public static let maxProblems = 100
    /// The longest model name accepted.
    public static let maxModelLength = 100
    /// The longest plate accepted.
    public static let maxPlateLength = 16

    /// The records, in file order; meaningful only when `isValid`.
    public private(set) var rows: [Row] = []
    /// The first `maxProblems` problems, by row.
    public private(set) var problems: [Problem] = []
    /// How many problems there are in all.
    public private(set) var problemCount = 0
    /// Doubts that do not stop the import (a VIN whose check digit is wrong), the first `maxProblems` by row.
    public private(set) var warnings: [Problem] = []
    /// How many warnings there are in all.
    public private(set) var warningCount = 0

    /// Whether the file may be imported: it has no problems.
    public var isValid: Bool { problemCount == 0 }

    /// The records, in file order.
    public var records: [VehicleRecord] { rows.map(\.record) }

    /// Parses `bytes`, stamping each record with `createdAt`.
    public init(parsing bytes: [UInt8], createdAt: Int64) {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            reject(Problem(row: 1, column: nil, message: "the file is UTF-16; save it as UTF-8 (CSV UTF-8)"))
            return
        }
        let records = CSVRecords.split(file: bytes)
        guard let header = records.first else {
            reject(
                Problem(
                    row: 1, column: nil,
                    message: "the file is empty; the first line must be the header \(Self.headerExample)"))
            return
        }
        guard let columns = readHeader(header) else { return }
        var seen: [VIN: Int] = [:]
        for record in records.dropFirst() {
            if let row = readRow(record, columns: columns, createdAt: createdAt, seen: &seen) {
                rows.append(row)
            }
        }
    }

    /// Adds a problem found outside the file itself (an unknown enterprise, a row outside the caller's scope).
    public mutating func reject(_ problem: Problem) {
        problemCount += 1
        Self.keep(problem, in: &problems)
    }

    /// `vin,enterprise,model,fuel_type,usage,city[,plate][,registered_at]`, for messages.
    public static let headerExample =
        Column.allCases.filter(\.isRequired).map(\.rawValue).joined(separator: ",")
        + Column.allCases.filter { !$0.isRequired }.map { "[,\($0.rawValue)]" }.joined()

    // MARK: Header and rows

    /// The column of each field, or nil (with problems recorded) if the header is unusable.
    private mutating func readHeader(_ header: CSVRecords.Record) -> [Column]? {
        let (columns, problems) = CSVRecords.columns(
            header, of: Column.self, required: \.isRequired, example: Self.headerExample)
        for problem in problems { reject(problem) }
        return columns
    }

    private mutating func readRow(
        _ record: CSVRecords.Record, columns: [Column], createdAt: Int64, seen: inout [VIN: Int]
    ) -> Row? {
        let row = record.line
        if let error = record.error {
            let column = error.field.flatMap { $0 < columns.count ? columns[$0].rawValue : nil }
            reject(Problem(row: row, column: column, message: error.message))
            return nil
        }
        guard record.fields.count == columns.count else {
            let missing = record.fields.count < columns.count ? columns[record.fields.count].rawValue : nil
            reject(
                Problem(
                    row: row, column: missing,
                    message: "the row has \(record.fields.count) fields, the header has \(columns.count)"))
            return nil
        }
        var values: [Column: String] = [:]
        var ok = true
        for (column, field) in zip(columns, record.fields) {
            guard let text = String(validating: field, as: UTF8.self) else {
                reject(
                    Problem(
                        row: row, column: column.rawValue,
                        message: "not valid UTF-8 (a GBK or GB18030 file?); save the file as CSV UTF-8"))
                ok = false
                continue
            }
            values[column] = text.trimmingCharacters(in: .whitespaces)
        }
        guard ok else { return nil }

        func fail(_ column: Column, _ message: String) {
            reject(Problem(row: row, column: column.rawValue, message: message))
            ok = false
        }
        func required(_ column: Column) -> String? {
            guard let value = values[column], !value.isEmpty else {
                fail(column, "\(column.rawValue) is empty")
                return nil
            }
            return value
        }

        var vin: VIN?
        if let text = required(.vin) {
            do {
                let parsed = try VIN(parsing: text)
                if let first = seen[parsed] {
                    fail(.vin, "VIN \(parsed) is also on row \(first); each vehicle may appear once")
                } else {
                    seen[parsed] = row
                    vin = parsed
                }
            } catch {
                fail(.vin, "\"\(text)\" is not a VIN: \(error)")
            }
        }
        var enterprise: EnterpriseID?
        if let text = required(.enterprise) {
            enterprise = EnterpriseID(rawValue: text)
            if enterprise == nil {
                fail(.enterprise, "\"\(text)\" is not an enterprise id (at most 64 characters, no spaces or /)")
            }
        }
        let model = required(.model)
        if let model, model.count > Self.maxModelLength {
            fail(.model, "model is longer than \(Self.maxModelLength) characters")
        }
        var fuelType: FuelType?
        if let text = required(.fuelType) {
            fuelType = FuelType(identifier: text)
            if fuelType == nil { fail(.fuelType, "\"\(text)\" is not a fuel type; use one of \(FuelType.names)") }
        }
        var usage: VehicleUsage?
        if let text = required(.usage) {
            usage = VehicleUsage(identifier: text)
            if usage == nil { fail(.usage, "\"\(text)\" is not a usage; use one of \(VehicleUsage.names)") }
        }
        var city: City?
        if let text = required(.city) {
            city = Self.city(text)
            if city == nil {
                fail(
                    .city,
                    "\"\(text)\" is not a Zhejiang city; use its pinyin (hangzhou) or GB/T 2260 code (330100)")
            }
        }
        let plate = values[.plate].flatMap { $0.isEmpty ? nil : $0 }
        if let plate, plate.count > Self.maxPlateLength {
            fail(.plate, "plate is longer than \(Self.maxPlateLength) characters")
        }
        var registeredAt: Int64?
        if let text = values[.registeredAt], !text.isEmpty {
            registeredAt = Self.registrationTime(text)
            if registeredAt == nil {
                fail(
                    .registeredAt,
                    "\"\(text)\" is not a date; use 2024-03-01 (a day in China Standard Time) or an ISO 8601 instant")
            }
        }
        guard ok, let vin, let enterprise, let model, let fuelType, let usage, let city else { return nil }
        if !vin.hasValidCheckDigit {
            warningCount += 1
            Self.keep(
                Problem(
                    row: row, column: Column.vin.rawValue,
                    message:
                        "VIN \(vin): check digit (position 9) is \(vin.checkDigit), the other characters give \(vin.expectedCheckDigit)"
                ), in: &warnings)
        }
        return Row(
            line: row,
            record: VehicleRecord(
                vin: vin, enterprise: enterprise, model: model, fuelType: fuelType, usage: usage, city: city,
                plate: plate, registeredAt: registeredAt, createdAt: createdAt))
    }

    /// Keeps the first `maxProblems` by row, in row order (stable for problems of one row).
    private static func keep(_ problem: Problem, in list: inout [Problem]) {
        let index = list.lastIndex { $0.row <= problem.row }.map { $0 + 1 } ?? 0
        guard index < maxProblems else { return }
        list.insert(problem, at: index)
        if list.count > maxProblems { list.removeLast() }
    }

    // MARK: Values

    /// A city by pinyin (`ningbo`), GB/T 2260 code (`330200`) or Chinese name (`宁波市`, `宁波`).
    public static func city(_ text: String) -> City? {
        City(identifier: text)
            ?? City.allCases.first { $0.chineseName == text || $0.chineseName.dropLast() == text }
    }

    /// A registration time in microseconds since the epoch: a date (`2024-03-01`, taken as midnight
    /// China Standard Time, UTC+8, as registration certificates give local dates) or an ISO 8601 instant.
    public static func registrationTime(_ text: String) -> Int64? {
        if let day = civilDay(text) { return (day * 86_400 - 8 * 3_600) * 1_000_000 }
        let plain = Date.ISO8601FormatStyle()
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        guard let date = (try? plain.parse(text)) ?? (try? fractional.parse(text)) else { return nil }
        return Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// Days since 1970-01-01 of a `YYYY-MM-DD` date, or nil if `text` is not one.
    private static func civilDay(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            let year = Int64(parts[0]), let month = Int64(parts[1]), let day = Int64(parts[2]),
            (1...12).contains(month)
        else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthDays: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...monthDays[Int(month - 1)]).contains(day) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension CSVRecords {
    /// The columns a header names, each one of `Column`'s raw values (any case, any order): nil with the problems
    /// when a name is unknown or doubled or a required column is missing.
    static func columns<Column: RawRepresentable & CaseIterable & Equatable>(
        _ header: Record, of _: Column.Type, required: (Column) -> Bool, example: String
    ) -> (columns: [Column]?, problems: [VehicleCSV.Problem]) where Column.RawValue == String {
        if let error = header.error {
            return (nil, [VehicleCSV.Problem(row: header.line, column: nil, message: error.message)])
        }
        var columns: [Column] = []
        var problems: [VehicleCSV.Problem] = []
        func fail(_ column: String?, _ message: String) {
            problems.append(VehicleCSV.Problem(row: header.line, column: column, message: message))
        }
        for field in header.fields {
            let name = (String(validating: field, as: UTF8.self) ?? "").trimmingCharacters(in: .whitespaces)
            guard let column = Column(rawValue: name.lowercased()) else {
                let shown = name.isEmpty ? "an empty column name" : "unknown column \"\(name)\""
                fail(name.isEmpty ? nil : name, "\(shown): the first line must be the header \(example), in any order")
                continue
            }
            if columns.contains(column) { fail(column.rawValue, "column \(column.rawValue) appears twice") }
            columns.append(column)
        }
        for column in Column.allCases where required(column) && !columns.contains(column) {
            fail(column.rawValue, "the header has no \(column.rawValue) column; required: \(example)")
        }
        return (problems.isEmpty ? columns : nil, problems)
    }
}
