import NIOCore

/// One subsystem's (2016) or pack's (2025) probe temperatures: GB/T 32960.3-2016 Table B.8,
/// GB/T 32960.3-2025 Table 14.
public struct ProbeTemperatures: Hashable, Sendable, Codable {
    /// Subsystem (2016) or pack (2025) number.
    public var subsystem: UInt8
    /// Temperatures (count is a WORD on the wire), 1 degC with offset 40.
    public var temperatures: WireArray<UInt8>

    /// Creates the record.
    public init(subsystem: UInt8, temperatures: [UInt8]) {
        self.subsystem = subsystem
        self.temperatures = WireArray(temperatures)
    }

    /// Creates the record from decoded values.
    init(subsystem: UInt8, temperatures: WireArray<UInt8>) {
        self.subsystem = subsystem
        self.temperatures = temperatures
    }

    /// Temperatures in degC.
    public var temperaturesC: [Reading] { temperatures.map { .byte($0, offset: 40) } }
}

/// Probe temperatures (可充电储能装置温度数据 / 动力蓄电池温度数据): info type 0x09 in GB/T 32960.3-2016
/// (Table B.7/B.8) and 0x08 in GB/T 32960.3-2025 (Table 13/14); same layout in both.
public struct ProbeTemperatureData: Hashable, Sendable, Codable {
    /// Subsystems or packs in order.
    public var subsystems: UnitRecords<ProbeTemperatures>

    /// Creates the unit.
    public init(subsystems: [ProbeTemperatures]) { self.subsystems = UnitRecords(subsystems) }

    /// Creates the unit from decoded records.
    init(subsystems: UnitRecords<ProbeTemperatures>) { self.subsystems = subsystems }

    /// Reads the body (after the type byte).
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let count = Int(try buffer.readByte("temperature subsystem count"))
        var subsystems = UnitRecords<ProbeTemperatures>()
        for _ in 0..<count {
            let number = try buffer.readByte("subsystem number")
            let probes = Int(try buffer.readWord("probe count"))
            subsystems.append(
                ProbeTemperatures(
                    subsystem: number, temperatures: try buffer.readByteList(probes, "probe temperatures"))
            )
        }
        return ProbeTemperatureData(subsystems: subsystems)
    }

    /// Writes the body (after the type byte).
    func encode(into buffer: inout FrameWriter) {
        buffer.writeInteger(UInt8(truncatingIfNeeded: subsystems.count))
        subsystems.forEachRecord { s in
            buffer.writeMultipleIntegers(s.subsystem, UInt16(truncatingIfNeeded: s.temperatures.count))
            buffer.writeList(s.temperatures)
        }
    }
}
