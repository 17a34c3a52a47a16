import NIOCore

/// A realtime (0x02) or reissue (0x03) report (实时信息上报 / 补发信息上报): the collection time, then
/// repeated information units; in the 2025 edition the report ends with 0xFF and the vehicle signature.
/// GB/T 32960.3-2016 Table 7, GB/T 32960.3-2025 Table 7/8.
public struct RealtimeReport: Hashable, Sendable, Codable {
    /// Collection time; nil only for lenient-decoded frames that omit it (tag Q08).
    public var time: CollectionTime?
    /// The information units in wire order.
    public var units: [InfoUnit]
    // Spelled `Optional<...>` so that it has no implicit `= nil`: with one, the initialiser copied the new report
    // whole (a retain and a release of each reference in it) in the optimised decoder.
    /// The 2025 vehicle signature (after the 0xFF marker).
    public var signature: Optional<VehicleSignature>

    /// Creates a report.
    public init(time: CollectionTime?, units: [InfoUnit], signature: VehicleSignature? = nil) {
        self.time = time
        self.units = units
        self.signature = signature
    }

    /// The first unit of whole-vehicle data, if any.
    public var vehicle: VehicleData? {
        for case .vehicle(let v) in units { return v }
        return nil
    }

    /// Reads the data unit. Leaves bytes after a 2025 signature unread (the caller tags them as trailing).
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let start = buffer.readerIndex
        let timeOffset = buffer.readerIndex
        let time = try CollectionTime.decode(from: &buffer)
        if context.mode == .lenient {
            // Some vendor frames (JTNE README, frames #43/#44) omit the time. Try the standard reading first and fall
            // back to a reading without time only when that one parses cleanly and the standard one does not.
            var withTime = context
            var clean = true
            let report = try decodeUnits(time: time, from: &buffer, context: &withTime, clean: &clean)
            if clean {
                context = withTime
                try context.check(time, at: timeOffset)
                return report
            }
            var retry = buffer
            retry.moveReaderIndex(to: start)
            var withoutTime = context
            var alternativeClean = true
            if let alternative = try? decodeUnits(
                time: nil, from: &retry, context: &withoutTime, clean: &alternativeClean),
                alternativeClean
            {
                buffer = retry
                context = withoutTime
                try context.deviation(.missingCollectionTime, at: start, "report has no collection time")
                return alternative
            }
            context = withTime
            try context.check(time, at: timeOffset)
            return report
        }
        try context.check(time, at: timeOffset)
        var clean = true
        return try decodeUnits(time: time, from: &buffer, context: &context, clean: &clean)
    }

    private static func decodeUnits(
        time: CollectionTime?,
        from buffer: inout FrameReader,
        context: inout DecodingContext,
        clean: inout Bool
    ) throws(GBT32960Error) -> Self {
        // `clean` says whether every unit parsed; tracked here because scanning the units afterwards copied each one,
        // and returned beside the report in a tuple the report was copied once more.
        var units: [InfoUnit] = []
        units.reserveCapacity(8)
        var signature: VehicleSignature? = nil
        var seen: UInt64 = 0
        let end = buffer.writerIndex
        while buffer.readableBytes > 0 {
            let unitStart = buffer.readerIndex
            // Loop condition guarantees a byte.
            let type = buffer.readInteger(as: UInt8.self) ?? 0
            if context.edition == .gb2025 && type == 0xFF {
                do {
                    signature = try VehicleSignature.decode(from: &buffer)
                } catch {
                    try context.deviation(.truncatedUnit, at: unitStart, error.message)
                    buffer.moveReaderIndex(to: unitStart)
                    clean = false
                    units.append(.unparsed(try buffer.readRaw(buffer.readableBytes, "rest")))
                }
                break
            }
            if InfoUnit.isStandardType(type, context.edition) {
                let bit: UInt64 = 1 << UInt64(type & 0x3F)
                if seen & bit != 0 {
                    try context.deviation(.duplicateInfoUnit, at: unitStart, "info type 0x\(hexByte(type)) repeated")
                }
                seen |= bit
            }
            let unit: InfoUnit?
            do {
                unit = try InfoUnit.decode(type: type, from: &buffer, context: &context)
            } catch  where error.code == .truncated && context.mode == .lenient {
                context.issues.append(DataQualityIssue(.truncatedUnit, at: unitStart))
                buffer.moveReaderIndex(to: unitStart)
                clean = false
                units.append(.unparsed(try buffer.readRaw(buffer.readableBytes, "rest")))
                break
            }
            if let unit {
                units.append(unit)
                continue
            }
            let editionName = context.edition.rawValue
            try context.deviation(
                .unknownInfoType, at: unitStart, "info type 0x\(hexByte(type)) not defined in \(editionName)")
            // Unknown layout. In 2025 the signature block is the only reliable end marker: keep the bytes up to a
            // 0xFF whose signature block ends exactly at the end of the data unit, verbatim.
            var stop = end
            if context.edition == .gb2025 {
                var index = unitStart + 1
                while index < end {
                    if buffer.getInteger(at: index, as: UInt8.self) == 0xFF,
                        VehicleSignature.endsExactly(in: buffer, at: index + 1, end: end)
                    {
                        stop = index
                        break
                    }
                    index += 1
                }
            }
            buffer.moveReaderIndex(to: unitStart)
            clean = false
            units.append(.unparsed(try buffer.readRaw(stop - unitStart, "unknown unit")))
        }
        // A pattern, not `signature == nil`: that is `Equatable`'s `==`, which copied the signature to compare it.
        if context.edition == .gb2025, case .none = signature {
            try context.deviation(.missingSignature, at: buffer.readerIndex, "2025 report without 0xFF signature block")
        }
        return RealtimeReport(time: time, units: units, signature: signature)
    }

    /// Writes the data unit for `edition`.
    func encode(into buffer: inout FrameWriter, edition: Edition) {
        time?.encode(into: &buffer)
        for unit in units { unit.encode(into: &buffer, edition: edition) }
        if let signature {
            buffer.writeInteger(UInt8(0xFF))
            signature.encode(into: &buffer)
        }
    }
}
