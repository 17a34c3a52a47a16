public import GBT32960
import Model

extension SimulatedVehicle {
    private var code: UniqueCode { UniqueCode(paddingWithNUL: vin) ?? .zero }

    /// 0x01 vehicle login (the login serial grows per login, as the standard asks).
    public mutating func login(at time: CollectionTime) -> Message {
        loginSerial = loginSerial % 65_531 + 1
        let iccid = RawBytes(ascii: "8986" + String(vin.suffix(16)))
        let body =
            edition == .gb2016
            ? VehicleLogin(time: time, serial: loginSerial, iccid: iccid, subsystemCount: 1, codeLength: 0, codes: [])
            : VehicleLogin(
                time: time, serial: loginSerial, iccid: iccid, packsPerBMS: [1],
                packCodes: [RawBytes(ascii: "0SIM" + String(vin.suffix(13)) + "0000000")])
        return Message(edition: edition, command: .vehicleLogin, uniqueCode: code, body: .vehicleLogin(body))
    }

    /// 0x04 vehicle logout with the serial of the last login.
    public func logout(at time: CollectionTime) -> Message {
        Message(
            edition: edition, command: .vehicleLogout, uniqueCode: code,
            body: .vehicleLogout(VehicleLogout(time: time, serial: loginSerial)))
    }

    /// 0x07 heartbeat.
    public func heartbeat() -> Message {
        Message(edition: edition, command: .heartbeat, uniqueCode: code, body: .empty)
    }

    /// A realtime (0x02) or reissue (0x03) report of `snapshot`, collected at its second, with the alarms its
    /// readings raise.
    public func report(_ snapshot: VehicleSnapshot, reissue: Bool = false) -> Message {
        let readings = self.readings(snapshot)
        let cells = readings.cells
        let probes = readings.probes
        let packVoltage = readings.packVoltage
        let driving = snapshot.activity == .driving
        let speed = snapshot.speed
        let current = snapshot.activity == .charging ? -60.0 : speed * 1.2 + 5
        let vehicle = VehicleData(
            edition: edition, vehicleState: driving ? 1 : 2,
            chargingState: snapshot.activity == .charging ? 1 : 3, runningMode: 1, speed: UInt16(speed * 10),
            odometer: UInt32(snapshot.odometer * 10), totalVoltage: packVoltage,
            totalCurrent: UInt16((current + (edition == .gb2016 ? 1000 : 3000)) * 10), soc: UInt8(snapshot.soc),
            dcdcState: 1, gear: driving ? 0x0E : 0x00, insulationResistance: readings.insulation,
            acceleratorPedal: edition == .gb2016 ? UInt8(min(100, speed)) : nil,
            brakePedal: edition == .gb2016 ? 0 : nil)
        let wgs = snapshot.position
        let positionUnit = PositionData(
            status: 0, coordinateSystem: edition == .gb2025 ? 1 : nil,
            longitude: UInt32((wgs.longitude * 1e6).rounded()), latitude: UInt32((wgs.latitude * 1e6).rounded()))
        let motorSpeed = UInt16(Double(edition == .gb2016 ? 20_000 : 32_000) + speed * 80)
        let motor = DriveMotor(
            index: 1, state: driving ? 1 : 3, controllerTemperature: 85, speed: motorSpeed,
            torque: edition == .gb2016 ? 20_000 + UInt32(speed * 5) : 200_000 + UInt32(speed * 5), temperature: 80,
            controllerInputVoltage: edition == .gb2016 ? packVoltage : nil,
            controllerDCBusCurrent: edition == .gb2016 ? UInt16((current + 1000) * 10) : nil)
        var units: [InfoUnit] = [
            .vehicle(vehicle), .driveMotors(DriveMotorData(edition: edition, motors: [motor])), .position(positionUnit),
        ]
        let alarm = AlarmDiagnosis(readings, soc: snapshot.soc, edition: edition).alarmData(edition)
        if edition == .gb2016 {
            units.append(.extrema(Self.extrema(cells: cells, probes: probes)))
            units.append(.alarm(alarm))
            units.append(
                .cellVoltages(
                    CellVoltageData(subsystems: [
                        SubsystemCellVoltages(
                            subsystem: 1, voltage: packVoltage, current: vehicle.totalCurrent,
                            totalCells: UInt16(cellCount), startCell: 1, cellVoltages: cells)
                    ])))
        } else {
            units.append(.alarm(alarm))
            units.append(
                .parallelUnitVoltages(
                    ParallelUnitVoltageData(packs: [
                        PackUnitVoltages(
                            pack: 1, voltage: packVoltage, current: vehicle.totalCurrent, unitVoltages: cells)
                    ])))
        }
        units.append(
            .probeTemperatures(
                ProbeTemperatureData(subsystems: [ProbeTemperatures(subsystem: 1, temperatures: probes)])))
        let signature =
            edition == .gb2025
            ? VehicleSignature(
                algorithm: 1, r: RawBytes(Array(repeating: 0x5A, count: 32)),
                s: RawBytes(Array(repeating: 0xA5, count: 32)))
            : nil
        return Message(
            edition: edition, command: reissue ? .reissueReport : .realtimeReport, uniqueCode: code,
            body: .report(
                RealtimeReport(time: CollectionTime(beijingTimeOf: snapshot.time), units: units, signature: signature)))
    }

    /// The 2016 extrema unit (Table 15) naming the real highest and lowest cell and probe.
    private static func extrema(cells: [UInt16], probes: [UInt8]) -> ExtremaData {
        let maxCell = cells.indices.max { cells[$0] < cells[$1] } ?? 0
        let minCell = cells.indices.min { cells[$0] < cells[$1] } ?? 0
        let maxProbe = probes.indices.max { probes[$0] < probes[$1] } ?? 0
        let minProbe = probes.indices.min { probes[$0] < probes[$1] } ?? 0
        return ExtremaData(
            maxVoltageSubsystem: 1, maxVoltageCell: UInt8(truncatingIfNeeded: maxCell + 1),
            maxCellVoltage: cells.isEmpty ? 0 : cells[maxCell], minVoltageSubsystem: 1,
            minVoltageCell: UInt8(truncatingIfNeeded: minCell + 1), minCellVoltage: cells.isEmpty ? 0 : cells[minCell],
            maxTemperatureSubsystem: 1, maxTemperatureProbe: UInt8(truncatingIfNeeded: maxProbe + 1),
            maxTemperature: probes.isEmpty ? 65 : probes[maxProbe], minTemperatureSubsystem: 1,
            minTemperatureProbe: UInt8(truncatingIfNeeded: minProbe + 1),
            minTemperature: probes.isEmpty ? 65 : probes[minProbe])
    }
}
