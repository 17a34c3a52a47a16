import NIOCore

/// Fuel-cell engine and on-board hydrogen system data (燃料电池发动机及车载氢系统数据), info type 0x03 of the
/// 2025 edition, GB/T 32960.3-2025 Table 17 (12 bytes).
public struct FuelCellSystemData: Hashable, Sendable, Codable {
    /// Hydrogen system maximum temperature, 1 degC with offset 40 (WORD).
    public var hydrogenMaxTemperature: UInt16
    /// Probe code of the maximum temperature, 1-253.
    public var hydrogenMaxTemperatureProbe: UInt8
    /// Hydrogen maximum concentration, 0.0001 % volume fraction.
    public var hydrogenMaxConcentration: UInt16
    /// Sensor code of the maximum concentration.
    public var hydrogenMaxConcentrationSensor: UInt8
    /// Hydrogen maximum pressure, 0.1 MPa.
    public var hydrogenMaxPressure: UInt16
    /// Sensor code of the maximum pressure.
    public var hydrogenMaxPressureSensor: UInt8
    /// High-voltage DC/DC state: 0x01 working, 0x02 off.
    public var dcdcState: UInt8
    /// Remaining hydrogen, 1 %.
    public var hydrogenRemaining: UInt8
    /// High-voltage DC/DC controller temperature, 1 degC with offset 40.
    public var dcdcControllerTemperature: UInt8

    /// Creates the unit from raw values.
    public init(
        hydrogenMaxTemperature: UInt16, hydrogenMaxTemperatureProbe: UInt8, hydrogenMaxConcentration: UInt16,
        hydrogenMaxConcentrationSensor: UInt8, hydrogenMaxPressure: UInt16, hydrogenMaxPressureSensor: UInt8,
        dcdcState: UInt8, hydrogenRemaining: UInt8, dcdcControllerTemperature: UInt8
    ) {
        self.hydrogenMaxTemperature = hydrogenMaxTemperature
        self.hydrogenMaxTemperatureProbe = hydrogenMaxTemperatureProbe
        self.hydrogenMaxConcentration = hydrogenMaxConcentration
        self.hydrogenMaxConcentrationSensor = hydrogenMaxConcentrationSensor
        self.hydrogenMaxPressure = hydrogenMaxPressure
        self.hydrogenMaxPressureSensor = hydrogenMaxPressureSensor
        self.dcdcState = dcdcState
        self.hydrogenRemaining = hydrogenRemaining
        self.dcdcControllerTemperature = dcdcControllerTemperature
    }

    /// Maximum temperature in degC.
    public var hydrogenMaxTemperatureC: Reading { .word(hydrogenMaxTemperature, offset: 40) }
    /// Maximum concentration in % (volume fraction).
    public var hydrogenMaxConcentrationPercent: Reading { .word(hydrogenMaxConcentration, divisor: 10_000) }
    /// Maximum pressure in MPa.
    public var hydrogenMaxPressureMPa: Reading { .word(hydrogenMaxPressure, divisor: 10) }
    /// Remaining hydrogen in %.
    public var hydrogenRemainingPercent: Reading { .byte(hydrogenRemaining) }
    /// DC/DC controller temperature in degC.
    public var dcdcControllerTemperatureC: Reading { .byte(dcdcControllerTemperature, offset: 40) }

    /// Reads the body (after the type byte).
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        guard
            let (temp, probe, conc, concSensor, pressure, pressureSensor, dcdc, remaining, dcdcTemp) =
                buffer.readMultipleIntegers(
                    as: (UInt16, UInt8, UInt16, UInt8, UInt16, UInt8, UInt8, UInt8, UInt8).self
                )
        else { throw GBT32960Error(.truncated, at: buffer.readerIndex, "fuel-cell system data needs 12 bytes") }
        return FuelCellSystemData(
            hydrogenMaxTemperature: temp, hydrogenMaxTemperatureProbe: probe, hydrogenMaxConcentration: conc,
            hydrogenMaxConcentrationSensor: concSensor, hydrogenMaxPressure: pressure,
            hydrogenMaxPressureSensor: pressureSensor, dcdcState: dcdc, hydrogenRemaining: remaining,
            dcdcControllerTemperature: dcdcTemp
        )
    }

    /// Writes the body (after the type byte).
    func encode(into buffer: inout FrameWriter) {
        buffer.writeMultipleIntegers(
            hydrogenMaxTemperature, hydrogenMaxTemperatureProbe, hydrogenMaxConcentration,
            hydrogenMaxConcentrationSensor, hydrogenMaxPressure, hydrogenMaxPressureSensor, dcdcState,
            hydrogenRemaining, dcdcControllerTemperature
        )
    }
}
