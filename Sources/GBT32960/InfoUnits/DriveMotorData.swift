import NIOCore

/// One drive motor (每个驱动电机数据): GB/T 32960.3-2016 Table 11 (12 bytes) and 2025 Table 16 (10 bytes:
/// speed offset 32000 r/min, torque DWORD, no controller voltage/current).
public struct DriveMotor: Hashable, Sendable, Codable {
    /// Motor sequence number, 1-253.
    public var index: UInt8
    /// 0x01 consuming, 0x02 generating, 0x03 off, 0x04 ready.
    public var state: UInt8
    /// Controller temperature, 1 degC with offset 40.
    public var controllerTemperature: UInt8
    /// Raw speed, 1 r/min with offset 20000 (2016) or 32000 (2025).
    public var speed: UInt16
    /// Raw torque, 0.1 N·m with offset 2000 N·m (2016 WORD raw 20000) or 20000 N·m (2025 DWORD raw 200000).
    public var torque: UInt32
    /// Motor temperature, 1 degC with offset 40.
    public var temperature: UInt8
    /// Controller input voltage, 0.1 V (2016 only).
    public var controllerInputVoltage: UInt16?
    /// Controller DC bus current, 0.1 A with offset 1000 A (2016 only).
    public var controllerDCBusCurrent: UInt16?

    /// Creates a motor record from raw values.
    public init(
        index: UInt8, state: UInt8, controllerTemperature: UInt8, speed: UInt16, torque: UInt32, temperature: UInt8,
        controllerInputVoltage: UInt16? = nil, controllerDCBusCurrent: UInt16? = nil
    ) {
        self.index = index
        self.state = state
        self.controllerTemperature = controllerTemperature
        self.speed = speed
        self.torque = torque
        self.temperature = temperature
        self.controllerInputVoltage = controllerInputVoltage
        self.controllerDCBusCurrent = controllerDCBusCurrent
    }

    /// Controller temperature in degC.
    public var controllerTemperatureC: Reading { .byte(controllerTemperature, offset: 40) }
    /// Motor temperature in degC.
    public var temperatureC: Reading { .byte(temperature, offset: 40) }
    /// Speed in r/min for `edition`.
    public func speedRpm(_ edition: Edition) -> Reading { .word(speed, offset: edition == .gb2016 ? 20_000 : 32_000) }
    /// Torque in N·m for `edition`.
    public func torqueNm(_ edition: Edition) -> Reading {
        edition == .gb2016
            ? .word(UInt16(truncatingIfNeeded: torque), offset: 20_000, divisor: 10)
            : .dword(torque, offset: 200_000, divisor: 10)
    }
    /// Controller input voltage in V (2016).
    public var controllerInputVoltageV: Reading? { controllerInputVoltage.map { .word($0, divisor: 10) } }
    /// Controller DC bus current in A (2016).
    public var controllerDCBusCurrentA: Reading? {
        controllerDCBusCurrent.map { .word($0, offset: 10_000, divisor: 10) }
    }
}

/// Drive motor data (驱动电机数据), info type 0x02: count BYTE, then the motors; 2016 Table 10, 2025 Table 15.
public struct DriveMotorData: Hashable, Sendable, Codable {
    /// The edition whose layout and offsets apply.
    public var edition: Edition
    /// The motors, in order.
    public var motors: UnitRecords<DriveMotor>

    /// Creates the unit.
    public init(edition: Edition, motors: [DriveMotor]) {
        self.edition = edition
        self.motors = UnitRecords(motors)
    }

    /// Creates the unit from decoded records.
    init(edition: Edition, motors: UnitRecords<DriveMotor>) {
        self.edition = edition
        self.motors = motors
    }

    /// Reads the body (after the type byte).
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let countOffset = buffer.readerIndex
        let count = Int(try buffer.readByte("motor count"))
        let edition = context.edition
        let recordSize = edition == .gb2016 ? 12 : 10
        guard buffer.readableBytes >= count * recordSize else {
            throw GBT32960Error(.truncated, at: countOffset, "\(count) drive motors need \(count * recordSize) bytes")
        }
        var motors = UnitRecords<DriveMotor>()
        for _ in 0..<count {
            if edition == .gb2016 {
                guard
                    let (index, state, ctrlTemp, speed, torque, temp, voltage, current) = buffer.readMultipleIntegers(
                        as: (UInt8, UInt8, UInt8, UInt16, UInt16, UInt8, UInt16, UInt16).self
                    )
                else { throw GBT32960Error(.truncated, at: buffer.readerIndex, "drive motor") }
                motors.append(
                    DriveMotor(
                        index: index, state: state, controllerTemperature: ctrlTemp, speed: speed,
                        torque: UInt32(torque), temperature: temp, controllerInputVoltage: voltage,
                        controllerDCBusCurrent: current
                    )
                )
            } else {
                guard
                    let (index, state, ctrlTemp, speed, torque, temp) = buffer.readMultipleIntegers(
                        as: (UInt8, UInt8, UInt8, UInt16, UInt32, UInt8).self
                    )
                else { throw GBT32960Error(.truncated, at: buffer.readerIndex, "drive motor") }
                motors.append(
                    DriveMotor(
                        index: index, state: state, controllerTemperature: ctrlTemp, speed: speed, torque: torque,
                        temperature: temp
                    )
                )
            }
        }
        return DriveMotorData(edition: edition, motors: motors)
    }

    /// Writes the body (after the type byte).
    func encode(into buffer: inout FrameWriter) {
        buffer.writeInteger(UInt8(truncatingIfNeeded: motors.count))
        motors.forEachRecord { motor in
            if edition == .gb2016 {
                buffer.writeMultipleIntegers(
                    motor.index, motor.state, motor.controllerTemperature, motor.speed,
                    UInt16(truncatingIfNeeded: motor.torque), motor.temperature, motor.controllerInputVoltage ?? 0xFFFF,
                    motor.controllerDCBusCurrent ?? 0xFFFF
                )
            } else {
                buffer.writeMultipleIntegers(
                    motor.index, motor.state, motor.controllerTemperature, motor.speed, motor.torque, motor.temperature
                )
            }
        }
    }
}
