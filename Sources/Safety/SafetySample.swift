public import GBT32960

/// What safety monitoring reads from one realtime (0x02) or reissue (0x03) report: the alarm unit and the values the
/// early-warning rules and data-quality checks look at. Built from the decoded frame, so the same code serves the live
/// stream and a re-run over stored frames.
///
/// Times are microseconds since the Unix epoch (UTC). Sentinels (abnormal/invalid) are nil, never numbers.
public struct SafetySample: Sendable, Hashable {
    public var vin: String
    public var edition: Edition
    public var collectedAt: Int64
    public var receivedAt: Int64
    /// `true` for 0x03 reissued data.
    public var reissue: Bool
    /// The alarm unit, nil when the report has none.
    public var alarm: AlarmReading?
    /// Vehicle state (1 started, 2 off, 3 other), charging state (1 parked charging, 2 driving charging, 3 not
    /// charging, 4 done).
    public var vehicleState: Int?
    public var chargeState: Int?
    public var speedKmh: Double?
    public var odometerKm: Double?
    public var socPercent: Double?
    public var packVoltage: Double?
    public var packCurrent: Double?
    public var insulationKOhm: Double?
    /// Highest and lowest cell (2025: minimum parallel unit) voltage in V, over the cell lists.
    public var maxCellVoltage: Double?
    public var minCellVoltage: Double?
    /// Highest and lowest probe temperature in degC, over the probe lists.
    public var maxTemperature: Double?
    public var minTemperature: Double?
    /// Which required values the vehicle marked abnormal or invalid, by name.
    public var sentinelFields: [String] = []
    /// Info units present.
    public var units: UnitSet = []
    /// Lenient-decoding deviations the codec tagged.
    public var codecIssues: [DataQualityIssue.Code] = []

    /// A sample with the given values; the rest nil.
    public init(
        vin: String, edition: Edition = .gb2016, collectedAt: Int64, receivedAt: Int64? = nil, reissue: Bool = false,
        alarm: AlarmReading? = nil
    ) {
        self.vin = vin
        self.edition = edition
        self.collectedAt = collectedAt
        self.receivedAt = receivedAt ?? collectedAt
        self.reissue = reissue
        self.alarm = alarm
    }

    /// The sample of a realtime or reissue report, or nil for other messages and for reports without a valid
    /// collection time.
    public init?(message: Message, receivedAt: Int64) {
        guard message.command == .realtimeReport || message.command == .reissueReport,
            case .report(let report) = message.body, let seconds = report.time?.unixTime
        else { return nil }
        self.init(
            vin: message.uniqueCode.text, edition: message.edition, collectedAt: seconds * 1_000_000,
            receivedAt: receivedAt, reissue: message.command == .reissueReport)
        codecIssues = message.issues.map(\.code)
        for unit in report.units {
            units.insert(UnitSet(unit))
            switch unit {
            case .vehicle(let v):
                speedKmh = read(v.speedKmh, "speed")
                odometerKm = read(v.odometerKm, "odometer")
                socPercent = read(v.socPercent, "soc")
                packVoltage = read(v.totalVoltageV, "total_voltage")
                packCurrent = read(v.totalCurrentA, "total_current")
                insulationKOhm = v.insulationResistanceKOhm.value
                vehicleState = v.vehicleState >= 0xFE ? nil : Int(v.vehicleState)
                chargeState = v.chargingState >= 0xFE ? nil : Int(v.chargingState)
            case .alarm(let a):
                alarm = AlarmReading(a, edition: message.edition)
            default:
                break
            }
        }
        let cells = report.cellVoltageExtremes
        let probes = report.probeTemperatureExtremes
        maxCellVoltage = cells.max
        minCellVoltage = cells.min
        maxTemperature = probes.max
        minTemperature = probes.min
    }

    private mutating func read(_ reading: Reading, _ field: String) -> Double? {
        if reading.value == nil { sentinelFields.append(field) }
        return reading.value
    }

    /// Whether the vehicle is on (state 1, started).
    public var isOn: Bool { vehicleState == 1 }
    /// Whether the vehicle is charging (state 1 or 2).
    public var isCharging: Bool { chargeState == 1 || chargeState == 2 }
    /// Parked and not charging: the state in which SOC should not fall.
    public var isParked: Bool {
        !isCharging && (vehicleState == 2 || (speedKmh ?? 0) == 0) && (packCurrent ?? 0).magnitude < 5
    }
}

/// The alarm unit of a report, edition differences resolved: which alarms are raised and at what level.
public struct AlarmReading: Sendable, Hashable {
    /// Highest level (0-3, 2025: 4), nil for the sentinel.
    public var maxLevel: Int?
    /// General alarm flags, bit 0 = LSB.
    public var flags: UInt32
    /// The level of each raised flag where the 2025 level list gives it.
    public var flagLevels: [Int: Int]
    /// Fault codes by category.
    public var faults: [AlarmKey]
    /// Each raised alarm with its level (see `raised`), worked out once.
    public let raisedAlarms: [AlarmKey: Int]

    /// Creates a reading.
    public init(maxLevel: Int?, flags: UInt32, flagLevels: [Int: Int] = [:], faults: [AlarmKey] = []) {
        self.maxLevel = maxLevel
        self.flags = flags
        self.flagLevels = flagLevels
        self.faults = faults
        self.raisedAlarms = Self.raised(maxLevel: maxLevel, flags: flags, flagLevels: flagLevels, faults: faults)
    }

    /// The reading of a decoded alarm unit.
    public init(_ unit: AlarmData, edition: Edition) {
        var levels: [Int: Int] = [:]
        for entry in unit.generalAlarmLevels ?? [] where entry.level < 0xFE {
            levels[Int(entry.flagBit)] = Int(entry.level)
        }
        var faults: [AlarmKey] = []
        for (category, codes) in [
            (AlarmKey.Category.storage, unit.storageFaults), (.motor, unit.motorFaults), (.engine, unit.engineFaults),
            (.other, unit.otherFaults),
        ] {
            for code in codes { faults.append(AlarmKey(category, code: code)) }
        }
        self.init(
            maxLevel: unit.maxLevel >= 0xFE ? nil : Int(unit.maxLevel), flags: unit.generalFlags,
            flagLevels: levels, faults: faults)
    }

    /// Each raised alarm with its level: a flag takes its own level from the 2025 list, else the report's highest
    /// level (2016 gives no per-flag level); the thermal event (bit 23) is always level 4; a fault code takes the
    /// report's highest level. Reserved bits (28-31) are ignored.
    public var raised: [AlarmKey: Int] { raisedAlarms }

    private static func raised(maxLevel: Int?, flags: UInt32, flagLevels: [Int: Int], faults: [AlarmKey])
        -> [AlarmKey: Int]
    {
        guard flags != 0 || !faults.isEmpty else { return [:] }
        let frameLevel = max(1, maxLevel ?? 1)
        var result: [AlarmKey: Int] = [:]
        for bit in 0..<AlarmKey.definedFlags where flags & (1 << UInt32(bit)) != 0 {
            result[AlarmKey(flag: bit)] = bit == AlarmKey.thermalEventBit ? 4 : flagLevels[bit] ?? frameLevel
        }
        for key in faults { result[key] = max(result[key] ?? 0, frameLevel) }
        return result
    }

    /// The highest level raised: at least the report's own highest level, 4 with the thermal event.
    public var level: Int {
        max(maxLevel ?? 0, raisedAlarms.values.max() ?? 0)
    }
}

/// A set of info-unit kinds, as bits: checked on every report, so no strings.
public struct UnitSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let vehicle = UnitSet(rawValue: 1 << 0)
    public static let driveMotors = UnitSet(rawValue: 1 << 1)
    public static let position = UnitSet(rawValue: 1 << 2)
    public static let extrema = UnitSet(rawValue: 1 << 3)
    public static let alarm = UnitSet(rawValue: 1 << 4)
    public static let cellVoltages = UnitSet(rawValue: 1 << 5)
    public static let parallelUnitVoltages = UnitSet(rawValue: 1 << 6)
    public static let probeTemperatures = UnitSet(rawValue: 1 << 7)
    public static let other = UnitSet(rawValue: 1 << 31)

    /// The kind of `unit`.
    public init(_ unit: InfoUnit) {
        switch unit {
        case .vehicle: self = .vehicle
        case .driveMotors: self = .driveMotors
        case .position: self = .position
        case .extrema: self = .extrema
        case .alarm: self = .alarm
        case .cellVoltages: self = .cellVoltages
        case .parallelUnitVoltages: self = .parallelUnitVoltages
        case .probeTemperatures: self = .probeTemperatures
        default: self = .other
        }
    }
}
