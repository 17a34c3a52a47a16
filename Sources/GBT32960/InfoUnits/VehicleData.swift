import NIOCore

/// Whole-vehicle data (整车数据), info type 0x01: GB/T 32960.3-2016 Table B.4 (20 bytes, with the pedals) and
/// GB/T 32960.3-2025 Table 10 (18 bytes, no pedals, current offset 3000 A, insulation with sentinels).
public struct VehicleData: Hashable, Sendable, Codable {
    /// The edition whose layout and offsets apply.
    public var edition: Edition
    /// 0x01 started, 0x02 off, 0x03 other; 0xFE/0xFF sentinels.
    public var vehicleState: UInt8
    /// 0x01 parked charging, 0x02 driving charging, 0x03 not charging, 0x04 charge complete.
    public var chargingState: UInt8
    /// 0x01 electric, 0x02 hybrid, 0x03 fuel.
    public var runningMode: UInt8
    /// Raw speed, 0.1 km/h.
    public var speed: UInt16
    /// Raw odometer, 0.1 km.
    public var odometer: UInt32
    /// Raw total voltage, 0.1 V.
    public var totalVoltage: UInt16
    /// Raw total current, 0.1 A with offset 1000 A (2016) or 3000 A (2025).
    public var totalCurrent: UInt16
    /// State of charge, 1 %.
    public var soc: UInt8
    /// DC-DC state: 0x01 working, 0x02 off.
    public var dcdcState: UInt8
    /// Gear byte, Table A.1.
    public var gear: UInt8
    /// Insulation resistance, 1 kΩ.
    public var insulationResistance: UInt16
    /// Accelerator pedal travel, 1 % (2016 only).
    public var acceleratorPedal: UInt8?
    /// Brake pedal, 1 %; 0x65 (101) means "braking, no travel value" (2016 only).
    public var brakePedal: UInt8?

    /// Creates the unit from raw values.
    public init(
        edition: Edition, vehicleState: UInt8, chargingState: UInt8, runningMode: UInt8, speed: UInt16,
        odometer: UInt32, totalVoltage: UInt16, totalCurrent: UInt16, soc: UInt8, dcdcState: UInt8, gear: UInt8,
        insulationResistance: UInt16, acceleratorPedal: UInt8? = nil, brakePedal: UInt8? = nil
    ) {
        self.edition = edition
        self.vehicleState = vehicleState
        self.chargingState = chargingState
        self.runningMode = runningMode
        self.speed = speed
        self.odometer = odometer
        self.totalVoltage = totalVoltage
        self.totalCurrent = totalCurrent
        self.soc = soc
        self.dcdcState = dcdcState
        self.gear = gear
        self.insulationResistance = insulationResistance
        self.acceleratorPedal = acceleratorPedal
        self.brakePedal = brakePedal
    }

    /// Speed in km/h.
    public var speedKmh: Reading { .word(speed, divisor: 10) }
    /// Odometer in km.
    public var odometerKm: Reading { .dword(odometer, divisor: 10) }
    /// Total voltage in V.
    public var totalVoltageV: Reading { .word(totalVoltage, divisor: 10) }
    /// Total current in A (positive = discharge per the offset convention).
    public var totalCurrentA: Reading { .word(totalCurrent, offset: edition == .gb2016 ? 10_000 : 30_000, divisor: 10) }
    /// SOC in %.
    public var socPercent: Reading { .byte(soc) }
    /// Insulation resistance in kΩ; the 2016 edition defines no sentinels for it.
    public var insulationResistanceKOhm: Reading {
        edition == .gb2016 ? .value(Double(insulationResistance)) : .word(insulationResistance)
    }
    /// Accelerator pedal travel in % (2016).
    public var acceleratorPedalPercent: Reading? { acceleratorPedal.map { .byte($0) } }
    /// Brake pedal travel in % (2016); 101 means braking with no travel value.
    public var brakePedalPercent: Reading? { brakePedal.map { .byte($0) } }

    /// Bytes in the body for `edition`.
    public static func size(for edition: Edition) -> Int { edition == .gb2016 ? 20 : 18 }

    /// Reads the body (after the type byte).
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let edition = context.edition
        guard buffer.readableBytes >= size(for: edition) else {
            throw GBT32960Error(.truncated, at: buffer.readerIndex, "vehicle data needs \(size(for: edition)) bytes")
        }
        // Length checked above, so the reads below cannot fail.
        guard
            let (state, charging, mode, speed, odometer, voltage, current, soc, dcdc, gear, insulation) =
                buffer.readMultipleIntegers(
                    as: (UInt8, UInt8, UInt8, UInt16, UInt32, UInt16, UInt16, UInt8, UInt8, UInt8, UInt16).self
                )
        else { throw GBT32960Error(.truncated, at: buffer.readerIndex, "vehicle data") }
        var unit = VehicleData(
            edition: edition, vehicleState: state, chargingState: charging, runningMode: mode, speed: speed,
            odometer: odometer, totalVoltage: voltage, totalCurrent: current, soc: soc, dcdcState: dcdc, gear: gear,
            insulationResistance: insulation
        )
        if edition == .gb2016 {
            unit.acceleratorPedal = try buffer.readByte("accelerator pedal")
            unit.brakePedal = try buffer.readByte("brake pedal")
        }
        return unit
    }

    /// Writes the body (after the type byte).
    func encode(into buffer: inout FrameWriter) {
        buffer.writeMultipleIntegers(
            vehicleState, chargingState, runningMode, speed, odometer, totalVoltage, totalCurrent, soc, dcdcState,
            gear, insulationResistance
        )
        if edition == .gb2016 {
            buffer.writeMultipleIntegers(acceleratorPedal ?? 0xFF, brakePedal ?? 0xFF)
        }
    }
}
