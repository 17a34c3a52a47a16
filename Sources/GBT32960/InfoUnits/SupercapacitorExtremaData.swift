import NIOCore

/// Supercapacitor extreme values (超级电容器极值数据), info type 0x32 of the 2025 edition,
/// GB/T 32960.3-2025 Table 26 (18 bytes).
public struct SupercapacitorExtremaData: Hashable, Sendable, Codable {
    /// System number of the highest cell voltage.
    public var maxVoltageSystem: UInt8
    /// Cell code of the highest cell voltage.
    public var maxVoltageCell: UInt16
    /// Highest cell voltage, 0.001 V.
    public var maxVoltage: UInt16
    /// System number of the lowest cell voltage.
    public var minVoltageSystem: UInt8
    /// Cell code of the lowest cell voltage.
    public var minVoltageCell: UInt16
    /// Lowest cell voltage, 0.001 V.
    public var minVoltage: UInt16
    /// System number of the highest temperature.
    public var maxTemperatureSystem: UInt8
    /// Probe code of the highest temperature.
    public var maxTemperatureProbe: UInt16
    /// Highest temperature, 1 degC with offset 40.
    public var maxTemperature: UInt8
    /// System number of the lowest temperature.
    public var minTemperatureSystem: UInt8
    /// Probe code of the lowest temperature.
    public var minTemperatureProbe: UInt16
    /// Lowest temperature, 1 degC with offset 40.
    public var minTemperature: UInt8

    /// Creates the unit from raw values.
    public init(
        maxVoltageSystem: UInt8, maxVoltageCell: UInt16, maxVoltage: UInt16, minVoltageSystem: UInt8,
        minVoltageCell: UInt16, minVoltage: UInt16, maxTemperatureSystem: UInt8, maxTemperatureProbe: UInt16,
        maxTemperature: UInt8, minTemperatureSystem: UInt8, minTemperatureProbe: UInt16, minTemperature: UInt8
    ) {
        self.maxVoltageSystem = maxVoltageSystem
        self.maxVoltageCell = maxVoltageCell
        self.maxVoltage = maxVoltage
        self.minVoltageSystem = minVoltageSystem
        self.minVoltageCell = minVoltageCell
        self.minVoltage = minVoltage
        self.maxTemperatureSystem = maxTemperatureSystem
        self.maxTemperatureProbe = maxTemperatureProbe
        self.maxTemperature = maxTemperature
        self.minTemperatureSystem = minTemperatureSystem
        self.minTemperatureProbe = minTemperatureProbe
        self.minTemperature = minTemperature
    }

    /// Highest cell voltage in V.
    public var maxVoltageV: Reading { .word(maxVoltage, divisor: 1000) }
    /// Lowest cell voltage in V.
    public var minVoltageV: Reading { .word(minVoltage, divisor: 1000) }
    /// Highest temperature in degC.
    public var maxTemperatureC: Reading { .byte(maxTemperature, offset: 40) }
    /// Lowest temperature in degC.
    public var minTemperatureC: Reading { .byte(minTemperature, offset: 40) }

    /// Reads the body (after the type byte).
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        guard
            let (a, b, c, d, e, f) = buffer.readMultipleIntegers(
                as: (UInt8, UInt16, UInt16, UInt8, UInt16, UInt16).self),
            let (g, h, i, j, k, l) = buffer.readMultipleIntegers(as: (UInt8, UInt16, UInt8, UInt8, UInt16, UInt8).self)
        else { throw GBT32960Error(.truncated, at: buffer.readerIndex, "supercapacitor extrema need 18 bytes") }
        return SupercapacitorExtremaData(
            maxVoltageSystem: a, maxVoltageCell: b, maxVoltage: c, minVoltageSystem: d, minVoltageCell: e,
            minVoltage: f, maxTemperatureSystem: g, maxTemperatureProbe: h, maxTemperature: i,
            minTemperatureSystem: j, minTemperatureProbe: k, minTemperature: l
        )
    }

    /// Writes the body (after the type byte).
    func encode(into buffer: inout FrameWriter) {
        buffer.writeMultipleIntegers(
            maxVoltageSystem, maxVoltageCell, maxVoltage, minVoltageSystem, minVoltageCell, minVoltage)
        buffer.writeMultipleIntegers(
            maxTemperatureSystem, maxTemperatureProbe, maxTemperature, minTemperatureSystem, minTemperatureProbe,
            minTemperature
        )
    }
}
