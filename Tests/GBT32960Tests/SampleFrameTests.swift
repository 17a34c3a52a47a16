import GBT32960
import NIOCore
import Testing

/// The 78 public frames of frames.json: each frames and decodes leniently, and every frame without a caveat
/// re-encodes byte for byte.
@Suite("Sample frames (frames.json)", .enabled(if: SampleFrames.available, SampleFrames.missingMessage))
struct SampleFrameTests {
    @Test("frames.json holds the 78 frames")
    func count() {
        #expect(SampleFrames.all.count == 78)
    }

    @Test("frames with the streaming decoder and decodes leniently", arguments: SampleFrames.all)
    func framesAndDecodes(sample: SampleFrame) throws {
        var decoder = GBT32960FrameDecoder()
        var buffer = ByteBuffer(bytes: sample.bytes)
        let frame = try #require(try decoder.decode(buffer: &buffer))
        #expect(buffer.readableBytes == 0)
        #expect(frame.bytes.readableBytes == sample.lengthBytes)
        #expect(frame.edition.rawValue == sample.edition)
        let message = try Message.decode(frame: frame, mode: .lenient)
        #expect(Self.hexFlag(message.ackFlag.rawValue) == sample.ackFlag)
        #expect(Self.hexFlag(message.encryption.rawValue) == sample.encFlag)
        #expect(message.uniqueCode.text == sample.vin)
    }

    @Test("re-encodes byte for byte", arguments: SampleFrames.all.filter { $0.caveat == nil })
    func reencodes(sample: SampleFrame) throws {
        let message = try Message.decode(bytes: sample.bytes, mode: .lenient)
        #expect(message.encodedHex == sample.hex.lowercased())
    }

    static func hexFlag(_ byte: UInt8) -> String { "0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16) }
}
