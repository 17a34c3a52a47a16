import NIOCore

/// One rechargeable energy storage subsystem's voltages (每个可充电储能子系统电压数据), GB/T 32960.3-2016
/// Table B.6. More than 200 cells are split across frames, so each frame carries a start index and a count.
public struct SubsystemCellVoltages: Hashable, Sendable, Codable {
    /// Subsystem number, 1-250.
    public var subsystem: UInt8
    /// Subsystem voltage, 0.1 V.
    public var voltage: UInt16
    /// Subsystem current, 0.1 A with offset 1000 A.
    public var current: UInt16
    /// Total number of cells in the subsystem.
    public var totalCells: UInt16
    /// 1-based index of the first cell in this frame.
    public var startCell: UInt16
    /// Cell voltages in this frame (1-200 of them), 0.001 V.
    public var cellVoltages: WireArray<UInt16>

    /// Creates the record from raw values.
    public init(
        subsystem: UInt8, voltage: UInt16, current: UInt16, totalCells: UInt16, startCell: UInt16,
        cellVoltages: [UInt16]
    ) {
        self.subsystem = subsystem
        self.voltage = voltage
        self.current = current
        self.totalCells = totalCells
        self.startCell = startCell
        self.cellVoltages = WireArray(cellVoltages)
    }

    /// Creates the record from decoded values.
    init(
        subsystem: UInt8, voltage: UInt16, current: UInt16, totalCells: UInt16, startCell: UInt16,
        cellVoltages: WireArray<UInt16>
    ) {
        self.subsystem = subsystem
        self.voltage = voltage
        self.current = current
        self.totalCells = totalCells
        self.startCell = startCell
        self.cellVoltages = cellVoltages
    }

    /// Subsystem voltage in V.
    public var voltageV: Reading { .word(voltage, divisor: 10) }
    /// Subsystem current in A (offset 1000 A, Table B.6).
    public var currentA: Reading { .word(current, offset: 10_000, divisor: 10) }
    /// Cell voltages in V.
    public var cellVoltagesV: [Reading] { cellVoltages.map { .word($0, divisor: 1000) } }
}

/// Rechargeable energy storage voltages (可充电储能装置电压数据), info type 0x08 of the 2016 edition,
/// GB/T 32960.3-2016 Table B.5/B.6.
public struct CellVoltageData: Hashable, Sendable, Codable {
    /// Subsystems in order.
    public var subsystems: UnitRecords<SubsystemCellVoltages>

    /// Creates the unit.
    public init(subsystems: [SubsystemCellVoltages]) { self.subsystems = UnitRecords(subsystems) }

    /// Creates the unit from decoded records.
    init(subsystems: UnitRecords<SubsystemCellVoltages>) { self.subsystems = subsystems }

    /// Reads the body (after the type byte).
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let count = Int(try buffer.readByte("subsystem count"))
        var subsystems = UnitRecords<SubsystemCellVoltages>()
        for _ in 0..<count {
            let recordOffset = buffer.readerIndex
            guard
                let (number, voltage, current, total, start, inFrame) = buffer.readMultipleIntegers(
                    as: (UInt8, UInt16, UInt16, UInt16, UInt16, UInt8).self
                )
            else { throw GBT32960Error(.truncated, at: buffer.readerIndex, "subsystem voltage header needs 10 bytes") }
            if start == 0 {
                try context.deviation(.valueOutOfRange, at: recordOffset + 7, "start cell index 0 (Table B.6: 1-65531)")
            }
            if inFrame == 0 || inFrame > 200 {
                try context.deviation(
                    .valueOutOfRange, at: recordOffset + 9, "\(inFrame) cells in frame (Table B.6: 1-200)")
            }
            let cells = try buffer.readWords(Int(inFrame), "cell voltages")
            subsystems.append(
                SubsystemCellVoltages(
                    subsystem: number, voltage: voltage, current: current, totalCells: total, startCell: start,
                    cellVoltages: cells
                )
            )
        }
        return CellVoltageData(subsystems: subsystems)
    }

    /// Writes the body (after the type byte).
    func encode(into buffer: inout FrameWriter) {
        buffer.writeInteger(UInt8(truncatingIfNeeded: subsystems.count))
        subsystems.forEachRecord { s in
            buffer.writeMultipleIntegers(
                s.subsystem, s.voltage, s.current, s.totalCells, s.startCell,
                UInt8(truncatingIfNeeded: s.cellVoltages.count)
            )
            buffer.writeList(s.cellVoltages)
        }
    }
}
