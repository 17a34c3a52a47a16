import GBT32960
import Safety
import Simulator

/// Frame sequences for the scenario tests: built by the simulator's terminal or by hand, sent through the codec as on
/// the wire, and read back as safety samples.
enum Scenario {
    /// 2026-11-25T09:30:00+08:00.
    static let start: Int64 = 1_795_570_200

    /// The reports among `actions`, encoded and decoded again, received at their collection time.
    static func samples(_ actions: some Sequence<VehicleTerminal.Action>) throws -> [SafetySample] {
        try actions.compactMap { action in
            guard case .send(let message) = action else { return nil }
            return try sample(message)
        }
    }

    /// `message` through the wire and back, received at its collection time.
    static func sample(_ message: Message, receivedAt: Int64? = nil) throws -> SafetySample? {
        let decoded = try Message.decode(hex: hexString(message.encodedBytes()))
        guard case .report(let report) = decoded.body, let seconds = report.time?.unixTime else { return nil }
        return SafetySample(message: decoded, receivedAt: receivedAt ?? seconds * 1_000_000)
    }

    /// A 2016 report of `vin` at `second` with the given alarm flags and level, plus healthy values.
    static func report(
        vin: String = "LZJS0000000000042", at second: Int64, flags: UInt32 = 0, level: UInt8 = 0,
        reissue: Bool = false, storageFaults: [UInt32] = []
    ) -> Message {
        let vehicle = VehicleData(
            edition: .gb2016, vehicleState: 1, chargingState: 3, runningMode: 1, speed: 300, odometer: 123_456,
            totalVoltage: 3_800, totalCurrent: 10_050, soc: 60, dcdcState: 1, gear: 0x0E, insulationResistance: 5_000,
            acceleratorPedal: 10, brakePedal: 0)
        let alarm = AlarmData(maxLevel: level, generalFlags: flags, storageFaults: storageFaults)
        return Message(
            edition: .gb2016, command: reissue ? .reissueReport : .realtimeReport, ackFlag: .command,
            uniqueCode: UniqueCode(paddingWithNUL: vin) ?? .zero, encryption: .none,
            body: .report(
                RealtimeReport(time: CollectionTime(beijingTimeOf: second), units: [.vehicle(vehicle), .alarm(alarm)])))
    }

    static func micros(_ second: Int64) -> Int64 { second * 1_000_000 }
}

extension Scenario {
    /// A complete 2016 report (every required unit, from the simulator) of a vehicle that is on, at `second`, with
    /// `edit` applied to its units.
    static func fullReport(
        at second: Int64, reissue: Bool = false, edit: (inout [InfoUnit]) -> Void = { _ in }
    ) -> Message {
        let vehicle = SimulatedVehicle(index: 5, seed: 1, edition: .gb2016, start: second)
        var message = vehicle.report(vehicle.snapshot, reissue: reissue)
        guard case .report(var report) = message.body else { return message }
        report.time = CollectionTime(beijingTimeOf: second)
        report.units = report.units.map { unit in
            guard case .vehicle(var data) = unit else { return unit }
            data.vehicleState = 1
            return .vehicle(data)
        }
        edit(&report.units)
        message.body = .report(report)
        return message
    }
}
