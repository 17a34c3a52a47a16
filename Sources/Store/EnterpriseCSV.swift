import Foundation
public import Industry
import Model
public import Model

/// One enterprise of an import: its registry entry and, when the file carries profile columns, its chain profile
/// (nil: the enterprise has no profile, and any it had is removed).
public struct EnterpriseEntry: Sendable, Hashable {
    public var record: EnterpriseRecord
    public var profile: EnterpriseProfile?

    public init(record: EnterpriseRecord, profile: EnterpriseProfile?) {
        self.record = record
        self.profile = profile
    }
}

/// The enterprise registry as CSV, both ways: the import file checked whole, and the export that imports back
/// unchanged.
///
/// The format is the vehicle import's (UTF-8, RFC 4180 quoting, header first, columns in any order). `id`, `name`
/// and `city` are required; `city` is the slug, the GB/T 2260 code or the Chinese name. The profile columns are
/// optional: `credit_code` (GB 32100, both check characters verified), `english_name`, `district`, `segments`
/// (chain segments separated by `;`), `titles` (`title:year` separated by `;`, e.g.
/// `little_giant:2023;future_factory:2024`), `white_list_reason`, `white_list_since` (YYYY-MM-DD),
/// `white_list_contact`, `sample` (true/false). A file with any profile column states each row's whole profile:
/// a row with every profile column empty has none. A file without them leaves profiles as they are.
///
/// Any problem imports nothing; each is given with its row (the header is line 1) and column.
public struct EnterpriseCSV: Sendable {
    public enum Column: String, CaseIterable, Sendable {
        case id, name, city
        case creditCode = "credit_code"
        case englishName = "english_name"
        case district, segments, titles
        case whiteListReason = "white_list_reason"
        case whiteListSince = "white_list_since"
        case whiteListContact = "white_list_contact"
        case sample

        public var isRequired: Bool { self == .id || self == .name || self == .city }
    }

    public static let maxNameLength = 200

    /// The entries with the line each is on; meaningful only when `isValid`.
    public private(set) var rows: [(line: Int, entry: EnterpriseEntry)] = []
    /// The first `VehicleCSV.maxProblems` problems, by row.
    public private(set) var problems: [VehicleCSV.Problem] = []
    public private(set) var problemCount = 0
    /// Whether the header has profile columns, so that the import replaces (or removes) each row's profile.
    public private(set) var hasProfiles = false

    public var isValid: Bool { problemCount == 0 }
    public var entries: [EnterpriseEntry] { rows.map(\.entry) }

    /// `id,name,city[,credit_code]...`, for messages.
    public static let headerExample =
        Column.allCases.filter(\.isRequired).map(\.rawValue).joined(separator: ",")
        + Column.allCases.filter { !$0.isRequired }.map { "[,\($0.rawValue)]" }.joined()

    /// Parses `bytes`; new enterprises are stamped `createdAt` (an existing one keeps its own when stored).
    public init(parsing bytes: [UInt8], createdAt: Int64) {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            reject(row: 1, column: nil, "the file is UTF-16; save it as UTF-8 (CSV UTF-8)")
            return
        }
        let records = CSVRecords.split(file: bytes)
        guard let header = records.first else {
            reject(row: 1, column: nil, "the file is empty; the first line must be the header \(Self.headerExample)")
            return
        }
        guard let columns = readHeader(header) else { return }
        hasProfiles = columns.contains { !$0.isRequired }
        var seen = Seen()
        for record in records.dropFirst() {
            guard let entry = readRow(record, columns: columns, createdAt: createdAt, seen: &seen) else { continue }
            rows.append((record.line, entry))
        }
    }

    /// Adds a problem found outside the file (a credit code the registry gives another enterprise).
    public mutating func reject(row: Int, column: String?, _ message: String) {
        problemCount += 1
        guard problems.count < VehicleCSV.maxProblems else { return }
        problems.append(VehicleCSV.Problem(row: row, column: column, message: message))
        problems.sort { ($0.row, $0.column ?? "") < ($1.row, $1.column ?? "") }
    }

    /// Rejects the rows whose credit code the store holds for an enterprise the file does not restate (a file that
    /// restates that enterprise with another code, or without one, frees it).
    public mutating func checkCreditCodes(against existing: [EnterpriseProfile]) {
        let restated = hasProfiles ? Set(rows.map(\.entry.record.id.rawValue)) : []
        var holders: [CreditCode: String] = [:]
        for profile in existing where !restated.contains(profile.enterprise) {
            if let code = profile.creditCode { holders[code] = profile.enterprise }
        }
        for (line, entry) in rows {
            guard let code = entry.profile?.creditCode, let holder = holders[code],
                holder != entry.record.id.rawValue
            else { continue }
            reject(
                row: line, column: Column.creditCode.rawValue,
                "credit code \(code) belongs to enterprise \(holder) in the registry")
        }
    }

    // MARK: Export

    /// The registry as an import file with every column, one row per enterprise in `records`' order.
    public static func write(_ records: [EnterpriseRecord], profiles: [String: EnterpriseProfile]) -> String {
        var out = Column.allCases.map(\.rawValue).joined(separator: ",") + "\r\n"
        for record in records {
            let p = profiles[record.id.rawValue]
            let fields: [String] = [
                record.id.rawValue, record.name, record.city.slug, p?.creditCode?.rawValue ?? "",
                p?.englishName ?? "", p?.district ?? "",
                p.map { $0.segments.map(\.rawValue).joined(separator: ";") } ?? "",
                p.map { $0.titles.map { "\($0.title.rawValue):\($0.year)" }.joined(separator: ";") } ?? "",
                p?.whiteList?.reason ?? "", p?.whiteList?.since ?? "", p?.whiteList?.contact ?? "",
                p.map { $0.sample ? "true" : "false" } ?? "",
            ]
            out += fields.map(Self.quoted).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// RFC 4180: a field with a comma, quote, line break or edge space is quoted, inner quotes doubled.
    static func quoted(_ field: String) -> String {
        let special = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard special || field.first?.isWhitespace == true || field.last?.isWhitespace == true else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: Header and rows

    private mutating func readHeader(_ header: CSVRecords.Record) -> [Column]? {
        let (columns, problems) = CSVRecords.columns(
            header, of: Column.self, required: \.isRequired, example: Self.headerExample)
        for problem in problems { reject(row: problem.row, column: problem.column, problem.message) }
        return columns
    }

    /// The rows each id and credit code was first on, so that a repeat is caught even when either row has other
    /// problems.
    private struct Seen {
        var ids: [EnterpriseID: Int] = [:]
        var codes: [CreditCode: Int] = [:]
    }

    private mutating func readRow(
        _ record: CSVRecords.Record, columns: [Column], createdAt: Int64, seen: inout Seen
    ) -> EnterpriseEntry? {
        let row = record.line
        if let error = record.error {
            reject(
                row: row, column: error.field.flatMap { $0 < columns.count ? columns[$0].rawValue : nil }, error.message
            )
            return nil
        }
        guard record.fields.count == columns.count else {
            let missing = record.fields.count < columns.count ? columns[record.fields.count].rawValue : nil
            reject(
                row: row, column: missing, "the row has \(record.fields.count) fields, the header has \(columns.count)")
            return nil
        }
        var values: [Column: String] = [:]
        var ok = true
        for (column, field) in zip(columns, record.fields) {
            guard let text = String(validating: field, as: UTF8.self) else {
                reject(
                    row: row, column: column.rawValue,
                    "not valid UTF-8 (a GBK or GB18030 file?); save the file as CSV UTF-8")
                ok = false
                continue
            }
            values[column] = text.trimmingCharacters(in: .whitespaces)
        }
        guard ok else { return nil }
        func fail(_ column: Column, _ message: String) {
            reject(row: row, column: column.rawValue, message)
            ok = false
        }
        func text(_ column: Column) -> String? { values[column].flatMap { $0.isEmpty ? nil : $0 } }

        let id = text(.id).flatMap(EnterpriseID.init(rawValue:))
        if id == nil {
            fail(
                .id,
                text(.id).map { "\"\($0)\" is not an enterprise id (at most 64 characters, no spaces or /)" }
                    ?? "id is empty")
        }
        if let id {
            if let first = seen.ids[id] {
                fail(.id, "enterprise \(id) is also on row \(first); each enterprise may appear once")
            } else {
                seen.ids[id] = row
            }
        }
        let name = text(.name)
        if name == nil { fail(.name, "name is empty") }
        if let name, name.count > Self.maxNameLength {
            fail(.name, "name is longer than \(Self.maxNameLength) characters")
        }
        let city = text(.city).flatMap(City.init(identifier:))
        if city == nil {
            fail(
                .city,
                (text(.city).map { "unknown city \"\($0)\"" } ?? "city is empty")
                    + "; use one of \(City.allCases.map(\.slug).joined(separator: ", ")) (or the code or Chinese name)")
        }
        var code: CreditCode?
        if let value = text(.creditCode) {
            do {
                let parsed = try CreditCode(value)
                if let first = seen.codes[parsed] {
                    fail(.creditCode, "credit code \(parsed) is also on row \(first); a code belongs to one enterprise")
                } else {
                    seen.codes[parsed] = row
                    code = parsed
                }
            } catch {
                fail(.creditCode, "\"\(value)\" is not a unified social credit code: \(error)")
            }
        }
        var segments: [ChainSegment] = []
        for item in (text(.segments) ?? "").split(separator: ";") {
            let name = item.trimmingCharacters(in: .whitespaces)
            guard let segment = ChainSegment(rawValue: name) else {
                fail(
                    .segments,
                    "unknown segment \"\(name)\"; use \(ChainSegment.allCases.map(\.rawValue).joined(separator: ", ")) separated by ;"
                )
                continue
            }
            if !segments.contains(segment) { segments.append(segment) }
        }
        var titles: [AwardedTitle] = []
        for item in (text(.titles) ?? "").split(separator: ";") {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count == 2, let title = EnterpriseTitle(rawValue: parts[0]) else {
                fail(
                    .titles,
                    "\"\(item)\" is not title:year with a title of \(EnterpriseTitle.allCases.map(\.rawValue).joined(separator: ", "))"
                )
                continue
            }
            guard let year = Int(parts[1]), (2000...2100).contains(year) else {
                fail(.titles, "the year of \(title.rawValue) must be 2000-2100, not \"\(parts[1])\"")
                continue
            }
            titles.append(AwardedTitle(title: title, year: year))
        }
        var whiteList: WhiteListEntry?
        let reason = text(.whiteListReason)
        let since = text(.whiteListSince)
        let contact = text(.whiteListContact)
        if reason != nil || since != nil || contact != nil {
            if reason == nil { fail(.whiteListReason, "give the reason the enterprise is on the white list") }
            if let since, !WhiteListEntry.isDay(since) {
                fail(.whiteListSince, "\"\(since)\" is not a day written YYYY-MM-DD")
            } else if since == nil {
                fail(.whiteListSince, "give the day the enterprise joined the white list (YYYY-MM-DD)")
            }
            if let reason, let since {
                whiteList = WhiteListEntry(reason: reason, since: since, contact: contact ?? "")
            }
        }
        var sample = false
        if let value = text(.sample) {
            switch value.lowercased() {
            case "true", "yes", "1": sample = true
            case "false", "no", "0": sample = false
            default: fail(.sample, "\"\(value)\" is not true or false")
            }
        }
        guard ok, let id, let name, let city else { return nil }
        let profileGiven = columns.contains { !$0.isRequired && $0 != .sample && text($0) != nil }
        let profile =
            profileGiven
            ? EnterpriseProfile(
                enterprise: id.rawValue, creditCode: code, englishName: text(.englishName), district: text(.district),
                segments: segments, titles: titles, whiteList: whiteList, sample: sample) : nil
        return EnterpriseEntry(
            record: EnterpriseRecord(id: id, name: name, city: city, createdAt: createdAt), profile: profile)
    }
}

extension EnterpriseCSV {
    /// What an import changed.
    public struct Outcome: Sendable, Hashable {
        public var created: Int
        public var updated: Int
        public var profiles: Int
    }

    /// Checks the file against the registry and, if nothing is wrong, imports it whole. Nil when there are
    /// problems (then nothing is stored).
    public mutating func importValid(into store: any PlatformStore, at: Int64) async throws -> Outcome? {
        guard isValid else { return nil }
        checkCreditCodes(against: try await store.industry.profiles())
        guard isValid else { return nil }
        let known = Set(try await store.enterprises.list(city: nil).map(\.id))
        try await store.industry.importEnterprises(entries, replacingProfiles: hasProfiles, at: at)
        let created = entries.filter { !known.contains($0.record.id) }.count
        return Outcome(
            created: created, updated: entries.count - created, profiles: entries.compactMap(\.profile).count)
    }
}
