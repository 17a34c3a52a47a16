import NIOCore

/// Engine data (发动机数据), info type 0x04: GB/T 32960.3-2016 Table 13 (state, crankshaft speed, fuel
/// consumption rate; 5 bytes) and GB/T 32960.3-2025 Table 20 (crankshaft speed only; 2 bytes).
public struct EngineData: Hashable, Sendable, Codable {
    /// Engine state: 0x01 running, 0x02 off (2016 only).
    public var state: UInt8?
    /// Crankshaft speed, 1 r/min.
    public var crankshaftSpeed: UInt16
    /// Fuel consumption rate, 0.01 L/100 km (2016 only).
    public var fuelConsumptionRate: UInt16?

    /// Creates the unit from raw values.
    public init(state: UInt8? = nil, crankshaftSpeed: UInt16, fuelConsumptionRate: UInt16? = nil) {
        self.state = state
        self.crankshaftSpeed = crankshaftSpeed
        self.fuelConsumptionRate = fuelConsumptionRate
    }

    /// Crankshaft speed in r/min.
    public var crankshaftSpeedRpm: Reading { .word(crankshaftSpeed) }
    /// Fuel consumption in L/100 km (2016).
    public var fuelConsumptionLPer100Km: Reading? { fuelConsumptionRate.map { .word($0, divisor: 100) } }

    /// Reads the body (after the type byte).
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        if context.edition == .gb2016 {
            guard let (state, speed, rate) = buffer.readMultipleIntegers(as: (UInt8, UInt16, UInt16).self) else {
                throw GBT32960Error(.truncated, at: buffer.readerIndex, "engine data needs 5 bytes")
            }
            return EngineData(state: state, crankshaftSpeed: speed, fuelConsumptionRate: rate)
        }
        return EngineData(crankshaftSpeed: try buffer.readWord("crankshaft speed"))
    }

    /// Writes the body (after the type byte) for `edition`.
    func encode(into buffer: inout FrameWriter, edition: Edition) {
        if edition == .gb2016 {
            buffer.writeMultipleIntegers(state ?? 0xFF, crankshaftSpeed, fuelConsumptionRate ?? 0xFFFF)
        } else {
            buffer.writeInteger(crankshaftSpeed)
        }
    }
}
