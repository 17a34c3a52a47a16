import Model
import Store
import Testing

@Suite("Vehicle CSV import format")
struct VehicleCSVTests {
    static let createdAt: Int64 = 1_750_000_000_000_000

    static func parse(_ text: String) -> VehicleCSV {
        VehicleCSV(parsing: Array(text.utf8), createdAt: createdAt)
    }

    /// (row, column) of each problem, for compact expectations.
    static func places(_ problems: [VehicleCSV.Problem]) -> [String] {
        problems.map { "\($0.row):\($0.column ?? "-")" }
    }

    @Test func readsAGoodFileWithColumnsInAnyOrder() throws {
        let text =
            "\u{FEFF}city,VIN,enterprise,model,fuel_type,usage,plate,registered_at\r\n"
            + "hangzhou,LVBV3J0BXLW010382,geely,\"Geometry E, \"\"Cute Tiger\"\"\",bev,taxi,浙AD12345,2024-03-01\r\n"
            + "\r\n"
            + "330200, lsje36096ms140495 ,zeekr,Zeekr 001,PHEV,Ride-Hailing,,\r\n"
            + "宁波,LJ8E3C1MXGB008909,zeekr,\"Zeekr\n009\",fcev,bus,\"\",2024-03-01T08:00:00+08:00\n"
            + "丽水市,HAUV4BGN6S5002219,geely,Farizon,BEV,logistics,浙K0001D,\n"
        let csv = Self.parse(text)
        #expect(csv.isValid)
        #expect(csv.problems.isEmpty && csv.warnings.isEmpty)
        #expect(csv.rows.map(\.line) == [2, 4, 5, 7], "a record's row is the line it starts on")
        let records = csv.records
        #expect(
            records[0]
                == VehicleRecord(
                    vin: try #require(VIN(rawValue: "LVBV3J0BXLW010382")), enterprise: "geely",
                    model: "Geometry E, \"Cute Tiger\"", fuelType: .bev, usage: .taxi, city: .hangzhou,
                    plate: "浙AD12345", registeredAt: 1_709_222_400_000_000, createdAt: Self.createdAt))
        #expect(records[1].vin.rawValue == "LSJE36096MS140495", "trimmed and upper-cased")
        #expect(records[1].city == .ningbo && records[1].usage == .rideHailing && records[1].fuelType == .phev)
        #expect(records[1].plate == nil && records[1].registeredAt == nil, "empty optional fields are absent")
        #expect(records[2].model == "Zeekr\n009" && records[2].city == .ningbo)
        #expect(records[2].registeredAt == 1_709_251_200_000_000)
        #expect(records[3].city == .lishui && records[3].plate == "浙K0001D")
    }

    @Test func optionalColumnsMayBeLeftOut() {
        let csv = Self.parse(
            "vin,enterprise,model,fuel_type,usage,city\nLVBV3J0BXLW010382,geely,M,BEV,private,hangzhou")
        #expect(csv.isValid)
        #expect(csv.records.count == 1)
        #expect(csv.records.first?.usage == .private)
    }

    @Test func everyBadRowIsReportedWithItsRowAndColumn() {
        let lines = [
            "vin,enterprise,model,fuel_type,usage,city,plate,registered_at",
            "LVBV3J0BXLW010382,geely,Geometry,BEV,taxi,hangzhou,,",  // 2: fine
            "LVBV3J0BXLW01038,geely,Geometry,BEV,taxi,hangzhou,,",  // 3: short VIN
            "LIBV3J0BXLW010382,geely,Geometry,diesel,tractor,shanghai,,",  // 4: I in VIN, fuel, usage, city
            "LSJE36096MS140495,geely,,BEV,taxi,hangzhou,,2024-02-30",  // 5: empty model, impossible date
            "LJ8E3C1MXGB008909,geely,Geometry,BEV,taxi",  // 6: too few fields, the first missing one named
            "lvbv3j0bxlw010382,zeekr,Other,BEV,bus,ningbo,,",  // 7: same VIN as row 2
            "HAUV4BGN6S5002219,geely,Geo\"metry,BEV,taxi,hangzhou,,",  // 8: stray quote
            "1M8GDM9AXKP042788,geely corp,Geometry,BEV,taxi,hangzhou,ABCDEFGHIJKLMNOPQ,",  // 9: enterprise, plate
            "11111111111111111,geely,Geometry,BEV,taxi,hangzhou,,,extra",  // 10: too many fields
        ]
        let csv = Self.parse(lines.joined(separator: "\n"))
        #expect(!csv.isValid)
        #expect(
            Self.places(csv.problems) == [
                "3:vin", "4:vin", "4:fuel_type", "4:usage", "4:city", "5:model", "5:registered_at", "6:city",
                "7:vin", "8:model", "9:enterprise", "9:plate", "10:-",
            ])
        #expect(csv.problemCount == 13)
        let messages = Dictionary(csv.problems.map { ("\($0.row):\($0.column ?? "-")", $0.message) }) { a, _ in a }
        #expect(messages["3:vin"]?.contains("17 characters") == true)
        #expect(messages["4:vin"]?.contains("never holds I") == true)
        #expect(messages["4:fuel_type"]?.contains("BEV, PHEV, FCEV") == true)
        #expect(messages["4:city"]?.contains("shanghai") == true)
        #expect(messages["6:city"]?.contains("5 fields, the header has 8") == true)
        #expect(messages["7:vin"]?.contains("also on row 2") == true)
        #expect(messages["8:model"]?.contains("quote") == true)
        #expect(messages["10:-"]?.contains("9 fields") == true)
    }

    @Test func headerProblemsStopBeforeTheRows() {
        let missing = Self.parse("vin,enterprise,model,fuel,usage\nLVBV3J0BXLW010382,geely,M,BEV,taxi")
        #expect(Self.places(missing.problems) == ["1:fuel", "1:fuel_type", "1:city"])
        #expect(missing.problems[0].message.contains("unknown column \"fuel\""))
        #expect(missing.problems[2].message.contains("no city column"))

        let twice = Self.parse("vin,enterprise,model,fuel_type,usage,city,VIN\n")
        #expect(Self.places(twice.problems) == ["1:vin"])
        #expect(twice.problems[0].message.contains("twice"))

        // A file that starts with data rather than a header.
        let headless = Self.parse("LVBV3J0BXLW010382,geely,M,BEV,taxi,hangzhou\n")
        #expect(headless.problemCount == 12)
        #expect(headless.problems.first?.message.contains("the first line must be the header") == true)

        #expect(Self.places(Self.parse("").problems) == ["1:-"])
        #expect(Self.places(Self.parse("\u{FEFF}\n\n").problems) == ["1:-"])
        let utf16 = VehicleCSV(parsing: [0xFF, 0xFE, 0x76, 0x00], createdAt: 0)
        #expect(utf16.problems.first?.message.contains("UTF-16") == true)
    }

    @Test func textThatIsNotUTF8IsNamed() {
        // 浙 in GBK is D5 E3: what Excel writes for a Chinese-locale "CSV" without UTF-8.
        var bytes = Array(
            "vin,enterprise,model,fuel_type,usage,city,plate\nLVBV3J0BXLW010382,geely,M,BEV,taxi,hangzhou,".utf8)
        bytes += [0xD5, 0xE3] + Array("A12345\n".utf8)
        let csv = VehicleCSV(parsing: bytes, createdAt: 0)
        #expect(Self.places(csv.problems) == ["2:plate"])
        #expect(csv.problems.first?.message.contains("UTF-8") == true)
    }

    @Test func quotingMistakesAreCaught() {
        let header = "vin,enterprise,model,fuel_type,usage,city\n"
        let after = Self.parse(header + "LVBV3J0BXLW010382,geely,\"Geometry\" E,BEV,taxi,hangzhou\n")
        #expect(Self.places(after.problems) == ["2:model"])
        #expect(after.problems.first?.message.contains("after the closing quote") == true)

        let unclosed = Self.parse(
            header + "LVBV3J0BXLW010382,geely,M,BEV,taxi,hangzhou\nLSJE36096MS140495,geely,\"M,BEV,taxi,hangzhou\n\n")
        #expect(Self.places(unclosed.problems) == ["3:model"])
        #expect(unclosed.problems.first?.message.contains("not closed") == true)

        // Spaces around a quoted field are tolerated; a quoted empty field is empty.
        let spaced = Self.parse(header + "LVBV3J0BXLW010382 , geely , \"Geometry, E\" ,BEV,taxi,hangzhou\n")
        #expect(spaced.isValid)
        #expect(spaced.records.first?.model == "Geometry, E")
    }

    @Test func wrongCheckDigitsAreWarningsOnly() {
        let csv = Self.parse(
            "vin,enterprise,model,fuel_type,usage,city\n"
                + "LRDV6PEC2DL012978,geely,M,BEV,taxi,hangzhou\nLVBV3J0BXLW010382,geely,M,BEV,taxi,hangzhou\n")
        #expect(csv.isValid)
        #expect(csv.records.count == 2)
        #expect(Self.places(csv.warnings) == ["2:vin"])
        #expect(csv.warningCount == 1)
        #expect(csv.warnings.first?.message.contains("is 2, the other characters give 7") == true)
    }

    @Test func problemsAreCappedButCounted() {
        var text = "vin,enterprise,model,fuel_type,usage,city\n"
        for _ in 0..<250 { text += "bad,geely,M,BEV,taxi,hangzhou\n" }
        var csv = Self.parse(text)
        #expect(csv.problemCount == 250)
        #expect(csv.problems.count == VehicleCSV.maxProblems)
        #expect(csv.problems.map(\.row) == Array(2..<102))

        // A problem found later (an unknown enterprise, say) on an early row still makes the list.
        csv.reject(VehicleCSV.Problem(row: 3, column: "enterprise", message: "unknown"))
        #expect(csv.problemCount == 251)
        #expect(csv.problems.count == VehicleCSV.maxProblems)
        #expect(Self.places(Array(csv.problems[0..<3])) == ["2:vin", "3:vin", "3:enterprise"])
        #expect(csv.problems.last?.row == 100)
        csv.reject(VehicleCSV.Problem(row: 999, column: nil, message: "late"))
        #expect(csv.problemCount == 252)
        #expect(csv.problems.last?.row == 100, "beyond the cap it is only counted")
    }

    @Test func registrationTimesAreDatesInChinaOrInstants() {
        #expect(VehicleCSV.registrationTime("2024-03-01") == 1_709_222_400_000_000)
        #expect(VehicleCSV.registrationTime("1970-01-01") == -28_800_000_000)
        #expect(VehicleCSV.registrationTime("2024-02-29") != nil)
        #expect(VehicleCSV.registrationTime("2023-02-29") == nil)
        #expect(VehicleCSV.registrationTime("2024-13-01") == nil)
        #expect(VehicleCSV.registrationTime("2024-3-1") == nil)
        #expect(VehicleCSV.registrationTime("2024-03-01T00:00:00Z") == 1_709_251_200_000_000)
        #expect(VehicleCSV.registrationTime("2024-03-01T00:00:00.5Z") == 1_709_251_200_500_000)
        #expect(VehicleCSV.registrationTime("yesterday") == nil)
        #expect(VehicleCSV.city("温州市") == .wenzhou)
        #expect(VehicleCSV.city("温州") == .wenzhou)
        #expect(VehicleCSV.city("330300") == .wenzhou)
        #expect(VehicleCSV.city("上海") == nil)
    }
}
