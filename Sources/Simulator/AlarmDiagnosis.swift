public import GBT32960

/// The general alarms (GB/T 32960.3-2016 Table 18, -2025 Table 24) a simulated BMS raises from its readings.
/// The standard leaves thresholds and levels to the manufacturer; these are plausible ones, chosen so that a
/// healthy pack never trips them and each `BatteryCondition` trips its own.
public struct AlarmDiagnosis: Sendable, Hashable {
    /// Flag bit and level of each alarm raised, by bit.
    public private(set) var alarms: [GeneralAlarmLevel] = []

    /// Bits of the general alarm flag this BMS uses (both editions, except the 2025-only thermal event).
    public enum Bit {
        public static let temperatureDifference: UInt8 = 0
        public static let highTemperature: UInt8 = 1
        public static let socLow: UInt8 = 4
        public static let cellUnderVoltage: UInt8 = 6
        public static let cellConsistency: UInt8 = 10
        public static let insulation: UInt8 = 11
        /// 2025 only, always level 4 (GB 38031 thermal event).
        public static let thermalEvent: UInt8 = 23
    }

    /// Diagnoses `readings` at `soc` % for a vehicle of `edition`.
    public init(_ readings: BatteryReadings, soc: Double, edition: Edition) {
        let temperatures = readings.temperatureRange
        let spread = temperatures.max - temperatures.min
        raise(Bit.temperatureDifference, spread >= 15 ? 2 : spread >= 10 ? 1 : 0)
        raise(Bit.highTemperature, temperatures.max >= 65 ? 3 : temperatures.max >= 55 ? 2 : 0)
        raise(Bit.socLow, soc < 10 ? 1 : 0)
        let cells = readings.cellRange
        raise(Bit.cellUnderVoltage, cells.min < 2.8 ? 2 : 0)
        raise(Bit.cellConsistency, cells.max - cells.min >= 0.2 ? 1 : 0)
        let volts = Double(readings.packVoltage) / 10
        let ohmPerVolt = volts > 0 ? Double(readings.insulation) * 1000 / volts : .infinity
        raise(Bit.insulation, ohmPerVolt < 100 ? 2 : ohmPerVolt < 500 ? 1 : 0)
        if edition == .gb2025, temperatures.max >= 90 { raise(Bit.thermalEvent, 4) }
    }

    private mutating func raise(_ bit: UInt8, _ level: UInt8) {
        if level > 0 { alarms.append(GeneralAlarmLevel(flagBit: bit, level: level)) }
    }

    /// The general alarm flag (bit 0 = LSB).
    public var flags: UInt32 { alarms.reduce(0) { $0 | 1 << UInt32($1.flagBit) } }

    /// The highest level raised, 0 if none.
    public var maxLevel: UInt8 { alarms.map(\.level).max() ?? 0 }

    /// The alarm unit of a report: 2016 carries the highest level and the flags, 2025 each flag's level too.
    public func alarmData(_ edition: Edition) -> AlarmData {
        AlarmData(
            maxLevel: maxLevel, generalFlags: flags, generalAlarmLevels: edition == .gb2025 ? alarms : nil)
    }
}
