/// A deviation from GB/T 32960.3 that lenient decoding accepted, tagged on the decoded message.
///
/// Modelled on the frame-verification codes of the national platform (报文结构错误, 应答标志错误, 数据结构错误,
/// 补发/实时报文时间错误 ...): each tag names what was off, so the data can be counted and audited per vehicle.
/// Strict decoding rejects every one of them with a `GBT32960Error`.
public struct DataQualityIssue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The kind of deviation.
    public enum Code: String, Hashable, Sendable, Codable, CaseIterable {
        /// Q01: encryption byte not defined by the edition (0x00 seen in vendor data); treated as plaintext.
        case undefinedEncryption = "Q01_undefined_encryption"
        /// Q02: unique code NUL- or space-padded, shorter than 17 characters, or not a GB 16735 VIN form.
        case paddedIdentifier = "Q02_padded_identifier"
        /// Q03: heartbeat without the 17-byte unique code (`232307fe010000f8`).
        case missingIdentifier = "Q03_missing_identifier"
        /// Q04: a count written little-endian (frame #58's fuel-cell probe count).
        case littleEndianCount = "Q04_little_endian_count"
        /// Q05: the data unit ends before a unit or field it started (trailing units missing or cut).
        case truncatedUnit = "Q05_truncated_unit"
        /// Q06: bytes after the last defined field, kept verbatim.
        case trailingBytes = "Q06_trailing_bytes"
        /// Q07: an information type the edition does not define; the rest of the data unit is kept verbatim.
        case unknownInfoType = "Q07_unknown_info_type"
        /// Q08: a realtime/reissue report whose data unit has no collection time (starts with an info type).
        case missingCollectionTime = "Q08_missing_collection_time"
        /// Q09: a time field outside Table 5's ranges.
        case invalidTime = "Q09_invalid_time"
        /// Q10: a response flag the edition does not define, or a reply flag on an uplink report.
        case ackFlagError = "Q10_ack_flag_error"
        /// Q11: a command identifier the edition reserves.
        case reservedCommand = "Q11_reserved_command"
        /// Q12: a count, index or enumerated value outside the standard's range (e.g. start cell index 0).
        case valueOutOfRange = "Q12_value_out_of_range"
        /// Q13: a 2025 realtime/reissue report without the 0xFF signature block.
        case missingSignature = "Q13_missing_signature"
        /// Q14: the same information type appears more than once in a report.
        case duplicateInfoUnit = "Q14_duplicate_info_unit"
        /// Q15: a parameter whose value width is unknown; the remaining items are kept verbatim.
        case unknownParameter = "Q15_unknown_parameter"
    }

    /// The kind of deviation.
    public var code: Code
    /// Byte offset in the frame where it was found.
    public var offset: Int

    /// Creates a tag.
    public init(_ code: Code, at offset: Int) {
        self.code = code
        self.offset = offset
    }

    public var description: String { "\(code.rawValue)@\(offset)" }

    /// The `GBT32960Error` code strict mode raises for this deviation.
    var errorCode: GBT32960Error.Code {
        switch code {
        case .undefinedEncryption: .undefinedEncryption
        case .paddedIdentifier, .missingIdentifier: .malformedIdentifier
        case .littleEndianCount, .valueOutOfRange, .duplicateInfoUnit: .valueOutOfRange
        case .truncatedUnit: .truncated
        case .trailingBytes: .trailingBytes
        case .unknownInfoType: .unknownInfoType
        case .missingCollectionTime, .invalidTime: .invalidTime
        case .ackFlagError: .undefinedAckFlag
        case .reservedCommand: .unknownCommand
        case .missingSignature: .missingSignature
        case .unknownParameter: .unknownParameter
        }
    }
}
