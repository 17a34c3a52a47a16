import NIOCore

/// A general-alarm level entry of the 2025 alarm unit (通用报警故障等级列表), Table 23: the flag bit index of
/// Table 24 and the level the manufacturer assigns.
public struct GeneralAlarmLevel: Hashable, Sendable, Codable {
    /// Bit index in the general alarm flag (Table 24).
    public var flagBit: UInt8
    /// Alarm level.
    public var level: UInt8

    /// Creates an entry.
    public init(flagBit: UInt8, level: UInt8) {
        self.flagBit = flagBit
        self.level = level
    }
}

/// Alarm data (报警数据): info type 0x07 in GB/T 32960.3-2016 (Table 17/18) and 0x06 in GB/T 32960.3-2025
/// (Table 23/24, level 0-4 and the N5 general-alarm level list).
public struct AlarmData: Hashable, Sendable, Codable {
    /// Highest alarm level: 0 none, 1-3 (2025: 4 = thermal event); 0xFE/0xFF sentinels.
    public var maxLevel: UInt8
    /// General alarm flags (通用报警标志), bit 0 = LSB, Table 18 / Table 24.
    public var generalFlags: UInt32
    /// Rechargeable energy storage fault codes (N1).
    public var storageFaults: [UInt32]
    /// Drive motor fault codes (N2).
    public var motorFaults: [UInt32]
    /// Engine fault codes (N3).
    public var engineFaults: [UInt32]
    /// Other fault codes (N4).
    public var otherFaults: [UInt32]
    // `Optional<...>`, not `[...]?`: see `RealtimeReport.signature`.
    /// General-alarm levels (N5), 2025 only.
    public var generalAlarmLevels: Optional<[GeneralAlarmLevel]>

    /// Creates the unit.
    public init(
        maxLevel: UInt8, generalFlags: UInt32, storageFaults: [UInt32] = [], motorFaults: [UInt32] = [],
        engineFaults: [UInt32] = [], otherFaults: [UInt32] = [], generalAlarmLevels: [GeneralAlarmLevel]? = nil
    ) {
        self.maxLevel = maxLevel
        self.generalFlags = generalFlags
        self.storageFaults = storageFaults
        self.motorFaults = motorFaults
        self.engineFaults = engineFaults
        self.otherFaults = otherFaults
        self.generalAlarmLevels = generalAlarmLevels
    }

    /// Names of the general-alarm bits, Table 18 (bits 0-18) and Table 24 (bits 19-27, 2025).
    public static let flagNames: [String] = [
        "temperature_difference", "battery_high_temperature", "storage_over_voltage", "storage_under_voltage",
        "soc_low", "cell_over_voltage", "cell_under_voltage", "soc_high", "soc_jump", "storage_mismatch",
        "cell_consistency_poor", "insulation", "dcdc_temperature", "brake_system", "dcdc_status",
        "motor_controller_temperature", "high_voltage_interlock", "motor_temperature", "storage_over_charge",
        "motor_over_speed", "motor_over_current", "supercapacitor_over_temperature", "supercapacitor_over_voltage",
        "battery_thermal_event", "hydrogen_leak", "hydrogen_system_pressure", "hydrogen_system_temperature",
        "fuel_cell_stack_over_temperature",
    ]

    /// The names of the set general-alarm bits for `edition`; reserved bits appear as `reserved_bit_N`.
    public func setFlagNames(_ edition: Edition) -> [String] {
        let defined = edition == .gb2016 ? 19 : 28
        return (0..<32).compactMap { bit in
            guard generalFlags & (1 << UInt32(bit)) != 0 else { return nil }
            return bit < defined ? Self.flagNames[bit] : "reserved_bit_\(bit)"
        }
    }

    private static func readCodes(
        _ buffer: inout FrameReader,
        _ what: String
    ) throws(GBT32960Error) -> [UInt32] {
        let count = Int(try buffer.readByte("\(what) fault count"))
        guard buffer.readableBytes >= count * 4 else {
            throw GBT32960Error(
                .truncated, at: buffer.readerIndex, "\(count) \(what) fault codes need \(count * 4) bytes")
        }
        // Most frames carry no fault codes: return the shared empty array without touching the allocator.
        if count == 0 { return [] }
        var codes: [UInt32] = []
        codes.reserveCapacity(count)
        for _ in 0..<count {
            // Length checked above.
            codes.append(buffer.readInteger(as: UInt32.self) ?? 0)
        }
        return codes
    }

    /// Reads the body (after the type byte).
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let level = try buffer.readByte("max alarm level")
        let flags = try buffer.readDWord("general alarm flags")
        let storage = try readCodes(&buffer, "storage")
        let motor = try readCodes(&buffer, "motor")
        let engine = try readCodes(&buffer, "engine")
        let other = try readCodes(&buffer, "other")
        // Built once at the end: a unit built first and then given its levels was copied whole on return.
        var generalAlarmLevels: [GeneralAlarmLevel]? = nil
        if context.edition == .gb2025 {
            let count = Int(try buffer.readByte("general alarm count"))
            guard buffer.readableBytes >= count * 2 else {
                throw GBT32960Error(
                    .truncated, at: buffer.readerIndex, "\(count) general alarm levels need \(count * 2) bytes")
            }
            // Reserving room for none still allocates, and most frames have no levels.
            var levels: [GeneralAlarmLevel] = []
            if count > 0 { levels.reserveCapacity(count) }
            for _ in 0..<count {
                let bit = try buffer.readByte("general alarm bit")
                levels.append(GeneralAlarmLevel(flagBit: bit, level: try buffer.readByte("general alarm level")))
            }
            generalAlarmLevels = levels
        }
        return AlarmData(
            maxLevel: level, generalFlags: flags, storageFaults: storage, motorFaults: motor, engineFaults: engine,
            otherFaults: other, generalAlarmLevels: generalAlarmLevels)
    }

    private static func writeCodes(_ codes: [UInt32], into buffer: inout FrameWriter) {
        buffer.writeInteger(UInt8(truncatingIfNeeded: codes.count))
        for code in codes { buffer.writeInteger(code) }
    }

    /// Writes the body (after the type byte) for `edition`.
    func encode(into buffer: inout FrameWriter, edition: Edition) {
        buffer.writeMultipleIntegers(maxLevel, generalFlags)
        // One call per list, not a loop over an array of the lists: that array was allocated on every frame.
        Self.writeCodes(storageFaults, into: &buffer)
        Self.writeCodes(motorFaults, into: &buffer)
        Self.writeCodes(engineFaults, into: &buffer)
        Self.writeCodes(otherFaults, into: &buffer)
        if edition == .gb2025 {
            let levels = generalAlarmLevels ?? []
            buffer.writeInteger(UInt8(truncatingIfNeeded: levels.count))
            for entry in levels { buffer.writeMultipleIntegers(entry.flagBit, entry.level) }
        }
    }
}
