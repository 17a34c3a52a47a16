import Industry
import Testing

/// The supply-relation file is RFC 4180 CSV: quoted fields may hold commas, and problems name line and column.
@Suite("Supply-relation CSV")
struct SupplyRelationCSVTests {
    static let cities: Set<String> = ["hangzhou", "ningbo"]

    @Test func quotedFieldsMayHoldCommasAndQuotes() throws {
        let csv = [
            "\u{FEFF}supplier,customer,category,segment,share,supplier_city",
            #""宁德时代, 宁波",geely,"cells ""LFP""",batteries,35%,ningbo"#,
            "",
            "catl,geely,motors,motors,0.5,",
        ].joined(separator: "\r\n")
        let file = SupplyRelationCSV(parsing: csv, cities: Self.cities)
        #expect(file.problems.isEmpty, "\(file.problems)")
        #expect(file.relations.map(\.line) == [2, 4])
        let first = try #require(file.relations.first?.relation)
        #expect(first.supplier == "宁德时代, 宁波" && first.category == "cells \"LFP\"" && first.share == 0.35)
        #expect(first.supplierCity == "ningbo")
    }

    @Test func problemsNameTheirLineAndColumn() {
        let csv = """
            supplier,customer,category,segment,share
            a,geely,cells,batteries,2
            "b,geely,cells,batteries,0.5
            """
        let file = SupplyRelationCSV(parsing: csv, cities: Self.cities)
        #expect(file.problems.contains { $0.row == 2 && $0.column == "share" })
        #expect(file.problems.contains { $0.row == 3 && $0.message.contains("not closed") })
        #expect(!file.isValid)
    }

    @Test func aHeaderWithoutARequiredColumnIsRefused() {
        let file = SupplyRelationCSV(parsing: "supplier,customer,segment,share\na,b,batteries,1\n", cities: [])
        #expect(file.problems.map { "\($0.row):\($0.column ?? ""):\($0.message)" } == ["1:category:missing column"])
    }
}
