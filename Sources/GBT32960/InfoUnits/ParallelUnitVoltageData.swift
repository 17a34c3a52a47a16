import NIOCore

/// One battery pack's minimum-parallel-unit voltages (每个动力蓄电池包最小并联单元电压数据),
/// GB/T 32960.3-2025 Table 12. There are no per-frame split fields in the 2025 edition.
public struct PackUnitVoltages: Hashable, Sendable, Codable {
    /// Pack number, 1-50.
    public var pack: UInt8
    /// Pack voltage, 0.1 V.
    public var voltage: UInt16
    /// Pack current, 0.1 A with offset 3000 A.
    public var current: UInt16
    /// Unit voltages (count is a WORD on the wire), 0.001 V.
    public var unitVoltages: WireArray<UInt16>

    /// Creates the record from raw values.
    public init(pack: UInt8, voltage: UInt16, current: UInt16, unitVoltages: [UInt16]) {
        self.pack = pack
        self.voltage = voltage
        self.current = current
        self.unitVoltages = WireArray(unitVoltages)
    }

    /// Creates the record from decoded values.
    init(pack: UInt8, voltage: UInt16, current: UInt16, unitVoltages: WireArray<UInt16>) {
        self.pack = pack
        self.voltage = voltage
        self.current = current
        self.unitVoltages = unitVoltages
    }

    /// Pack voltage in V.
    public var voltageV: Reading { .word(voltage, divisor: 10) }
    /// Pack current in A (offset 3000 A, Table 12).
    public var currentA: Reading { .word(current, offset: 30_000, divisor: 10) }
    /// Unit voltages in V.
    public var unitVoltagesV: [Reading] { unitVoltages.map { .word($0, divisor: 1000) } }
}

/// Minimum-parallel-unit voltages of the traction battery (动力蓄电池最小并联单元电压数据), info type 0x07 of the
/// 2025 edition, GB/T 32960.3-2025 Table 11/12.
public struct ParallelUnitVoltageData: Hashable, Sendable, Codable {
    /// Packs in order.
    public var packs: UnitRecords<PackUnitVoltages>

    /// Creates the unit.
    public init(packs: [PackUnitVoltages]) { self.packs = UnitRecords(packs) }

    /// Creates the unit from decoded records.
    init(packs: UnitRecords<PackUnitVoltages>) { self.packs = packs }

    /// Reads the body (after the type byte).
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let count = Int(try buffer.readByte("pack count"))
        var packs = UnitRecords<PackUnitVoltages>()
        for _ in 0..<count {
            guard
                let (pack, voltage, current, units) = buffer.readMultipleIntegers(
                    as: (UInt8, UInt16, UInt16, UInt16).self
                )
            else { throw GBT32960Error(.truncated, at: buffer.readerIndex, "pack voltage header needs 7 bytes") }
            let cells = try buffer.readWords(Int(units), "unit voltages")
            packs.append(PackUnitVoltages(pack: pack, voltage: voltage, current: current, unitVoltages: cells))
        }
        return ParallelUnitVoltageData(packs: packs)
    }

    /// Writes the body (after the type byte).
    func encode(into buffer: inout FrameWriter) {
        buffer.writeInteger(UInt8(truncatingIfNeeded: packs.count))
        packs.forEachRecord { p in
            buffer.writeMultipleIntegers(p.pack, p.voltage, p.current, UInt16(truncatingIfNeeded: p.unitVoltages.count))
            buffer.writeList(p.unitVoltages)
        }
    }
}
