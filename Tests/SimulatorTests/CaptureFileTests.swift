import GBT32960
import Simulator
import Testing

@Suite("Capture files")
struct CaptureFileTests {
    static let start = VehicleTerminalTests.start

    static func reports(index: Int, seconds: [Int64]) -> [Message] {
        let vehicle = SimulatedVehicle(index: index, seed: 3, start: start)
        return seconds.map { second in
            var copy = vehicle
            while copy.time < start + second { _ = copy.step() }
            return copy.report(copy.snapshot)
        }
    }

    @Test("hex text: comments, blank lines and bad lines skipped, frames kept byte for byte")
    func hexLines() {
        let frames = Self.reports(index: 1, seconds: [1, 2])
        let text = "# a capture\n\n" + frames[0].encodedHex + "\r\nnot hex\n  " + frames[1].encodedHex + "  \n"
        let capture = CaptureFile(Array(text.utf8))
        #expect(capture.frames.map(\.bytes) == frames.map { $0.encodedBytes() })
        #expect(capture.frames.map(\.time) == [Self.start + 1, Self.start + 2])
        #expect(capture.skipped == 1)
    }

    @Test("binary: junk between frames skipped; a truncated last frame is not sent")
    func binary() {
        let frames = Self.reports(index: 1, seconds: [1, 2])
        let bytes =
            [0x23, 0x00] + frames[0].encodedBytes() + [0xFF] + frames[1].encodedBytes()
            + Array(frames[0].encodedBytes().prefix(30))
        let capture = CaptureFile(bytes)
        #expect(capture.frames.map(\.bytes) == frames.map { $0.encodedBytes() })
        #expect(capture.skipped == 2 + 1 + 30)
    }

    @Test("one connection per VIN, or one for a platform's capture; due times never go back")
    func connections() {
        let first = Self.reports(index: 1, seconds: [5, 9])
        let second = Self.reports(index: 2, seconds: [2, 7])
        let mixed = CaptureFile([first[0], second[0], first[1], second[1]].flatMap { $0.encodedBytes() })
        let replay = CaptureReplay(host: "127.0.0.1", port: 1, capture: mixed, speed: 0)
        #expect(replay.connections().map(\.count) == [2, 2])
        // Second's first report (collected at 2) is due with the frame before it (5), as a reissue would go.
        #expect(
            replay.connections().map { $0.map(\.due) } == [
                [Self.start + 5, Self.start + 9], [Self.start + 5, Self.start + 9],
            ])

        let access = PlatformAccess(username: "geely-tsp", password: "forward-2026")
        let login = access.login(edition: .gb2016, at: CollectionTime(beijingTimeOf: Self.start), serial: 1)
        let platform = CaptureFile(([login] + first + second).flatMap { $0.encodedBytes() })
        #expect(
            CaptureReplay(host: "127.0.0.1", port: 1, capture: platform, speed: 0).connections().map(\.count) == [5])
    }
}
