import NIOCore

/// Fuel-cell data (燃料电池数据), info type 0x03 of the 2016 edition, GB/T 32960.3-2016 Table 12 (18 + N bytes).
public struct FuelCellData: Hashable, Sendable, Codable {
    /// Fuel-cell voltage, 0.1 V.
    public var voltage: UInt16
    /// Fuel-cell current, 0.1 A.
    public var current: UInt16
    /// Fuel consumption rate, 0.01 kg/100 km.
    public var consumptionRate: UInt16
    /// Probe temperatures, 1 degC with offset 40.
    public var probeTemperatures: [UInt8]
    /// Hydrogen system maximum temperature, 0.1 degC with offset 40 degC (raw 400).
    public var hydrogenMaxTemperature: UInt16
    /// Probe code of the hydrogen maximum temperature.
    public var hydrogenMaxTemperatureProbe: UInt8
    /// Hydrogen maximum concentration, 1 mg/kg.
    public var hydrogenMaxConcentration: UInt16
    /// Sensor code of the hydrogen maximum concentration.
    public var hydrogenMaxConcentrationSensor: UInt8
    /// Hydrogen maximum pressure, 0.1 MPa.
    public var hydrogenMaxPressure: UInt16
    /// Sensor code of the hydrogen maximum pressure.
    public var hydrogenMaxPressureSensor: UInt8
    /// High-voltage DC/DC state: 0x01 working, 0x02 off.
    public var dcdcState: UInt8
    /// Lenient decoding only: the probe count was written little-endian (frame #58), and is re-encoded so.
    public var probeCountLittleEndian: Bool = false

    /// Creates the unit from raw values.
    public init(
        voltage: UInt16, current: UInt16, consumptionRate: UInt16, probeTemperatures: [UInt8],
        hydrogenMaxTemperature: UInt16, hydrogenMaxTemperatureProbe: UInt8, hydrogenMaxConcentration: UInt16,
        hydrogenMaxConcentrationSensor: UInt8, hydrogenMaxPressure: UInt16, hydrogenMaxPressureSensor: UInt8,
        dcdcState: UInt8
    ) {
        self.voltage = voltage
        self.current = current
        self.consumptionRate = consumptionRate
        self.probeTemperatures = probeTemperatures
        self.hydrogenMaxTemperature = hydrogenMaxTemperature
        self.hydrogenMaxTemperatureProbe = hydrogenMaxTemperatureProbe
        self.hydrogenMaxConcentration = hydrogenMaxConcentration
        self.hydrogenMaxConcentrationSensor = hydrogenMaxConcentrationSensor
        self.hydrogenMaxPressure = hydrogenMaxPressure
        self.hydrogenMaxPressureSensor = hydrogenMaxPressureSensor
        self.dcdcState = dcdcState
    }

    /// Voltage in V.
    public var voltageV: Reading { .word(voltage, divisor: 10) }
    /// Current in A.
    public var currentA: Reading { .word(current, divisor: 10) }
    /// Consumption in kg/100 km.
    public var consumptionRateKgPer100Km: Reading { .word(consumptionRate, divisor: 100) }
    /// Probe temperatures in degC.
    public var probeTemperaturesC: [Reading] { probeTemperatures.map { .byte($0, offset: 40) } }
    /// Hydrogen maximum temperature in degC.
    public var hydrogenMaxTemperatureC: Reading { .word(hydrogenMaxTemperature, offset: 400, divisor: 10) }
    /// Hydrogen maximum concentration in mg/kg.
    public var hydrogenMaxConcentrationMgPerKg: Reading { .word(hydrogenMaxConcentration) }
    /// Hydrogen maximum pressure in MPa.
    public var hydrogenMaxPressureMPa: Reading { .word(hydrogenMaxPressure, divisor: 10) }

    /// Reads the body (after the type byte). In lenient mode a probe count that only fits the data unit when read
    /// little-endian is accepted and tagged `littleEndianCount`.
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let voltage = try buffer.readWord("fuel-cell voltage")
        let current = try buffer.readWord("fuel-cell current")
        let rate = try buffer.readWord("fuel consumption rate")
        let countOffset = buffer.readerIndex
        var count = Int(try buffer.readWord("fuel-cell probe count"))
        var littleEndian = false
        if count + 11 > buffer.readableBytes {
            let swapped = Int(UInt16(count).byteSwapped)
            if swapped + 11 <= buffer.readableBytes {
                try context.deviation(.littleEndianCount, at: countOffset, "fuel-cell probe count is little-endian")
                count = swapped
                littleEndian = true
            }
        }
        let temps = try buffer.readByteArray(count, "fuel-cell probe temperatures")
        guard
            let (h2Temp, h2TempProbe, h2Conc, h2ConcSensor, h2Pressure, h2PressureSensor, dcdc) =
                buffer.readMultipleIntegers(as: (UInt16, UInt8, UInt16, UInt8, UInt16, UInt8, UInt8).self)
        else { throw GBT32960Error(.truncated, at: buffer.readerIndex, "fuel-cell hydrogen fields need 10 bytes") }
        var unit = FuelCellData(
            voltage: voltage, current: current, consumptionRate: rate, probeTemperatures: temps,
            hydrogenMaxTemperature: h2Temp, hydrogenMaxTemperatureProbe: h2TempProbe, hydrogenMaxConcentration: h2Conc,
            hydrogenMaxConcentrationSensor: h2ConcSensor, hydrogenMaxPressure: h2Pressure,
            hydrogenMaxPressureSensor: h2PressureSensor, dcdcState: dcdc
        )
        unit.probeCountLittleEndian = littleEndian
        return unit
    }

    /// Writes the body (after the type byte).
    func encode(into buffer: inout FrameWriter) {
        buffer.writeMultipleIntegers(voltage, current, consumptionRate)
        let count = UInt16(truncatingIfNeeded: probeTemperatures.count)
        buffer.writeInteger(probeCountLittleEndian ? count.byteSwapped : count)
        buffer.writeBytes(probeTemperatures)
        buffer.writeMultipleIntegers(
            hydrogenMaxTemperature, hydrogenMaxTemperatureProbe, hydrogenMaxConcentration,
            hydrogenMaxConcentrationSensor, hydrogenMaxPressure, hydrogenMaxPressureSensor, dcdcState
        )
    }
}
