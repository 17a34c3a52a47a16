import NIOCore

/// Supercapacitor data (超级电容器数据), info type 0x31 of the 2025 edition, GB/T 32960.3-2025 Table 25.
public struct SupercapacitorData: Hashable, Sendable, Codable {
    /// Management system number, 1-253.
    public var system: UInt8
    /// Total voltage, 0.1 V.
    public var voltage: UInt16
    /// Total current, 0.1 A with offset 3000 A.
    public var current: UInt16
    /// Cell voltages (count is a WORD), 0.001 V.
    public var cellVoltages: [UInt16]
    /// Probe temperatures (count is a WORD), 1 degC with offset 40.
    public var probeTemperatures: [UInt8]

    /// Creates the unit from raw values.
    public init(system: UInt8, voltage: UInt16, current: UInt16, cellVoltages: [UInt16], probeTemperatures: [UInt8]) {
        self.system = system
        self.voltage = voltage
        self.current = current
        self.cellVoltages = cellVoltages
        self.probeTemperatures = probeTemperatures
    }

    /// Voltage in V.
    public var voltageV: Reading { .word(voltage, divisor: 10) }
    /// Current in A.
    public var currentA: Reading { .word(current, offset: 30_000, divisor: 10) }
    /// Cell voltages in V.
    public var cellVoltagesV: [Reading] { cellVoltages.map { .word($0, divisor: 1000) } }
    /// Probe temperatures in degC.
    public var probeTemperaturesC: [Reading] { probeTemperatures.map { .byte($0, offset: 40) } }

    /// Reads the body (after the type byte).
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        guard
            let (system, voltage, current, cells) = buffer.readMultipleIntegers(
                as: (UInt8, UInt16, UInt16, UInt16).self)
        else { throw GBT32960Error(.truncated, at: buffer.readerIndex, "supercapacitor header needs 7 bytes") }
        let voltages = try buffer.readWordArray(Int(cells), "supercapacitor cell voltages")
        let probes = Int(try buffer.readWord("supercapacitor probe count"))
        let temps = try buffer.readByteArray(probes, "supercapacitor temperatures")
        return SupercapacitorData(
            system: system, voltage: voltage, current: current, cellVoltages: voltages, probeTemperatures: temps
        )
    }

    /// Writes the body (after the type byte).
    func encode(into buffer: inout FrameWriter) {
        buffer.writeMultipleIntegers(system, voltage, current, UInt16(truncatingIfNeeded: cellVoltages.count))
        buffer.writeWords(cellVoltages)
        buffer.writeInteger(UInt16(truncatingIfNeeded: probeTemperatures.count))
        buffer.writeBytes(probeTemperatures)
    }
}
