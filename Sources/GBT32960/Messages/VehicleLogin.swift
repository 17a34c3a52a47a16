import NIOCore

/// Vehicle login (车辆登入), command 0x01.
///
/// GB/T 32960.3-2016 Table 6: time, login serial, ICCID (20), subsystem count n, code length m, n×m code bytes.
/// GB/T 32960.3-2025 Table 6: time, login serial, ICCID (20), BMS count n, BYTE[n] packs per BMS, and
/// Σ packs × 24-byte GB/T 34014 pack codes.
public struct VehicleLogin: Hashable, Sendable, Codable {
    /// Collection time.
    public var time: CollectionTime
    /// Login serial number, 1-65531, daily cycle.
    public var serial: UInt16
    /// SIM card ICCID, 20 bytes.
    public var iccid: RawBytes
    /// 2016: number of rechargeable energy storage subsystems (n, 0-250).
    public var subsystemCount: UInt8?
    /// 2016: length of each system code (m, 0-50; 0 = codes not sent).
    public var codeLength: UInt8?
    /// 2025: packs per battery management system (BMS count n = `packsPerBMS.count`, 0-20).
    public var packsPerBMS: [UInt8]?
    /// The energy storage system codes (2016, m bytes each) or GB/T 34014 pack codes (2025, 24 bytes each).
    public var codes: [RawBytes]

    /// A 2016 login.
    public init(
        time: CollectionTime, serial: UInt16, iccid: RawBytes, subsystemCount: UInt8, codeLength: UInt8,
        codes: [RawBytes]
    ) {
        self.time = time
        self.serial = serial
        self.iccid = iccid
        self.subsystemCount = subsystemCount
        self.codeLength = codeLength
        self.codes = codes
    }

    /// A 2025 login.
    public init(time: CollectionTime, serial: UInt16, iccid: RawBytes, packsPerBMS: [UInt8], packCodes: [RawBytes]) {
        self.time = time
        self.serial = serial
        self.iccid = iccid
        self.packsPerBMS = packsPerBMS
        self.codes = packCodes
    }

    /// Reads the data unit.
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let timeOffset = buffer.readerIndex
        let time = try CollectionTime.decode(from: &buffer)
        try context.check(time, at: timeOffset)
        let serial = try buffer.readWord("login serial")
        let iccid = try buffer.readRaw(20, "ICCID")
        if context.edition == .gb2016 {
            let countOffset = buffer.readerIndex
            let n = try buffer.readByte("subsystem count")
            let m = try buffer.readByte("system code length")
            if n > 250 || m > 50 {
                try context.deviation(
                    .valueOutOfRange, at: countOffset, "subsystems \(n) (0-250), code length \(m) (0-50)")
            }
            var codes: [RawBytes] = []
            if m > 0 {
                codes.reserveCapacity(min(Int(n), buffer.readableBytes / Int(m)))
                for _ in 0..<n { codes.append(try buffer.readRaw(Int(m), "system code")) }
            }
            return VehicleLogin(
                time: time, serial: serial, iccid: iccid, subsystemCount: n, codeLength: m, codes: codes)
        }
        let countOffset = buffer.readerIndex
        let n = try buffer.readByte("BMS count")
        if n > 20 { try context.deviation(.valueOutOfRange, at: countOffset, "BMS count \(n) (0-20)") }
        let packs = try buffer.readByteArray(Int(n), "packs per BMS")
        if packs.contains(where: { $0 > 50 }) {
            try context.deviation(.valueOutOfRange, at: countOffset + 1, "packs per BMS over 50")
        }
        let total = packs.reduce(0) { $0 + Int($1) }
        var codes: [RawBytes] = []
        codes.reserveCapacity(min(total, buffer.readableBytes / 24))
        for _ in 0..<total { codes.append(try buffer.readRaw(24, "pack code")) }
        return VehicleLogin(time: time, serial: serial, iccid: iccid, packsPerBMS: packs, packCodes: codes)
    }

    /// Writes the data unit for `edition`.
    func encode(into buffer: inout FrameWriter, edition: Edition) {
        time.encode(into: &buffer)
        buffer.writeInteger(serial)
        buffer.writeRaw(iccid)
        if edition == .gb2016 {
            buffer.writeInteger(subsystemCount ?? UInt8(truncatingIfNeeded: codes.count))
            buffer.writeInteger(codeLength ?? UInt8(truncatingIfNeeded: codes.first?.count ?? 0))
        } else {
            let packs = packsPerBMS ?? []
            buffer.writeInteger(UInt8(truncatingIfNeeded: packs.count))
            buffer.writeBytes(packs)
        }
        for code in codes { buffer.writeRaw(code) }
    }
}
