import NIOCore

/// One fuel-cell stack (每个燃料电池电堆), GB/T 32960.3-2025 Table 19.
public struct FuelCellStack: Hashable, Sendable, Codable {
    /// Stack number, 1-253.
    public var index: UInt8
    /// Stack voltage, 0.1 V.
    public var voltage: UInt16
    /// Stack current, 0.1 A.
    public var current: UInt16
    /// Hydrogen inlet pressure, 0.1 kPa with offset 100 kPa.
    public var hydrogenInletPressure: UInt16
    /// Air inlet pressure, 0.1 kPa with offset 100 kPa.
    public var airInletPressure: UInt16
    /// Air inlet temperature, 1 degC with offset 40.
    public var airInletTemperature: UInt8
    /// Coolant outlet temperatures (count is a WORD), 1 degC with offset 40.
    public var coolantOutletTemperatures: [UInt8]

    /// Creates the record from raw values.
    public init(
        index: UInt8, voltage: UInt16, current: UInt16, hydrogenInletPressure: UInt16, airInletPressure: UInt16,
        airInletTemperature: UInt8, coolantOutletTemperatures: [UInt8]
    ) {
        self.index = index
        self.voltage = voltage
        self.current = current
        self.hydrogenInletPressure = hydrogenInletPressure
        self.airInletPressure = airInletPressure
        self.airInletTemperature = airInletTemperature
        self.coolantOutletTemperatures = coolantOutletTemperatures
    }

    /// Voltage in V.
    public var voltageV: Reading { .word(voltage, divisor: 10) }
    /// Current in A.
    public var currentA: Reading { .word(current, divisor: 10) }
    /// Hydrogen inlet pressure in kPa.
    public var hydrogenInletPressureKPa: Reading { .word(hydrogenInletPressure, offset: 1000, divisor: 10) }
    /// Air inlet pressure in kPa.
    public var airInletPressureKPa: Reading { .word(airInletPressure, offset: 1000, divisor: 10) }
    /// Air inlet temperature in degC.
    public var airInletTemperatureC: Reading { .byte(airInletTemperature, offset: 40) }
    /// Coolant outlet temperatures in degC.
    public var coolantOutletTemperaturesC: [Reading] { coolantOutletTemperatures.map { .byte($0, offset: 40) } }
}

/// Fuel-cell stack data (燃料电池电堆数据), info type 0x30 of the 2025 edition, GB/T 32960.3-2025 Table 18/19.
public struct FuelCellStackData: Hashable, Sendable, Codable {
    /// Stacks in order.
    public var stacks: [FuelCellStack]

    /// Creates the unit.
    public init(stacks: [FuelCellStack]) { self.stacks = stacks }

    /// Reads the body (after the type byte).
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let count = Int(try buffer.readByte("stack count"))
        var stacks: [FuelCellStack] = []
        stacks.reserveCapacity(min(count, buffer.readableBytes / 12))
        for _ in 0..<count {
            guard
                let (index, voltage, current, h2, air, airTemp, probes) = buffer.readMultipleIntegers(
                    as: (UInt8, UInt16, UInt16, UInt16, UInt16, UInt8, UInt16).self
                )
            else { throw GBT32960Error(.truncated, at: buffer.readerIndex, "fuel-cell stack needs 12 bytes") }
            stacks.append(
                FuelCellStack(
                    index: index, voltage: voltage, current: current, hydrogenInletPressure: h2, airInletPressure: air,
                    airInletTemperature: airTemp,
                    coolantOutletTemperatures: try buffer.readByteArray(Int(probes), "coolant temperatures")
                )
            )
        }
        return FuelCellStackData(stacks: stacks)
    }

    /// Writes the body (after the type byte).
    func encode(into buffer: inout FrameWriter) {
        buffer.writeInteger(UInt8(truncatingIfNeeded: stacks.count))
        for s in stacks {
            buffer.writeMultipleIntegers(
                s.index, s.voltage, s.current, s.hydrogenInletPressure, s.airInletPressure, s.airInletTemperature,
                UInt16(truncatingIfNeeded: s.coolantOutletTemperatures.count)
            )
            buffer.writeBytes(s.coolantOutletTemperatures)
        }
    }
}
