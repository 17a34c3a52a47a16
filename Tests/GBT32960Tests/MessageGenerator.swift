import GBT32960

/// Generates conformant messages of every kind in both editions, from a seeded PRNG, for property tests.
struct MessageGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
    mutating func word() -> UInt16 { UInt16(truncatingIfNeeded: next()) }
    mutating func dword() -> UInt32 { UInt32(truncatingIfNeeded: next()) }
    mutating func bytes(_ count: Int) -> RawBytes { RawBytes((0..<count).map { _ in byte() }) }
    mutating func ascii(_ count: Int) -> RawBytes {
        RawBytes((0..<count).map { _ in UInt8(int(0x30...0x5A)) })
    }
    mutating func bool() -> Bool { next() & 1 == 0 }

    mutating func time() -> CollectionTime {
        CollectionTime(
            year: UInt8(int(0...99)), month: UInt8(int(1...12)), day: UInt8(int(1...28)), hour: UInt8(int(0...23)),
            minute: UInt8(int(0...59)), second: UInt8(int(0...59))
        )
    }

    mutating func vin() -> UniqueCode {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPRSTUVWXYZ".utf8)
        return UniqueCode(bytes: (0..<17).map { _ in alphabet[int(0...(alphabet.count - 1))] }) ?? .zero
    }

    mutating func unit(_ type: Int, _ edition: Edition) -> InfoUnit {
        switch (type, edition) {
        case (0, _):
            return .vehicle(
                VehicleData(
                    edition: edition, vehicleState: byte(), chargingState: byte(), runningMode: byte(), speed: word(),
                    odometer: dword(), totalVoltage: word(), totalCurrent: word(), soc: byte(), dcdcState: byte(),
                    gear: byte(), insulationResistance: word(), acceleratorPedal: edition == .gb2016 ? byte() : nil,
                    brakePedal: edition == .gb2016 ? byte() : nil
                )
            )
        case (1, _):
            let motors = (0..<int(0...3)).map { _ in
                DriveMotor(
                    index: byte(), state: byte(), controllerTemperature: byte(), speed: word(),
                    torque: edition == .gb2016 ? UInt32(word()) : dword(), temperature: byte(),
                    controllerInputVoltage: edition == .gb2016 ? word() : nil,
                    controllerDCBusCurrent: edition == .gb2016 ? word() : nil
                )
            }
            return .driveMotors(DriveMotorData(edition: edition, motors: motors))
        case (2, .gb2016):
            var f = FuelCellData(
                voltage: word(), current: word(), consumptionRate: word(), probeTemperatures: bytes(int(0...20)).bytes,
                hydrogenMaxTemperature: word(), hydrogenMaxTemperatureProbe: byte(), hydrogenMaxConcentration: word(),
                hydrogenMaxConcentrationSensor: byte(), hydrogenMaxPressure: word(), hydrogenMaxPressureSensor: byte(),
                dcdcState: byte()
            )
            f.probeCountLittleEndian = false
            return .fuelCell(f)
        case (2, .gb2025):
            return .fuelCellSystem(
                FuelCellSystemData(
                    hydrogenMaxTemperature: word(), hydrogenMaxTemperatureProbe: byte(),
                    hydrogenMaxConcentration: word(),
                    hydrogenMaxConcentrationSensor: byte(), hydrogenMaxPressure: word(),
                    hydrogenMaxPressureSensor: byte(),
                    dcdcState: byte(), hydrogenRemaining: byte(), dcdcControllerTemperature: byte()
                )
            )
        case (3, _):
            return .engine(
                edition == .gb2016
                    ? EngineData(state: byte(), crankshaftSpeed: word(), fuelConsumptionRate: word())
                    : EngineData(crankshaftSpeed: word())
            )
        case (4, _):
            return .position(
                PositionData(
                    status: byte(), coordinateSystem: edition == .gb2025 ? byte() : nil, longitude: dword(),
                    latitude: dword())
            )
        case (5, .gb2016):
            return .extrema(
                ExtremaData(
                    maxVoltageSubsystem: byte(), maxVoltageCell: byte(), maxCellVoltage: word(),
                    minVoltageSubsystem: byte(),
                    minVoltageCell: byte(), minCellVoltage: word(), maxTemperatureSubsystem: byte(),
                    maxTemperatureProbe: byte(), maxTemperature: byte(), minTemperatureSubsystem: byte(),
                    minTemperatureProbe: byte(), minTemperature: byte()
                )
            )
        case (6, _):
            return .alarm(
                AlarmData(
                    maxLevel: byte(), generalFlags: dword(), storageFaults: (0..<int(0...3)).map { _ in dword() },
                    motorFaults: (0..<int(0...3)).map { _ in dword() },
                    engineFaults: (0..<int(0...2)).map { _ in dword() },
                    otherFaults: (0..<int(0...3)).map { _ in dword() },
                    generalAlarmLevels: edition == .gb2025
                        ? (0..<int(0...3)).map { _ in GeneralAlarmLevel(flagBit: byte(), level: byte()) } : nil
                )
            )
        case (7, .gb2016):
            return .cellVoltages(
                CellVoltageData(
                    subsystems: (0..<int(0...2)).map { _ in
                        SubsystemCellVoltages(
                            subsystem: byte(), voltage: word(), current: word(), totalCells: word(),
                            startCell: UInt16(int(1...400)), cellVoltages: (0..<int(1...200)).map { _ in word() }
                        )
                    }
                )
            )
        case (7, .gb2025):
            return .parallelUnitVoltages(
                ParallelUnitVoltageData(
                    packs: (0..<int(0...2)).map { _ in
                        PackUnitVoltages(
                            pack: byte(), voltage: word(), current: word(),
                            unitVoltages: (0..<int(0...250)).map { _ in word() })
                    }
                )
            )
        case (8, _):
            return .probeTemperatures(
                ProbeTemperatureData(
                    subsystems: (0..<int(0...2)).map { _ in
                        ProbeTemperatures(subsystem: byte(), temperatures: bytes(int(0...60)).bytes)
                    })
            )
        case (9, .gb2025):
            return .fuelCellStacks(
                FuelCellStackData(
                    stacks: (0..<int(0...2)).map { _ in
                        FuelCellStack(
                            index: byte(), voltage: word(), current: word(), hydrogenInletPressure: word(),
                            airInletPressure: word(),
                            airInletTemperature: byte(), coolantOutletTemperatures: bytes(int(0...8)).bytes
                        )
                    }
                )
            )
        case (10, .gb2025):
            return .supercapacitor(
                SupercapacitorData(
                    system: byte(), voltage: word(), current: word(),
                    cellVoltages: (0..<int(0...20)).map { _ in word() },
                    probeTemperatures: bytes(int(0...10)).bytes
                )
            )
        case (11, .gb2025):
            return .supercapacitorExtrema(
                SupercapacitorExtremaData(
                    maxVoltageSystem: byte(), maxVoltageCell: word(), maxVoltage: word(), minVoltageSystem: byte(),
                    minVoltageCell: word(), minVoltage: word(), maxTemperatureSystem: byte(),
                    maxTemperatureProbe: word(),
                    maxTemperature: byte(), minTemperatureSystem: byte(), minTemperatureProbe: word(),
                    minTemperature: byte()
                )
            )
        default:
            return .custom(CustomData(type: UInt8(int(0x80...0xFE)), data: bytes(int(0...40))))
        }
    }

    mutating func report(_ edition: Edition) -> RealtimeReport {
        // Distinct standard types in ascending order, plus custom units.
        var units: [InfoUnit] = []
        for type in 0...12 where bool() {
            let unit = unit(type, edition)
            if case .custom = unit, edition == .gb2016 || type == 12 {
                units.append(unit)
            } else if case .custom = unit {
                continue
            } else {
                units.append(unit)
            }
        }
        let signature: VehicleSignature? =
            edition == .gb2025
            ? VehicleSignature(algorithm: UInt8(int(1...3)), r: bytes(int(0...64)), s: bytes(int(0...64))) : nil
        return RealtimeReport(time: time(), units: units, signature: signature)
    }

    mutating func parameterItems(_ edition: Edition, settable: Bool) -> [ParameterItem] {
        var items: [ParameterItem] = []
        for id in UInt8(0x01)...0x10 where bool() {
            if settable && (id == 0x07 || id == 0x08) { continue }
            switch id {
            case 0x04, 0x05:
                if id == 0x05 { continue }
                let domain = ascii(int(0...20))
                items.append(ParameterItem(id: 0x04, value: .byte(UInt8(domain.count))))
                items.append(ParameterItem(id: 0x05, value: .bytes(domain)))
            case 0x0D, 0x0E:
                if id == 0x0E { continue }
                let domain = ascii(int(0...20))
                items.append(ParameterItem(id: 0x0D, value: .byte(UInt8(domain.count))))
                items.append(ParameterItem(id: 0x0E, value: .bytes(domain)))
            case 0x07, 0x08: items.append(ParameterItem(id: id, value: .bytes(ascii(5))))
            default:
                let width = ParameterItem.fixedWidth(of: id, edition) ?? 1
                items.append(ParameterItem(id: id, value: width == 1 ? .byte(byte()) : .word(word())))
            }
        }
        return items
    }

    /// A random conformant message of `kind` (0...15) in `edition`.
    mutating func message(kind: Int, edition: Edition) -> Message {
        let vin = vin()
        func make(_ command: Command, _ body: MessageBody, ack: AckFlag = .command) -> Message {
            Message(edition: edition, command: command, ackFlag: ack, uniqueCode: vin, body: body)
        }
        switch kind {
        case 0:
            if edition == .gb2016 {
                let n = int(0...4)
                let m = int(0...6)
                return make(
                    .vehicleLogin,
                    .vehicleLogin(
                        VehicleLogin(
                            time: time(), serial: word(), iccid: ascii(20), subsystemCount: UInt8(n),
                            codeLength: UInt8(m),
                            codes: m == 0 ? [] : (0..<n).map { _ in ascii(m) }
                        )
                    )
                )
            }
            let packs = (0..<int(0...3)).map { _ in UInt8(int(0...2)) }
            return make(
                .vehicleLogin,
                .vehicleLogin(
                    VehicleLogin(
                        time: time(), serial: word(), iccid: ascii(20), packsPerBMS: packs,
                        packCodes: (0..<packs.reduce(0) { $0 + Int($1) }).map { _ in ascii(24) }
                    )
                )
            )
        case 1: return make(.realtimeReport, .report(report(edition)))
        case 2: return make(.reissueReport, .report(report(edition)))
        case 3: return make(.vehicleLogout, .vehicleLogout(VehicleLogout(time: time(), serial: word())))
        case 4:
            return make(
                .platformLogin,
                .platformLogin(
                    PlatformLogin(
                        time: time(), serial: word(), username: ascii(12), password: ascii(20),
                        encryptionRule: EncryptionMethod(rawValue: UInt8(int(1...3)))
                    )
                )
            )
        case 5: return make(.platformLogout, .platformLogout(PlatformLogout(time: time(), serial: word())))
        case 6: return make(.heartbeat, .empty)
        case 7: return make(.timeSync, .empty)
        case 8:
            return make(
                .parameterQuery,
                .parameterQuery(ParameterQuery(time: time(), ids: (0..<int(0...16)).map { _ in UInt8(int(1...16)) })))
        case 9:
            return make(
                .parameterSetting,
                .parameters(ParameterList(time: time(), items: parameterItems(edition, settable: true))))
        case 10:
            return make(
                .parameterQuery,
                .parameters(ParameterList(time: time(), items: parameterItems(edition, settable: false))), ack: .success
            )
        case 11:
            let commands: [TerminalControl.ControlCommand] = [
                .remoteUpgrade(
                    RemoteUpgrade(
                        fields: RemoteUpgrade.Fields(
                            url: ascii(int(0...30)), apn: ascii(int(0...8)), user: ascii(int(0...8)),
                            password: ascii(int(0...8)),
                            address: RawBytes([0, 0, 10, 0, 0, 1]), port: 21, manufacturer: ascii(4),
                            hardwareVersion: ascii(5),
                            firmwareVersion: ascii(5), timeLimitMinutes: word()
                        )
                    )
                ),
                .shutdown, .reset, .factoryReset, .disconnectLink,
                .alarm(level: UInt8(int(0...3)), info: ascii(int(0...10))),
                .openSamplingLink, .other(id: UInt8(int(0x80...0xFE)), parameters: bytes(int(0...10))),
            ]
            return make(
                .terminalControl, .terminalControl(TerminalControl(time: time(), command: commands[int(0...7)])))
        case 12:
            return make(
                Command(rawValue: UInt8(int(1...8))), .timeOnlyReply(time()), ack: AckFlag(rawValue: UInt8(int(1...3))))
        case 13:
            if edition == .gb2016 {
                return make(.vehicleLogin, .encrypted(bytes(int(16...64))), ack: .command).withEncryption(.aes)
            }
            return make(
                .activation,
                .activation(
                    Activation(
                        time: time(), chipID: ascii(16), publicKey: bytes(int(0...64)), vin: vin,
                        signature: VehicleSignature(algorithm: 1, r: bytes(32), s: bytes(32))
                    )
                )
            )
        case 14:
            if edition == .gb2016 {
                return make(Command(rawValue: UInt8(int(0xC0...0xFE))), .opaque(bytes(int(0...30))))
            }
            return make(
                .activationResponse,
                .activationResponse(ActivationResponse(status: UInt8(int(1...2)), info: UInt8(int(0...2)))))
        default:
            if edition == .gb2016 { return make(.realtimeReport, .encrypted(bytes(int(16...64)))).withEncryption(.rsa) }
            return make(
                .keyExchange,
                .keyExchange(
                    KeyExchange(
                        keyType: EncryptionMethod(rawValue: UInt8(int(2...5))), key: bytes(int(0...64)),
                        startTime: time(),
                        expiryTime: time()
                    )
                )
            )
        }
    }

    /// One message of every kind in both editions.
    static func fixedSamples() -> [Message] {
        var generator = MessageGenerator(seed: 7)
        return Edition.allCases.flatMap { edition in (0...15).map { generator.message(kind: $0, edition: edition) } }
    }
}

extension Message {
    func withEncryption(_ method: EncryptionMethod) -> Message {
        var copy = self
        copy.encryption = method
        return copy
    }
}
