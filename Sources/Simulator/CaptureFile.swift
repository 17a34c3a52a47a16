public import GBT32960
import NIOCore

/// The frames of a capture file, as `nevbrain decode` reads them: a raw byte capture (frames back to back, junk
/// between them skipped by the streaming framer) or text with one hex frame per line (`#` starts a comment).
public struct CaptureFile: Sendable {
    /// One frame of the capture, with its bytes exactly as captured.
    public struct CapturedFrame: Sendable, Hashable {
        /// The frame, start marker to check code.
        public var bytes: [UInt8]
        /// Its command.
        public var command: Command
        /// Whether it is a command (0xFE) rather than a reply.
        public var isCommand: Bool
        /// The unique code (VIN) in its header.
        public var uniqueCode: String
        /// Collection (or login) time as Unix seconds, if the data unit carries one.
        public var time: Int64?
    }

    /// The frames, in capture order.
    public var frames: [CapturedFrame]
    /// Bytes (binary) or lines (text) that were not frames.
    public var skipped: Int

    /// Reads `data`: text if every byte is printable ASCII or white space (a binary frame never is: its
    /// encryption byte alone is 0x01 or above 0x7E), binary otherwise.
    public init(_ data: [UInt8]) {
        let isText = data.allSatisfy { (0x20...0x7E).contains($0) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        frames = []
        skipped = 0
        isText ? readHexLines(data) : readBinary(data)
    }

    private mutating func readHexLines(_ data: [UInt8]) {
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let hex = line.filter { !$0.isWhitespace }
            if hex.isEmpty || hex.hasPrefix("#") { continue }
            guard let bytes = GBT32960.bytes(fromHex: hex), let frame = try? Frame(exactly: ByteBuffer(bytes: bytes))
            else {
                skipped += 1
                continue
            }
            frames.append(Self.captured(frame))
        }
    }

    private mutating func readBinary(_ data: [UInt8]) {
        var buffer = ByteBuffer(bytes: data)
        var framer = GBT32960FrameDecoder()
        while let frame = try? framer.decode(buffer: &buffer) {
            frames.append(Self.captured(frame))
        }
        skipped = framer.discardedByteCount + buffer.readableBytes
    }

    private static func captured(_ frame: Frame) -> CapturedFrame {
        let bytes = Array(frame.bytes.readableBytesView)
        let message = try? Message.decode(frame: frame)
        return CapturedFrame(
            bytes: bytes, command: Command(rawValue: bytes.count > 2 ? bytes[2] : 0),
            isCommand: bytes.count > 3 && bytes[3] == AckFlag.command.rawValue,
            uniqueCode: message?.uniqueCode.text ?? "", time: message?.body.time?.unixTime)
    }
}
