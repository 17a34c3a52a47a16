import Foundation
import Model
import Testing

@Suite("VINs, fuel types and usages")
struct VehicleModelTests {
    /// VINs from real frames (`../shared/testdata/gb32960/frames.json`) and the textbook example.
    @Test(arguments: [
        "LVBV3J0BXLW010382", "LSJE36096MS140495", "LJ8E3C1MXGB008909", "HAUV4BGN6S5002219", "1M8GDM9AXKP042788",
        "11111111111111111",
    ])
    func realVINsHaveValidCheckDigits(text: String) throws {
        let vin = try #require(VIN(rawValue: text))
        #expect(vin.hasValidCheckDigit)
        #expect(vin.checkDigit == vin.expectedCheckDigit)
    }

    @Test func aWrongCheckDigitIsReportedNotRefused() throws {
        // Synthetic VINs from simulators: the right alphabet and length, the wrong check digit.
        let vin = try #require(VIN(rawValue: "LRDV6PEC2DL012978"))
        #expect(!vin.hasValidCheckDigit)
        #expect(vin.checkDigit == "2")
        #expect(vin.expectedCheckDigit == "7")
        #expect(VIN(rawValue: "LMGFE1G0000000SY1")?.expectedCheckDigit == "8")
        #expect(vin.manufacturerIdentifier == "LRD")
    }

    @Test func parsingAcceptsLowerCaseAndSaysWhatIsWrong() throws {
        #expect(try VIN(parsing: "lvbv3j0bxlw010382").rawValue == "LVBV3J0BXLW010382")
        #expect(VIN(rawValue: "lvbv3j0bxlw010382") == nil, "the raw value is the canonical upper-case form")
        #expect(throws: VINError.wrongLength(16)) { try VIN(parsing: "LVBV3J0BXLW01038") }
        #expect(throws: VINError.wrongLength(18)) { try VIN(parsing: "LVBV3J0BXLW0103821") }
        #expect(throws: VINError.invalidCharacter("I", position: 2)) { try VIN(parsing: "LIBV3J0BXLW010382") }
        #expect(throws: VINError.invalidCharacter("O", position: 17)) { try VIN(parsing: "LVBV3J0BXLW01038o") }
        #expect(throws: VINError.invalidCharacter("-", position: 4)) { try VIN(parsing: "LVB-3J0BXLW010382") }
        #expect(throws: VINError.invalidCharacter("ß", position: 1)) { try VIN(parsing: "ßVBV3J0BXLW01038") }
        #expect(throws: VINError.wrongLength(0)) { try VIN(parsing: "") }
        #expect(VINError.invalidCharacter("Q", position: 3).description.contains("never holds Q"))
    }

    @Test func vinsSortByteWiseAndRoundTripThroughJSON() throws {
        let a = try #require(VIN(rawValue: "1M8GDM9AXKP042788"))
        let b = try #require(VIN(rawValue: "LVBV3J0BXLW010382"))
        #expect(a < b)
        let data = try JSONEncoder().encode([b])
        #expect(String(decoding: data, as: UTF8.self) == #"["LVBV3J0BXLW010382"]"#)
        #expect(try JSONDecoder().decode([VIN].self, from: Data(#"["lvbv3j0bxlw010382"]"#.utf8)) == [b])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([VIN].self, from: Data(#"["LVBV"]"#.utf8)) }
    }

    @Test func fuelTypesAndUsagesAcceptAnyCase() throws {
        #expect(FuelType(identifier: "bev") == .bev)
        #expect(FuelType(identifier: "Phev") == .phev)
        #expect(FuelType(identifier: "FCEV") == .fcev)
        #expect(FuelType(identifier: "ICE") == nil)
        #expect(FuelType.names == "BEV, PHEV, FCEV")
        #expect(VehicleUsage(identifier: "Ride-Hailing") == .rideHailing)
        #expect(VehicleUsage(identifier: "ride_hailing") == .rideHailing)
        #expect(VehicleUsage(identifier: "PRIVATE") == .private)
        #expect(VehicleUsage(identifier: "tractor") == nil)
        #expect(VehicleUsage.rideHailing.rawValue == "ride_hailing")
        let decoded = try JSONDecoder().decode([FuelType].self, from: Data(#"["phev"]"#.utf8))
        #expect(decoded == [.phev])
        #expect(String(decoding: try JSONEncoder().encode([FuelType.phev]), as: UTF8.self) == #"["PHEV"]"#)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([VehicleUsage].self, from: Data(#"["x"]"#.utf8))
        }
    }
}
