import NIOCore

/// One information unit of a realtime or reissue report: the type byte and its body.
/// GB/T 32960.3-2016 Table 8 / B.3 and GB/T 32960.3-2025 Table 9.
public enum InfoUnit: Hashable, Sendable, Codable {
    /// 0x01 whole-vehicle data.
    case vehicle(VehicleData)
    /// 0x02 drive motors.
    case driveMotors(DriveMotorData)
    /// 0x03 fuel cell (2016).
    case fuelCell(FuelCellData)
    /// 0x03 fuel-cell engine and hydrogen system (2025).
    case fuelCellSystem(FuelCellSystemData)
    /// 0x04 engine.
    case engine(EngineData)
    /// 0x05 position.
    case position(PositionData)
    /// 0x06 extrema (2016).
    case extrema(ExtremaData)
    /// 0x07 (2016) / 0x06 (2025) alarm.
    case alarm(AlarmData)
    /// 0x08 cell voltages (2016).
    case cellVoltages(CellVoltageData)
    /// 0x07 minimum-parallel-unit voltages (2025).
    case parallelUnitVoltages(ParallelUnitVoltageData)
    /// 0x09 (2016) / 0x08 (2025) probe temperatures.
    case probeTemperatures(ProbeTemperatureData)
    /// 0x30 fuel-cell stacks (2025).
    case fuelCellStacks(FuelCellStackData)
    /// 0x31 supercapacitor (2025).
    case supercapacitor(SupercapacitorData)
    /// 0x32 supercapacitor extrema (2025).
    case supercapacitorExtrema(SupercapacitorExtremaData)
    /// 0x80-0xFE user-defined, verbatim.
    case custom(CustomData)
    /// Lenient decoding only: bytes from an unknown or truncated unit onwards, verbatim (type byte included).
    case unparsed(RawBytes)

    /// The type byte this unit is written with in `edition` (nil for `unparsed`).
    public func typeByte(_ edition: Edition) -> UInt8? {
        switch self {
        case .vehicle: 0x01
        case .driveMotors: 0x02
        case .fuelCell, .fuelCellSystem: 0x03
        case .engine: 0x04
        case .position: 0x05
        case .extrema: 0x06
        case .alarm: edition == .gb2016 ? 0x07 : 0x06
        case .cellVoltages: 0x08
        case .parallelUnitVoltages: 0x07
        case .probeTemperatures: edition == .gb2016 ? 0x09 : 0x08
        case .fuelCellStacks: 0x30
        case .supercapacitor: 0x31
        case .supercapacitorExtrema: 0x32
        case .custom(let c): c.type
        case .unparsed: nil
        }
    }

    /// A stable snake_case name used in JSON output.
    public var name: String {
        switch self {
        case .vehicle: "vehicle"
        case .driveMotors: "drive_motors"
        case .fuelCell: "fuel_cell"
        case .fuelCellSystem: "fuel_cell_system"
        case .engine: "engine"
        case .position: "position"
        case .extrema: "extrema"
        case .alarm: "alarm"
        case .cellVoltages: "cell_voltages"
        case .parallelUnitVoltages: "parallel_unit_voltages"
        case .probeTemperatures: "probe_temperatures"
        case .fuelCellStacks: "fuel_cell_stacks"
        case .supercapacitor: "supercapacitor"
        case .supercapacitorExtrema: "supercapacitor_extrema"
        case .custom: "custom"
        case .unparsed: "unparsed"
        }
    }

    /// Whether `edition` defines a standard (non-custom) info type `type`.
    static func isStandardType(_ type: UInt8, _ edition: Edition) -> Bool {
        switch edition {
        case .gb2016: (0x01...0x09).contains(type)
        case .gb2025: (0x01...0x08).contains(type) || (0x30...0x32).contains(type)
        }
    }

    /// Reads the body of a unit of standard or custom `type` (the type byte already consumed).
    static func decode(
        type: UInt8,
        from buffer: inout FrameReader,
        context: inout DecodingContext
    ) throws(GBT32960Error) -> InfoUnit? {
        switch (context.edition, type) {
        case (_, 0x01): return .vehicle(try .decode(from: &buffer, context: &context))
        case (_, 0x02): return .driveMotors(try .decode(from: &buffer, context: &context))
        case (.gb2016, 0x03): return .fuelCell(try .decode(from: &buffer, context: &context))
        case (.gb2025, 0x03): return .fuelCellSystem(try .decode(from: &buffer, context: &context))
        case (_, 0x04): return .engine(try .decode(from: &buffer, context: &context))
        case (_, 0x05): return .position(try .decode(from: &buffer, context: &context))
        case (.gb2016, 0x06): return .extrema(try .decode(from: &buffer, context: &context))
        case (.gb2016, 0x07), (.gb2025, 0x06): return .alarm(try .decode(from: &buffer, context: &context))
        case (.gb2016, 0x08): return .cellVoltages(try .decode(from: &buffer, context: &context))
        case (.gb2025, 0x07): return .parallelUnitVoltages(try .decode(from: &buffer, context: &context))
        case (.gb2016, 0x09), (.gb2025, 0x08): return .probeTemperatures(try .decode(from: &buffer, context: &context))
        case (.gb2025, 0x30): return .fuelCellStacks(try .decode(from: &buffer, context: &context))
        case (.gb2025, 0x31): return .supercapacitor(try .decode(from: &buffer, context: &context))
        case (.gb2025, 0x32): return .supercapacitorExtrema(try .decode(from: &buffer, context: &context))
        case (_, 0x80...0xFE): return .custom(try CustomData.decode(type: type, from: &buffer))
        default: return nil
        }
    }

    /// Writes the type byte and body for `edition`. Inlined into the report's loop so that units are not copied.
    @inline(__always)
    func encode(into buffer: inout FrameWriter, edition: Edition) {
        if let type = typeByte(edition) { buffer.writeInteger(type) }
        switch self {
        case .vehicle(let u): u.encode(into: &buffer)
        case .driveMotors(let u): u.encode(into: &buffer)
        case .fuelCell(let u): u.encode(into: &buffer)
        case .fuelCellSystem(let u): u.encode(into: &buffer)
        case .engine(let u): u.encode(into: &buffer, edition: edition)
        case .position(let u): u.encode(into: &buffer, edition: edition)
        case .extrema(let u): u.encode(into: &buffer)
        case .alarm(let u): u.encode(into: &buffer, edition: edition)
        case .cellVoltages(let u): u.encode(into: &buffer)
        case .parallelUnitVoltages(let u): u.encode(into: &buffer)
        case .probeTemperatures(let u): u.encode(into: &buffer)
        case .fuelCellStacks(let u): u.encode(into: &buffer)
        case .supercapacitor(let u): u.encode(into: &buffer)
        case .supercapacitorExtrema(let u): u.encode(into: &buffer)
        case .custom(let u): u.encode(into: &buffer)
        case .unparsed(let raw): buffer.writeRaw(raw)
        }
    }
}
