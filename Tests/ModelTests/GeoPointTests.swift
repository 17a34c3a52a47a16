import Model
import Testing

@Suite("WGS-84 and GCJ-02")
struct GeoPointTests {
    @Test("the published example: WGS-84 (116.404, 39.915) is GCJ-02 (116.410244, 39.916404)")
    func publishedExample() {
        let gcj = GeoPoint(longitude: 116.404, latitude: 39.915).wgs84ToGCJ02
        #expect(abs(gcj.longitude - 116.410_244_499) < 1e-6)
        #expect(abs(gcj.latitude - 39.916_404_281) < 1e-6)
    }

    @Test(
        "GCJ-02 back to WGS-84 lands within a millimetre across Zhejiang's cities",
        arguments: [
            GeoPoint(longitude: 120.1551, latitude: 30.2741),  // Hangzhou
            GeoPoint(longitude: 121.5440, latitude: 29.8683),  // Ningbo
            GeoPoint(longitude: 120.6994, latitude: 27.9943),  // Wenzhou
            GeoPoint(longitude: 122.2072, latitude: 29.9853),  // Zhoushan
        ])
    func inverse(wgs: GeoPoint) {
        let gcj = wgs.wgs84ToGCJ02
        // The shift is a few hundred metres in Zhejiang: large enough that storing the wrong datum matters.
        #expect((100...1000).contains(wgs.distance(to: gcj)))
        #expect(gcj.gcj02ToWGS84.distance(to: wgs) < 0.001)
    }

    @Test("no shift outside China")
    func outside() {
        let tokyo = GeoPoint(longitude: 139.767, latitude: 35.681)
        #expect(tokyo.wgs84ToGCJ02 == tokyo)
        #expect(tokyo.gcj02ToWGS84 == tokyo)
    }
}
