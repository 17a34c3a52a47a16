import Industry
import Model
import Store
import Testing

/// The enterprise registry file: profile columns parsed and checked per row and column, the export read back as
/// the same entries.
@Suite("Enterprise CSV")
struct EnterpriseCSVTests {
    static let good = #"""
        id,name,city,credit_code,english_name,district,segments,titles,white_list_reason,white_list_since,white_list_contact,sample
        geely,"吉利控股集团有限公司, 杭州",杭州市,91330100716105852F,Geely,滨江区,vehicles;batteries,future_factory:2023;green_factory:2024,整车龙头,2023-03-01,0571-0000000,true
        zeekr,极氪智能科技,330200,91330200MA2AB3C47G,"Zeekr ""Intelligent""",,vehicles,,,,,
        tiny,小微配件,jinhua,,,,,,,,,
        """#

    @Test("a good file: quoted commas and quotes, cities by name and code, lists split on ;")
    func parsesProfiles() throws {
        let csv = EnterpriseCSV(parsing: Array(Self.good.utf8), createdAt: 7)
        #expect(csv.problems.isEmpty)
        #expect(csv.hasProfiles)
        let entries = csv.entries
        #expect(entries.map(\.record.id.rawValue) == ["geely", "zeekr", "tiny"])
        #expect(entries[0].record.name == "吉利控股集团有限公司, 杭州")
        #expect(entries.map(\.record.city) == [.hangzhou, .ningbo, .jinhua])
        #expect(entries[0].record.createdAt == 7)
        let geely = try #require(entries[0].profile)
        #expect(geely.creditCode?.rawValue == "91330100716105852F")
        #expect(geely.segments == [.vehicles, .batteries])
        #expect(
            geely.titles == [
                AwardedTitle(title: .futureFactory, year: 2023), AwardedTitle(title: .greenFactory, year: 2024),
            ])
        #expect(geely.whiteList == WhiteListEntry(reason: "整车龙头", since: "2023-03-01", contact: "0571-0000000"))
        #expect(geely.sample)
        #expect(entries[1].profile?.englishName == "Zeekr \"Intelligent\"")
        #expect(entries[1].profile?.whiteList == nil)
        #expect(entries[2].profile == nil, "every profile column empty: no profile")
    }

    @Test("the export reads back as the same entries")
    func roundTrip() throws {
        let first = EnterpriseCSV(parsing: Array(Self.good.utf8), createdAt: 7)
        let profiles = Dictionary(uniqueKeysWithValues: first.entries.compactMap(\.profile).map { ($0.enterprise, $0) })
        let text = EnterpriseCSV.write(first.entries.map(\.record), profiles: profiles)
        let again = EnterpriseCSV(parsing: Array(text.utf8), createdAt: 7)
        #expect(again.problems.isEmpty)
        #expect(again.entries == first.entries)
        #expect(text.contains("\"吉利控股集团有限公司, 杭州\""))
    }

    @Test("a file without profile columns leaves profiles alone")
    func registryOnly() {
        let csv = EnterpriseCSV(parsing: Array("id,name,city\ngeely,Geely,hangzhou\n".utf8), createdAt: 1)
        #expect(csv.isValid)
        #expect(!csv.hasProfiles)
        #expect(csv.entries.first?.profile == nil)
    }

    @Test("each bad value is named by row and column, and the file is refused whole")
    func problems() {
        let text = """
            id,name,city,credit_code,segments,titles,white_list_reason,white_list_since
            geely,Geely,hangzhou,91330100716105852E,vehicles,,,
            zeekr,Zeekr,ningbo,,rockets,,,
            nio,,shanghai,,,,,
            a b,X,hangzhou,,,little_giant,,
            leap,Leap,hangzhou,,,future_factory:1999,,
            wl,WL,hangzhou,,,,reason,2025-02-30
            geely,Again,hangzhou,,,,,
            dup,Dup,hangzhou,91330200MA2AB3C47G,,,,
            dup2,Dup2,hangzhou,91330200MA2AB3C47G,,,,
            short,Short
            """
        let csv = EnterpriseCSV(parsing: Array(text.utf8), createdAt: 1)
        #expect(!csv.isValid)
        let found = Set(csv.problems.map { "\($0.row):\($0.column ?? "-")" })
        #expect(
            found == [
                "2:credit_code", "3:segments", "4:name", "4:city", "5:id", "5:titles", "6:titles",
                "7:white_list_since", "8:id", "10:credit_code", "11:city",
            ], "\(csv.problems)")
        #expect(csv.problems.first { $0.row == 2 }?.message.contains("check character") == true)
        #expect(csv.problems.first { $0.row == 10 }?.message.contains("row 9") == true)
    }

    @Test("the header: unknown, doubled and missing columns")
    func header() {
        let csv = EnterpriseCSV(parsing: Array("id,name,name,colour\n".utf8), createdAt: 1)
        #expect(Set(csv.problems.map { $0.column ?? "-" }) == ["name", "colour", "city"])
        #expect(EnterpriseCSV(parsing: [], createdAt: 1).problems.first?.row == 1)
    }

    @Test("a credit code the registry gives an enterprise the file does not restate is refused")
    func creditCodeHeldElsewhere() throws {
        let held = EnterpriseProfile(
            enterprise: "other", creditCode: try CreditCode("91330200MA2AB3C47G"), segments: [])
        let moving = EnterpriseProfile(
            enterprise: "zeekr", creditCode: try CreditCode("91330100716105852F"), segments: [])
        var csv = EnterpriseCSV(parsing: Array(Self.good.utf8), createdAt: 1)
        csv.checkCreditCodes(against: [held, moving])
        #expect(csv.problems.map { "\($0.row):\($0.column ?? "-")" } == ["3:credit_code"])
        #expect(csv.problems.first?.message.contains("other") == true)
    }
}
