import GBT32960
import Testing

/// Values that the frames' sources state (`source_says` in frames.json), checked against our decode.
@Suite("Values stated by the frames' sources", .enabled(if: SampleFrames.available, SampleFrames.missingMessage))
struct SourceValueTests {
    func decode(_ id: Int) throws -> Message {
        let sample = try #require(SampleFrames.frame(id))
        return try Message.decode(bytes: sample.bytes, mode: .lenient)
    }

    func report(_ message: Message) throws -> RealtimeReport {
        guard case .report(let report) = message.body else {
            Issue.record("expected a report, got \(message.body.name)")
            throw CancellationError()
        }
        return report
    }

    func approx(_ reading: Reading?, _ expected: Double, tolerance: Double = 1e-9) -> Bool {
        guard let value = reading?.value else { return false }
        return abs(value - expected) <= tolerance
    }

    @Test("#2 2016 production realtime (sunsky74 layer_a expectations)")
    func frame2() throws {
        let message = try decode(2)
        #expect(message.uniqueCode.text == "H3V21AA24RZ016158")
        let r = try report(message)
        #expect(r.time?.iso8601 == "2026-07-07T06:55:04+08:00")
        let v = try #require(r.vehicle)
        #expect(approx(v.speedKmh, 4.8))
        #expect(approx(v.odometerKm, 93266.0))
        #expect(approx(v.totalVoltageV, 341.7))
        #expect(approx(v.totalCurrentA, 2.5))
        #expect(approx(v.socPercent, 50))
        var sawPosition = false
        var sawMotors = false
        var sawCells = false
        var sawProbes = false
        var sawExtrema = false
        for unit in r.units {
            switch unit {
            case .position(let p):
                sawPosition = true
                #expect(approx(p.longitudeDegrees, 114.366778))
                #expect(approx(p.latitudeDegrees, 30.591045))
            case .driveMotors(let d):
                sawMotors = true
                #expect(d.motors.count == 1)
            case .cellVoltages(let c):
                sawCells = true
                #expect(c.subsystems.count == 1)
                #expect(c.subsystems.first?.cellVoltages.count == 104)
                #expect(c.subsystems.first?.totalCells == 104)
                // Table B.6 offset is 1000 A: +2.5 A, equal to the whole-vehicle current. rtm_con 1.0.4 says -1997.5.
                #expect(approx(c.subsystems.first?.currentA, 2.5))
            case .probeTemperatures(let t):
                sawProbes = true
                #expect(t.subsystems.first?.temperatures.count == 8)
            case .extrema(let x):
                sawExtrema = true
                #expect(approx(x.maxCellVoltageV, 3.284, tolerance: 0.005))
                #expect(approx(x.minCellVoltageV, 3.282, tolerance: 0.005))
                #expect(approx(x.maxTemperatureC, 29))
                #expect(approx(x.minTemperatureC, 27))
            default: break
            }
        }
        #expect(sawPosition && sawMotors && sawCells && sawProbes && sawExtrema)
    }

    @Test("#0 2016 production login")
    func frame0() throws {
        let message = try decode(0)
        #expect(message.uniqueCode.text == "H3V21BA29SZ003109")
        guard case .vehicleLogin(let login) = message.body else { throw CancellationError() }
        #expect(GB18030.text(login.iccid) == "89860624400014310964")
        #expect(login.subsystemCount == 1)
        #expect(login.codeLength == 0)
        #expect(login.codes.isEmpty)
    }

    @Test("#3 2025 production realtime: 108 cells, 18 probes, OEM 0xA0/0xA1, SM2 signature")
    func frame3() throws {
        let r = try report(try decode(3))
        var cells = 0
        var probes = 0
        var custom: [UInt8] = []
        for unit in r.units {
            if case .parallelUnitVoltages(let p) = unit { cells = p.packs.first?.unitVoltages.count ?? 0 }
            if case .probeTemperatures(let t) = unit { probes = t.subsystems.first?.temperatures.count ?? 0 }
            if case .custom(let c) = unit { custom.append(c.type) }
        }
        #expect(cells == 108)
        #expect(probes == 18)
        #expect(custom == [0xA0, 0xA1])
        let signature = try #require(r.signature)
        #expect(signature.algorithmName == "sm2")
        #expect(signature.r.count == 32 && signature.s.count == 32)
        #expect(approx(r.vehicle?.socPercent, 49))
    }

    @Test("#4 2025 production reissue: alarm level 3 with SOC-jump flag")
    func frame4() throws {
        let message = try decode(4)
        #expect(message.command == .reissueReport)
        #expect(message.uniqueCode.text == "H3V21BA25SZ007433")
        let r = try report(message)
        var alarm: AlarmData? = nil
        for case .alarm(let a) in r.units { alarm = a }
        let a = try #require(alarm)
        #expect(a.maxLevel == 3)
        #expect(a.setFlagNames(.gb2025).contains("soc_jump"))
        #expect(r.signature?.algorithmName == "sm2")
    }

    @Test("#40 2025 rtm_con README frame: 713.8 V, SOC 75, 2 motors, GCJ-02, 180 cells, RSA-2048")
    func frame40() throws {
        let r = try report(try decode(40))
        #expect(r.time?.iso8601 == "2025-10-28T14:45:47+08:00")
        #expect(approx(r.vehicle?.totalVoltageV, 713.8))
        #expect(approx(r.vehicle?.socPercent, 75))
        for unit in r.units {
            switch unit {
            case .driveMotors(let d): #expect(d.motors.count == 2)
            case .position(let p): #expect(p.coordinateSystem == 2)
            case .parallelUnitVoltages(let p): #expect(p.packs.first?.unitVoltages.count == 180)
            case .probeTemperatures(let t): #expect(t.subsystems.first?.temperatures.count == 48)
            case .alarm(let a): #expect(a.otherFaults == [0x0008_0002, 0x0009_0025, 0x0009_0026])
            default: break
            }
        }
        #expect(r.signature?.algorithmName == "rsa")
        #expect(r.signature?.r.count == 256)
        #expect(r.signature?.s.count == 0)
    }

    @Test("#57 2016 realtime: cells 201-384 of 384, 72 probes, level-2 brake alarm")
    func frame57() throws {
        let message = try decode(57)
        #expect(message.uniqueCode.text == "LZFH25X46RD000171")
        let r = try report(message)
        #expect(r.time?.iso8601 == "2024-05-14T18:18:19+08:00")
        #expect(message.encodedBytes().count - 25 == 533)
        for unit in r.units {
            switch unit {
            case .cellVoltages(let c):
                #expect(c.subsystems.first?.totalCells == 384)
                #expect(c.subsystems.first?.startCell == 201)
                #expect(c.subsystems.first?.cellVoltages.count == 184)
            case .probeTemperatures(let t): #expect(t.subsystems.first?.temperatures.count == 72)
            case .alarm(let a):
                #expect(a.maxLevel == 2)
                #expect(a.setFlagNames(.gb2016).contains("brake_system"))
            default: break
            }
        }
    }

    @Test("#59 platform login with a GB18030 user name (rtm_con cannot decode it)")
    func frame59() throws {
        let message = try decode(59)
        guard case .platformLogin(let login) = message.body else { throw CancellationError() }
        #expect(GB18030.text(login.username) == "威海广泰空港")
        #expect(login.serial == 1)
        #expect(login.encryptionRule == .none)
        #expect(message.issues.isEmpty)
    }

    @Test("#62 NUL-padded VIN, pack -5.1 A, four cells, two probes")
    func frame62() throws {
        let message = try decode(62)
        #expect(message.uniqueCode.text == "OV20260001")
        #expect(message.issues.map(\.code) == [.paddedIdentifier])
        let r = try report(message)
        #expect(r.time?.unixTime == 1_789_619_400)
        for unit in r.units {
            if case .cellVoltages(let c) = unit, let s = c.subsystems.first {
                #expect(approx(s.voltageV, 60.2))
                #expect(approx(s.currentA, -5.1))
                #expect(s.cellVoltagesV.compactMap(\.value) == [3.276, 3.280, 3.265, 3.271])
            }
            if case .probeTemperatures(let t) = unit {
                #expect(t.subsystems.first?.temperaturesC.compactMap(\.value) == [31, 35])
            }
        }
    }

    @Test("#64 platform login yundu3 / yundu123")
    func frame64() throws {
        guard case .platformLogin(let login) = try decode(64).body else { throw CancellationError() }
        #expect(GB18030.text(login.username) == "yundu3")
        #expect(GB18030.text(login.password) == "yundu123")
        #expect(login.time.iso8601 == "2017-01-24T14:59:11+08:00")
        #expect(login.serial == 2)
    }

    @Test("#68 EMQX login: seq 1, ICCID, one code \"C\"")
    func frame68() throws {
        guard case .vehicleLogin(let login) = try decode(68).body else { throw CancellationError() }
        #expect(login.time.iso8601 == "2012-12-29T12:19:20+08:00")
        #expect(login.serial == 1)
        #expect(GB18030.text(login.iccid) == "12345678901234567890")
        #expect(login.subsystemCount == 1 && login.codeLength == 1)
        #expect(login.codes.map { GB18030.text($0) } == ["C"])
    }

    @Test("#69 EMQX vehicle data: 200.0 km/h, 99999.9 km, 500.0 V, 500.0 A, SOC 50")
    func frame69() throws {
        let v = try #require(try report(try decode(69)).vehicle)
        #expect(approx(v.speedKmh, 200.0))
        #expect(approx(v.odometerKm, 99_999.9))
        #expect(approx(v.totalVoltageV, 500.0))
        #expect(approx(v.totalCurrentA, 500.0))
        #expect(approx(v.socPercent, 50))
        #expect(v.gear == 5)
        #expect(v.insulationResistance == 6000)
        #expect(v.acceleratorPedal == 90)
    }

    @Test("#70 EMQX alarm lists and #71 reissued alarm with flags 3")
    func frames70and71() throws {
        for case .alarm(let a) in try report(try decode(70)).units {
            #expect(a.maxLevel == 2 && a.generalFlags == 0)
            #expect(a.storageFaults == [0x7B] && a.motorFaults == [0x7B, 0xDF])
            #expect(a.engineFaults == [0x7B] && a.otherFaults == [0x7D])
        }
        let reissue = try decode(71)
        #expect(reissue.command == .reissueReport)
        for case .alarm(let a) in try report(reissue).units {
            #expect(a.maxLevel == 1)
            #expect(a.setFlagNames(.gb2016) == ["temperature_difference", "battery_high_temperature"])
            #expect(a.storageFaults == [0xC8] && a.motorFaults == [] && a.engineFaults == [0x6F] && a.otherFaults == [])
        }
    }

    @Test("#72 start cell index 0 is tagged, strict rejects it at the byte offset")
    func frame72() throws {
        let message = try decode(72)
        #expect(message.issues.map(\.code) == [.valueOutOfRange])
        let sample = try #require(SampleFrames.frame(72))
        let error = #expect(throws: GBT32960Error.self) { try Message.decode(bytes: sample.bytes, mode: .strict) }
        #expect(error?.code == .valueOutOfRange)
        #expect(error?.offset == 39)
        #expect(error?.frameHex == sample.hex.lowercased())
    }

    @Test("#75 control shutdown and #76 query of parameters 1 and 2")
    func frames75and76() throws {
        guard case .terminalControl(let control) = try decode(75).body else { throw CancellationError() }
        #expect(control.command == .shutdown)
        let query = try decode(76)
        guard case .parameterQuery(let q) = query.body else { throw CancellationError() }
        #expect(q.ids == [1, 2])
        #expect(query.encodedBytes().count - 25 == 9)
    }

    @Test("#77 login with three 2-byte codes; #5 2025 login with one GB/T 34014 pack code")
    func logins() throws {
        guard case .vehicleLogin(let l77) = try decode(77).body else { throw CancellationError() }
        #expect(l77.serial == 7 && l77.time.iso8601 == "2017-02-14T17:05:19+08:00")
        #expect(l77.codes.map { GB18030.text($0) } == ["12", "12", "12"])
        guard case .vehicleLogin(let l5) = try decode(5).body else { throw CancellationError() }
        #expect(l5.packsPerBMS == [1])
        #expect(l5.codes.map { GB18030.text($0) } == ["0RJPEA00HAU0AAF131001955"])
    }

    @Test("#33 activation and #34 activation response (Table B.4 mapping, not rtm_con's)")
    func activation() throws {
        guard case .activation(let a) = try decode(33).body else { throw CancellationError() }
        #expect(a.time.iso8601 == "2025-06-23T15:06:22+08:00")
        #expect(a.vin.text == "HGLH3ACF1PA714408")
        guard case .activationResponse(let r) = try decode(34).body else { throw CancellationError() }
        #expect(r.status == 0x02 && r.statusName == "failure")
        // rtm_con 1.0.4 reads info 0x01 as "ok"; Table B.4 says 0x01 = chip already activated.
        #expect(r.info == 0x01 && r.infoName == "chip_already_activated")
    }

    @Test("#42 AES-encrypted login is carried as ciphertext; BCC is over the ciphertext")
    func encrypted() throws {
        let message = try decode(42)
        #expect(message.encryption == .aes)
        guard case .encrypted(let ciphertext) = message.body else { throw CancellationError() }
        #expect(ciphertext.count == 48)
        #expect(message.encodedHex == SampleFrames.frame(42)?.hex.lowercased())
    }

    @Test("#58 little-endian fuel-cell probe count is accepted leniently and re-encoded as received")
    func frame58() throws {
        let message = try decode(58)
        #expect(message.issues.map(\.code).contains(.littleEndianCount))
        var probes = 0
        for case .fuelCell(let f) in try report(message).units { probes = f.probeTemperatures.count }
        #expect(probes == 48)
        #expect(message.encodedHex == SampleFrames.frame(58)?.hex.lowercased())
    }
}
