import Charging
import Model
import Testing

/// The station CSV: one line per connector, stations and chargers put together, problems by line and column.
@Suite("Charging CSV")
struct ChargingCSVTests {
    static let header =
        "station_id,operator_id,station_name,area_code,lng,lat,coord,station_type,station_status,free_parking,prices,equipment_id,equipment_type,equipment_power_kw,connector_id,connector_type,power_kw"

    @Test func groupsLinesIntoStationsChargersAndConnectors() throws {
        let csv = """
            \(Self.header)
            S1,MA01H3BQ2,"滨江站, 一号",330108,120.2,30.2,wgs84,1,50,1,000000:0.35:0.8;080000:1.05:0.8,E1,1,120,C1,4,120
            S1,MA01H3BQ2,"滨江站, 一号",330108,120.2,30.2,wgs84,1,50,1,000000:0.35:0.8;080000:1.05:0.8,E1,1,120,C2,4,60
            S1,MA01H3BQ2,"滨江站, 一号",330108,120.2,30.2,wgs84,1,50,1,000000:0.35:0.8;080000:1.05:0.8,E2,2,7,C3,3,7

            S2,MA01H3BQ2,宁波站,330203,121.5,29.8,,100,50,0,,E3,2,7,C4,2,7
            """
        let file = ChargingCSV(parsing: Array(csv.utf8))
        #expect(file.problems.isEmpty, "\(file.problems)")
        #expect(file.stations.map(\.id) == ["S1", "S2"])
        let s1 = file.stations[0]
        #expect(s1.name == "滨江站, 一号" && s1.freeParking && s1.city == .hangzhou)
        #expect(s1.location.wgs84 == GeoPoint(longitude: 120.2, latitude: 30.2))
        #expect(s1.equipment.map(\.id) == ["E1", "E2"] && s1.equipment[0].connectors.map(\.id) == ["C1", "C2"])
        #expect(ChargingCSV.pricesText(s1.prices) == "000000:0.3500:0.8000;080000:1.0500:0.8000")
        let s2 = file.stations[1]
        #expect(s2.type == .bus && s2.city == .ningbo && s2.prices.isEmpty)
        #expect(s2.location.gcj02 == GeoPoint(longitude: 121.5, latitude: 29.8), "GCJ-02 unless coord says otherwise")
    }

    @Test func reportsEveryProblemWithItsLineAndColumn() {
        let csv = """
            \(Self.header)
            S1,MA01H3BQ2,A,330108,120.2,30.2,,1,50,1,,E1,1,120,C1,4,120
            S1,MA01H3BQ2,B,330108,120.2,30.2,,1,50,1,,E1,1,120,C2,4,60
            S2,bad,A,990108,east,30.2,mars,1,51,2,25:00,E2,9,7,C1,4,7
            S3,MA01H3BQ2,A,330108,120.2,30.2,,1,50,1,,E3,1,120,C5,4
            """
        let file = ChargingCSV(parsing: Array(csv.utf8))
        let found = Set(file.problems.map { "\($0.row ?? 0):\($0.path)" })
        #expect(found.isSuperset(of: ["3:station_name", "4:operator_id", "4:area_code", "4:lng", "4:coord"]))
        #expect(
            found.isSuperset(of: ["4:station_status", "4:free_parking", "4:prices", "4:equipment_type", "5:file"]))
        #expect(file.problems.allSatisfy { !$0.message.isEmpty })
    }

    @Test func refusesAMissingRequiredColumn() {
        let file = ChargingCSV(parsing: Array("station_id,operator_id\nS1,MA01H3BQ2\n".utf8))
        #expect(file.problems.contains { $0.row == 1 && $0.path == "lng" && $0.message == "required column missing" })
        #expect(file.stations.isEmpty)
    }

    @Test func namesAMalformedQuoteByItsLine() {
        // A quote inside an unquoted field, then a quoted field never closed: both on their own lines.
        let csv = """
            \(Self.header)
            S1,MA01H3BQ2,滨江"站,330108,120.2,30.2,wgs84,1,50,1,,E1,1,120,C1,4,120
            S2,MA01H3BQ2,"宁波站,330203,121.5,29.8,,1,50,0,,E3,2,7,C4,2,7
            """
        let file = ChargingCSV(parsing: Array(csv.utf8))
        #expect(file.problems.contains { $0.row == 2 && $0.path == "file" && $0.message.contains("quote") })
        #expect(file.problems.contains { $0.row == 3 && $0.path == "file" && $0.message.contains("not closed") })
    }
}
