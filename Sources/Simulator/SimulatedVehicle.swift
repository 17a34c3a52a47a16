import Foundation
public import GBT32960
public import Model

/// One simulated NEV: a small physical model whose reports stay consistent (odometer only grows, SOC falls while
/// driving and rises while charging, pack voltage follows SOC, cells and probes scatter around the pack), and the
/// GB/T 32960.3 messages it sends.
///
/// Deterministic for a seed, so a test or a benchmark replays the same fleet.
public struct SimulatedVehicle: Sendable {
    /// What the vehicle is doing.
    public enum Activity: String, Sendable, Hashable {
        case driving, parked, charging
    }

    /// The 17-character VIN.
    public let vin: String
    /// `##` or `$$`.
    public let edition: Edition
    /// Where it is registered and drives.
    public let city: City
    /// Cells in series (96-200).
    public let cellCount: Int
    /// Temperature probes.
    public let probeCount: Int
    /// WGS-84 position.
    public private(set) var position: GeoPoint
    /// km/h.
    public private(set) var speed: Double = 0
    /// km.
    public private(set) var odometer: Double
    /// %.
    public private(set) var soc: Double
    /// What it is doing now.
    public private(set) var activity: Activity = .parked
    /// Seconds left in the current activity.
    private var activityLeft: Double = 0
    private var heading: Double
    private var rng: SplitMix64
    private var loginSerial: UInt16 = 0

    /// A vehicle numbered `index` of a fleet with `seed`.
    public init(index: Int, seed: UInt64, edition: Edition? = nil) {
        var rng = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9)
        self.city = City.allCases[index % City.allCases.count]
        self.edition = edition ?? (rng.next() % 3 == 0 ? .gb2025 : .gb2016)
        self.vin = Self.vin(index: index)
        self.cellCount = 96 + Int(rng.next() % 105)
        self.probeCount = 8 + Int(rng.next() % 41)
        let centre = Self.centres[city] ?? GeoPoint(longitude: 120.1551, latitude: 30.2741)
        self.position = GeoPoint(
            longitude: centre.longitude + rng.unit(-0.08, 0.08), latitude: centre.latitude + rng.unit(-0.06, 0.06))
        self.odometer = rng.unit(500, 120_000)
        self.soc = rng.unit(25, 95)
        self.heading = rng.unit(0, 2 * .pi)
        self.rng = rng
    }

    /// A VIN of the right alphabet and length for fleet member `index` (`LSIM` + 13 digits).
    public static func vin(index: Int) -> String {
        let digits = String(index)
        return "LSIM" + String(repeating: "0", count: max(0, 13 - digits.count)) + digits
    }

    /// Advances the model by `seconds`.
    public mutating func advance(seconds: Double) {
        activityLeft -= seconds
        if activityLeft <= 0 { chooseNextActivity() }
        switch activity {
        case .driving:
            // City traffic: speed wanders between stops, heading drifts.
            speed = min(120, max(0, speed + rng.unit(-8, 8)))
            heading += rng.unit(-0.3, 0.3)
            let km = speed * seconds / 3600
            odometer += km
            soc = max(5, soc - km * 0.18)
            let metresPerDegree = 111_320.0
            position.latitude += km * 1000 * cos(heading) / metresPerDegree
            position.longitude += km * 1000 * sin(heading) / (metresPerDegree * cos(position.latitude * .pi / 180))
        case .parked:
            speed = 0
        case .charging:
            speed = 0
            soc = min(100, soc + seconds * 0.02)
            if soc >= 100 { activityLeft = 0 }
        }
    }

    private mutating func chooseNextActivity() {
        switch activity {
        case .driving:
            activity = soc < 30 ? .charging : .parked
            activityLeft = activity == .charging ? rng.unit(1800, 5400) : rng.unit(300, 7200)
        case .parked, .charging:
            activity = .driving
            speed = rng.unit(10, 40)
            activityLeft = rng.unit(600, 3600)
        }
    }

    // MARK: - Messages

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

    /// A realtime (0x02) or reissue (0x03) report of the current state, collected at `time`.
    public mutating func report(at time: CollectionTime, reissue: Bool = false, alarmLevel: UInt8 = 0) -> Message {
        let cellBase = 3.0 + soc / 100 * 1.15
        let cells = (0..<cellCount).map { _ in UInt16((cellBase + rng.unit(-0.008, 0.008)) * 1000) }
        let packVoltage = UInt16(cells.reduce(0) { $0 + Int($1) } / 100)
        let current = activity == .charging ? -60.0 : speed * 1.2 + 5
        let ambient = 25.0
        let probes = (0..<probeCount).map { _ in UInt8(ambient + 40 + rng.unit(0, 6)) }
        let vehicle = VehicleData(
            edition: edition, vehicleState: activity == .driving ? 1 : 2,
            chargingState: activity == .charging ? 1 : 3, runningMode: 1, speed: UInt16(speed * 10),
            odometer: UInt32(odometer * 10), totalVoltage: packVoltage,
            totalCurrent: UInt16((current + (edition == .gb2016 ? 1000 : 3000)) * 10), soc: UInt8(soc),
            dcdcState: 1, gear: activity == .driving ? 0x0E : 0x00, insulationResistance: 5000,
            acceleratorPedal: edition == .gb2016 ? UInt8(min(100, speed)) : nil,
            brakePedal: edition == .gb2016 ? 0 : nil)
        let wgs = position
        let positionUnit = PositionData(
            status: 0, coordinateSystem: edition == .gb2025 ? 1 : nil,
            longitude: UInt32((wgs.longitude * 1e6).rounded()), latitude: UInt32((wgs.latitude * 1e6).rounded()))
        let maxCell = cells.indices.max { cells[$0] < cells[$1] } ?? 0
        let minCell = cells.indices.min { cells[$0] < cells[$1] } ?? 0
        let motorSpeed = UInt16(Double(edition == .gb2016 ? 20_000 : 32_000) + speed * 80)
        let motor = DriveMotor(
            index: 1, state: activity == .driving ? 1 : 3, controllerTemperature: 85, speed: motorSpeed,
            torque: edition == .gb2016 ? 20_000 + UInt32(speed * 5) : 200_000 + UInt32(speed * 5), temperature: 80,
            controllerInputVoltage: edition == .gb2016 ? packVoltage : nil,
            controllerDCBusCurrent: edition == .gb2016 ? UInt16((current + 1000) * 10) : nil)
        var units: [InfoUnit] = [
            .vehicle(vehicle), .driveMotors(DriveMotorData(edition: edition, motors: [motor])), .position(positionUnit),
        ]
        if edition == .gb2016 {
            units.append(
                .extrema(
                    ExtremaData(
                        maxVoltageSubsystem: 1, maxVoltageCell: UInt8(truncatingIfNeeded: maxCell + 1),
                        maxCellVoltage: cells[maxCell], minVoltageSubsystem: 1,
                        minVoltageCell: UInt8(truncatingIfNeeded: minCell + 1), minCellVoltage: cells[minCell],
                        maxTemperatureSubsystem: 1, maxTemperatureProbe: 1, maxTemperature: probes.max() ?? 65,
                        minTemperatureSubsystem: 1, minTemperatureProbe: 1, minTemperature: probes.min() ?? 65)))
            units.append(.alarm(AlarmData(maxLevel: alarmLevel, generalFlags: alarmLevel > 0 ? 1 : 0)))
            units.append(
                .cellVoltages(
                    CellVoltageData(subsystems: [
                        SubsystemCellVoltages(
                            subsystem: 1, voltage: packVoltage, current: vehicle.totalCurrent,
                            totalCells: UInt16(cellCount), startCell: 1, cellVoltages: cells)
                    ])))
        } else {
            units.append(
                .alarm(
                    AlarmData(
                        maxLevel: alarmLevel, generalFlags: alarmLevel > 0 ? 1 : 0,
                        generalAlarmLevels: alarmLevel > 0 ? [GeneralAlarmLevel(flagBit: 0, level: alarmLevel)] : [])))
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
            body: .report(RealtimeReport(time: time, units: units, signature: signature)))
    }

    /// City centres (WGS-84), where each city's vehicles start.
    static let centres: [City: GeoPoint] = [
        .hangzhou: GeoPoint(longitude: 120.1551, latitude: 30.2741),
        .ningbo: GeoPoint(longitude: 121.5440, latitude: 29.8683),
        .wenzhou: GeoPoint(longitude: 120.6994, latitude: 27.9943),
        .jiaxing: GeoPoint(longitude: 120.7555, latitude: 30.7462),
        .huzhou: GeoPoint(longitude: 120.0868, latitude: 30.8941),
        .shaoxing: GeoPoint(longitude: 120.5802, latitude: 30.0302),
        .jinhua: GeoPoint(longitude: 119.6474, latitude: 29.0791),
        .quzhou: GeoPoint(longitude: 118.8595, latitude: 28.9700),
        .zhoushan: GeoPoint(longitude: 122.2072, latitude: 29.9853),
        .taizhou: GeoPoint(longitude: 121.4208, latitude: 28.6561),
        .lishui: GeoPoint(longitude: 119.9229, latitude: 28.4676),
    ]
}

/// SplitMix64: a small, fast, deterministic generator for simulated fleets and benchmark inputs.
public struct SplitMix64: Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in `low..<high`.
    public mutating func unit(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }
}
