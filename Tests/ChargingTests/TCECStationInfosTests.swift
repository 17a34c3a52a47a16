import Charging
import Foundation
import Model
import Testing

/// Reading `query_stations_info` results: the standard's shapes and misspellings, and every problem named by path.
@Suite("T/CEC StationInfos")
struct TCECStationInfosTests {
    static func station(id: String, power: Any = 60.0, extra: String = "") -> String {
        """
        {"StationID":"\(id)","OperatorID":"MA01H3BQ2","EquipmentOwnerID":"MA01H3BQ2","StationName":"西湖文化广场充电站",
         "CountryCode":"CN","AreaCode":"330106","Address":"杭州市西湖区","StationTel":"0571-1","ServiceTel":"95598",
         "StationType":1,"StationStatus":50,"ParkNums":0,"StationLng":120.163713,"StationLat":30.276548,
         "Construction":255,"BusineHours":"00:00-24:00","ParkFee":"充电免费停车2小时",\(extra)
         "PolicyInfos":[{"StartTime":"000000","ElecPrice":0.3500,"SevicePrice":0.8000},
                        {"StartTime":"080000","ElecPrice":1.0500,"ServicePrice":0.8}],
         "EquipmentInfos":[{"EquipmentID":"\(id)-E1","EquipmentType":1,"Power":\(power),
           "ConnectorInfos":[{"ConnectorID":"\(id)-E1-1","ConnectorType":4,"VoltageUpperLimits":750,
             "VoltageLowerLimits":200,"Current":250,"Power":120.0,"NationalStandard":2},
             {"ConnectorID":"\(id)-E1-2","connectortype":"4","VoltageUpperLimit":750,"Power":"60.5"}]}]}
        """
    }

    @Test func readsAPageWithTheStandardsMisspellings() throws {
        let json = """
            {"PageNo":1,"PageCount":3,"ItemSize":2,"StationInfos":[\(Self.station(id: "ST1")),\(Self.station(id: "ST2"))]}
            """
        let result = TCECStationInfos(json: Data(json.utf8))
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.pageNo == 1 && result.pageCount == 3 && result.itemSize == 2)
        let station = try #require(result.stations.first)
        #expect(station.city == .hangzhou && station.operatorID == "MA01H3BQ2" && station.type == .public)
        #expect(station.location.gcj02 == GeoPoint(longitude: 120.163713, latitude: 30.276548))
        #expect(station.location.wgs84.distance(to: station.location.gcj02) > 100, "stored in both datums")
        #expect(
            station.prices == [
                PricePeriod(startSecond: 0, electricity: 3500, service: 8000),
                PricePeriod(startSecond: 8 * 3600, electricity: 10500, service: 8000),
            ])
        #expect(station.freeParking, "ParkFee says 免费")
        let connectors = station.connectors
        #expect(connectors.map(\.id) == ["ST1-E1-1", "ST1-E1-2"])
        #expect(connectors[1].type == .dcGun && connectors[1].powerKW == 60.5 && connectors[1].voltageUpper == 750)
        #expect(connectors[0].nationalStandard == .gbt2015 && connectors[0].status == .offline)
    }

    @Test func readsABareArrayAndParkFeeFree() throws {
        let json = "[\(Self.station(id: "ST9", extra: "\"ParkFeeFree\":0,"))]"
        let result = TCECStationInfos(json: Data(json.utf8))
        #expect(result.problems.isEmpty)
        #expect(result.stations.count == 1 && result.stations[0].freeParking == false)
    }

    @Test func namesEveryProblemByItsPathAndKeepsNothing() {
        let bad = Self.station(id: "ST3", power: "\"lots\"")
            .replacingOccurrences(of: "\"AreaCode\":\"330106\"", with: "\"AreaCode\":\"110101\"")
            .replacingOccurrences(of: "\"StationType\":1", with: "\"StationType\":7")
        let json = """
            {"StationInfos":[\(Self.station(id: "ST1")),\(Self.station(id: "ST2")),\(Self.station(id: "ST1")),\(bad)]}
            """
        let result = TCECStationInfos(json: Data(json.utf8))
        let described = result.problems.map(\.description)
        #expect(described.contains("StationInfos[3].EquipmentInfos[0].Power: must be a number"))
        #expect(described.contains { $0.hasPrefix("StationInfos[3].AreaCode: 110101") })
        #expect(described.contains { $0.hasPrefix("StationInfos[3].StationType: 7 is not a code") })
        #expect(described.contains { $0.hasPrefix("StationInfos[2].StationID: ST1 is also at StationInfos[0]") })
    }

    @Test func refusesWhatIsNotJSONOrHasNoStations() {
        #expect(TCECStationInfos(json: Data("{\"a\":".utf8)).problems.map(\.path) == ["body"])
        #expect(TCECStationInfos(json: Data("{\"PageNo\":1}".utf8)).problems.map(\.path) == ["StationInfos"])
    }
}
