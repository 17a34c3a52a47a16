import GBT32960
import NIOCore
import NIOTestUtils
import Testing

/// The streaming framer: drip-fed, coalesced and junk-prefixed input (NIO's ByteToMessageDecoderVerifier), and
/// resynchronisation after bad BCCs and over-long lengths.
@Suite("Framing")
struct FramingTests {
    static let messages: [Message] = MessageGenerator.fixedSamples()

    @Test("ByteToMessageDecoderVerifier: drip-fed and coalesced frames of both editions")
    func verifier() throws {
        var pairs: [(ByteBuffer, [Frame])] = []
        for message in Self.messages {
            let bytes = ByteBuffer(bytes: message.encodedBytes())
            pairs.append((bytes, [try Frame(exactly: bytes)]))
        }
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: pairs,
            decoderFactory: { GBT32960FrameDecoder() }
        )
    }

    @Test("junk before, between and after frames is skipped")
    func junk() throws {
        var input = ByteBuffer(bytes: [0x00, 0x23, 0x11, 0x24, 0x99])
        var expected: [[UInt8]] = []
        for message in Self.messages {
            let bytes = message.encodedBytes()
            expected.append(bytes)
            input.writeBytes(bytes)
            input.writeBytes([0x23, 0x01, 0x24, 0x24, 0x00])  // a half marker and a false "$$" with a short header
        }
        var decoder = GBT32960FrameDecoder()
        var out: [[UInt8]] = []
        while let frame = try decoder.decode(buffer: &input) { out.append(Array(frame.bytes.readableBytesView)) }
        // The last "$$" waits for more bytes; everything before it was framed.
        #expect(out == expected)
        #expect(decoder.discardedByteCount > 0)
    }

    @Test("a bad BCC is rejected and the next frame is still found")
    func badChecksum() throws {
        var first = Self.messages[0].encodedBytes()
        first[first.count - 1] ^= 0xFF
        let second = Self.messages[1].encodedBytes()
        var input = ByteBuffer(bytes: first + second)
        var decoder = GBT32960FrameDecoder()
        let frame = try #require(try decoder.decode(buffer: &input))
        #expect(Array(frame.bytes.readableBytesView) == second)
        #expect(decoder.rejectedFrameCount >= 1)
        #expect(decoder.lastRejection?.code == .checksumMismatch)
    }

    @Test("the maximum frame length is enforced without buffering the declared length")
    func maxLength() throws {
        let big = try #require(Self.messages.max { $0.encodedBytes().count < $1.encodedBytes().count }).encodedBytes()
        var input = ByteBuffer(bytes: Array(big.prefix(30)))
        var decoder = GBT32960FrameDecoder(maxFrameLength: 64)
        #expect(try decoder.decode(buffer: &input) == nil)
        #expect(decoder.lastRejection?.code == .frameTooLong)
        #expect(input.readableBytes < 30)
    }

    @Test("VIN-less heartbeat 232307fe010000f8 is framed leniently and tagged")
    func vinlessHeartbeat() throws {
        var input = ByteBuffer(bytes: [0x23, 0x23, 0x07, 0xFE, 0x01, 0x00, 0x00, 0xF8])
        var decoder = GBT32960FrameDecoder()
        let frame = try #require(try decoder.decode(buffer: &input))
        let message = try Message.decode(frame: frame, mode: .lenient)
        #expect(message.command == .heartbeat)
        #expect(message.issues.map(\.code) == [.missingIdentifier])
        #expect(message.encodedBytes() == [0x23, 0x23, 0x07, 0xFE, 0x01, 0x00, 0x00, 0xF8])
        #expect(throws: GBT32960Error.self) { try Message.decode(frame: frame, mode: .strict) }
    }
}
