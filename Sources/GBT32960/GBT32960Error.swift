/// A decoding or framing failure. It carries what reproduces it: the frame in hex, the byte offset (from the
/// first start-marker byte) where decoding stopped, and a message.
///
/// A public struct wrapping a private enum, so that cases can be added without breaking callers; match on
/// `code`.
public struct GBT32960Error: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable value to switch on or compare.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case badStartMarker = "bad_start_marker"
            case frameTooLong = "frame_too_long"
            case checksumMismatch = "checksum_mismatch"
            case lengthMismatch = "length_mismatch"
            case truncated = "truncated"
            case trailingBytes = "trailing_bytes"
            case unknownCommand = "unknown_command"
            case undefinedAckFlag = "undefined_ack_flag"
            case undefinedEncryption = "undefined_encryption"
            case malformedIdentifier = "malformed_identifier"
            case invalidTime = "invalid_time"
            case unknownInfoType = "unknown_info_type"
            case valueOutOfRange = "value_out_of_range"
            case missingSignature = "missing_signature"
            case unknownParameter = "unknown_parameter"
            case invalidHex = "invalid_hex"
            case deviation = "non_standard"
        }
        fileprivate var base: Base

        /// The first two bytes are neither `##` nor `$$`.
        public static let badStartMarker = Code(base: .badStartMarker)
        /// The declared data-unit length exceeds the configured maximum frame length.
        public static let frameTooLong = Code(base: .frameTooLong)
        /// The BCC (XOR from offset 2 to the byte before the check code) does not match.
        public static let checksumMismatch = Code(base: .checksumMismatch)
        /// The declared data-unit length does not match the bytes given.
        public static let lengthMismatch = Code(base: .lengthMismatch)
        /// A field runs past the end of the data unit.
        public static let truncated = Code(base: .truncated)
        /// Bytes remain after the last field the standard defines.
        public static let trailingBytes = Code(base: .trailingBytes)
        /// A command identifier the edition does not define.
        public static let unknownCommand = Code(base: .unknownCommand)
        /// A response flag the edition does not define.
        public static let undefinedAckFlag = Code(base: .undefinedAckFlag)
        /// An encryption byte the edition does not define (such as 0x00).
        public static let undefinedEncryption = Code(base: .undefinedEncryption)
        /// The unique code is not a 17-character code (NUL padded, short, missing).
        public static let malformedIdentifier = Code(base: .malformedIdentifier)
        /// A time field is outside Table 5's ranges.
        public static let invalidTime = Code(base: .invalidTime)
        /// An information type the edition does not define.
        public static let unknownInfoType = Code(base: .unknownInfoType)
        /// A count or index outside the range the standard allows.
        public static let valueOutOfRange = Code(base: .valueOutOfRange)
        /// A 2025 realtime or reissue report without the 0xFF signature block.
        public static let missingSignature = Code(base: .missingSignature)
        /// A parameter identifier whose value width is unknown (reserved or user-defined).
        public static let unknownParameter = Code(base: .unknownParameter)
        /// Input text that is not hexadecimal.
        public static let invalidHex = Code(base: .invalidHex)
        /// Any other deviation from the standard that strict mode rejects.
        public static let nonStandard = Code(base: .deviation)

        /// Stable snake_case text, e.g. `checksum_mismatch`.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// Byte offset from the first start-marker byte of the frame.
    public var offset: Int
    /// Human-readable detail.
    public var message: String
    /// The whole frame (or the bytes examined) in lower-case hex; empty until the frame is known.
    public var frameHex: String

    /// Creates an error.
    public init(_ code: Code, at offset: Int, _ message: String, frameHex: String = "") {
        self.code = code
        self.offset = offset
        self.message = message
        self.frameHex = frameHex
    }

    public var description: String {
        "GBT32960Error(\(code) at offset \(offset): \(message)\(frameHex.isEmpty ? "" : "; frame \(frameHex)"))"
    }
}
