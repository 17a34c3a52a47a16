import GBT32960
import NIOCore
import Testing

/// decode(encode(x)) == x over generated messages of every kind in both editions, in strict mode (the
/// generator only makes conformant messages, so strict decoding must accept them with no data-quality tags).
@Suite("Round-trip properties")
struct PropertyTests {
    @Test("decode(encode(x)) == x, strict", arguments: Edition.allCases, 0...15)
    func roundTrip(edition: Edition, kind: Int) throws {
        var generator = MessageGenerator(seed: UInt64(kind) << 8 | (edition == .gb2016 ? 1 : 2))
        for _ in 0..<200 {
            let message = generator.message(kind: kind, edition: edition)
            let bytes = message.encodedBytes()
            let decoded = try Message.decode(bytes: bytes, mode: .strict)
            #expect(decoded == message)
            #expect(decoded.encodedBytes() == bytes)
        }
    }

    @Test("replies: time-only keeps the message time; full echo keeps the body with a new time")
    func replies() throws {
        var generator = MessageGenerator(seed: 99)
        let login = generator.message(kind: 0, edition: .gb2016)
        let short = login.reply(.success)
        guard case .timeOnlyReply(let time) = short.body else { throw CancellationError() }
        #expect(time == login.body.time)
        #expect(try Message.decode(bytes: short.encodedBytes(), mode: .strict) == short)
        #expect(short.encodedBytes().count == 31)
        let newTime = CollectionTime(year: 26, month: 1, day: 2, hour: 3, minute: 4, second: 5)
        let echo = login.reply(.vinDuplicate, style: .fullEcho, time: newTime)
        #expect(echo.ackFlag == .vinDuplicate)
        #expect(echo.body.time == newTime)
        #expect(try Message.decode(bytes: echo.encodedBytes(), mode: .strict) == echo)
        let heartbeat = generator.message(kind: 6, edition: .gb2025).reply(.success)
        #expect(heartbeat.body == .empty)
        let sync = generator.message(kind: 7, edition: .gb2025).reply(.success, time: newTime)
        #expect(sync.body == .timeOnlyReply(newTime))
    }

    @Test("2016 and 2025 offsets differ: current 1000/3000 A, motor speed 20000/32000 rpm, torque WORD/DWORD")
    func editionOffsets() {
        let v16 = VehicleData(
            edition: .gb2016, vehicleState: 1, chargingState: 1, runningMode: 1, speed: 0, odometer: 0, totalVoltage: 0,
            totalCurrent: 10_000, soc: 0, dcdcState: 1, gear: 0, insulationResistance: 0, acceleratorPedal: 0,
            brakePedal: 0
        )
        var v25 = v16
        v25.edition = .gb2025
        #expect(v16.totalCurrentA == .value(0))
        #expect(v25.totalCurrentA == .value(-2000))
        let motor = DriveMotor(
            index: 1, state: 1, controllerTemperature: 40, speed: 32_000, torque: 200_000, temperature: 40)
        #expect(motor.speedRpm(.gb2016) == .value(12_000))
        #expect(motor.speedRpm(.gb2025) == .value(0))
        #expect(motor.torqueNm(.gb2025) == .value(0))
        #expect(
            DriveMotor(index: 1, state: 1, controllerTemperature: 0, speed: 0, torque: 20_000, temperature: 0).torqueNm(
                .gb2016) == .value(0))
        #expect(Reading.word(0xFFFE, divisor: 10) == .abnormal)
        #expect(Reading.dword(0xFFFF_FFFF) == .invalid)
        #expect(Reading.byte(0xFE, offset: 40) == .abnormal)
        // 2016 insulation resistance has no sentinels; 2025 does.
        var i16 = v16
        i16.insulationResistance = 0xFFFF
        var i25 = v25
        i25.insulationResistance = 0xFFFF
        #expect(i16.insulationResistanceKOhm == .value(65_535))
        #expect(i25.insulationResistanceKOhm == .invalid)
    }
}
