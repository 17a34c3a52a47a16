import NIOCore

/// Extreme values (极值数据), info type 0x06 of the 2016 edition, GB/T 32960.3-2016 Table 16 (14 bytes).
/// The 2025 edition deletes this unit (0x06 is the alarm unit there).
public struct ExtremaData: Hashable, Sendable, Codable {
    /// Subsystem number holding the highest cell voltage.
    public var maxVoltageSubsystem: UInt8
    /// Cell code of the highest cell voltage.
    public var maxVoltageCell: UInt8
    /// Highest cell voltage, 0.001 V.
    public var maxCellVoltage: UInt16
    /// Subsystem number holding the lowest cell voltage.
    public var minVoltageSubsystem: UInt8
    /// Cell code of the lowest cell voltage.
    public var minVoltageCell: UInt8
    /// Lowest cell voltage, 0.001 V.
    public var minCellVoltage: UInt16
    /// Subsystem number holding the highest temperature.
    public var maxTemperatureSubsystem: UInt8
    /// Probe number of the highest temperature.
    public var maxTemperatureProbe: UInt8
    /// Highest temperature, 1 degC with offset 40.
    public var maxTemperature: UInt8
    /// Subsystem number holding the lowest temperature.
    public var minTemperatureSubsystem: UInt8
    /// Probe number of the lowest temperature.
    public var minTemperatureProbe: UInt8
    /// Lowest temperature, 1 degC with offset 40.
    public var minTemperature: UInt8

    /// Creates the unit from raw values.
    public init(
        maxVoltageSubsystem: UInt8, maxVoltageCell: UInt8, maxCellVoltage: UInt16, minVoltageSubsystem: UInt8,
        minVoltageCell: UInt8, minCellVoltage: UInt16, maxTemperatureSubsystem: UInt8, maxTemperatureProbe: UInt8,
        maxTemperature: UInt8, minTemperatureSubsystem: UInt8, minTemperatureProbe: UInt8, minTemperature: UInt8
    ) {
        self.maxVoltageSubsystem = maxVoltageSubsystem
        self.maxVoltageCell = maxVoltageCell
        self.maxCellVoltage = maxCellVoltage
        self.minVoltageSubsystem = minVoltageSubsystem
        self.minVoltageCell = minVoltageCell
        self.minCellVoltage = minCellVoltage
        self.maxTemperatureSubsystem = maxTemperatureSubsystem
        self.maxTemperatureProbe = maxTemperatureProbe
        self.maxTemperature = maxTemperature
        self.minTemperatureSubsystem = minTemperatureSubsystem
        self.minTemperatureProbe = minTemperatureProbe
        self.minTemperature = minTemperature
    }

    /// Highest cell voltage in V.
    public var maxCellVoltageV: Reading { .word(maxCellVoltage, divisor: 1000) }
    /// Lowest cell voltage in V.
    public var minCellVoltageV: Reading { .word(minCellVoltage, divisor: 1000) }
    /// Highest temperature in degC.
    public var maxTemperatureC: Reading { .byte(maxTemperature, offset: 40) }
    /// Lowest temperature in degC.
    public var minTemperatureC: Reading { .byte(minTemperature, offset: 40) }

    /// Reads the body (after the type byte).
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        guard
            let (a, b, c, d, e, f, g, h, i, j, k, l) = buffer.readMultipleIntegers(
                as: (UInt8, UInt8, UInt16, UInt8, UInt8, UInt16, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8).self
            )
        else { throw GBT32960Error(.truncated, at: buffer.readerIndex, "extrema data needs 14 bytes") }
        return ExtremaData(
            maxVoltageSubsystem: a, maxVoltageCell: b, maxCellVoltage: c, minVoltageSubsystem: d, minVoltageCell: e,
            minCellVoltage: f, maxTemperatureSubsystem: g, maxTemperatureProbe: h, maxTemperature: i,
            minTemperatureSubsystem: j, minTemperatureProbe: k, minTemperature: l
        )
    }

    /// Writes the body (after the type byte).
    func encode(into buffer: inout FrameWriter) {
        buffer.writeMultipleIntegers(
            maxVoltageSubsystem, maxVoltageCell, maxCellVoltage, minVoltageSubsystem, minVoltageCell, minCellVoltage,
            maxTemperatureSubsystem, maxTemperatureProbe, maxTemperature, minTemperatureSubsystem, minTemperatureProbe,
            minTemperature
        )
    }
}
