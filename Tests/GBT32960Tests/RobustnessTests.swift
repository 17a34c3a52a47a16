import GBT32960
import NIOCore
import Testing

/// A short randomized mutation run (the long one is `nevbrain bench codec --mutate 1000000`): mutated frames
/// never crash the framer or the decoders, and the decoded storage stays within a bound of the frame length.
@Suite("Robustness")
struct RobustnessTests {
    @Test("20,000 mutated frames: no crash, held bytes bounded by frame length, strict errors carry offsets")
    func mutations() throws {
        var generator = MessageGenerator(seed: 2026)
        let seeds = MessageGenerator.fixedSamples().map { $0.encodedBytes() }
        var framer = GBT32960FrameDecoder(maxFrameLength: 4096)
        var stream = ByteBuffer()
        var decoded = 0
        for i in 0..<20_000 {
            var bytes = seeds[generator.int(0...(seeds.count - 1))]
            for _ in 0...generator.int(0...3) {
                let index = generator.int(0...(bytes.count - 1))
                switch generator.int(0...4) {
                case 0: bytes[index] ^= UInt8(1 << generator.int(0...7))
                case 1: bytes[index] = generator.byte()
                case 2: bytes.insert(generator.byte(), at: index)
                case 3: if bytes.count > 1 { bytes.remove(at: index) }
                default: bytes = Array(bytes.prefix(max(1, index)))
                }
            }
            if bytes.count >= 25, generator.bool() {
                let length = bytes.count - 25
                bytes[22] = UInt8(truncatingIfNeeded: length >> 8)
                bytes[23] = UInt8(truncatingIfNeeded: length)
                bytes[bytes.count - 1] = bytes[2..<(bytes.count - 1)].reduce(0, ^)
            }
            for mode in [DecodingMode.lenient, .strict] {
                do {
                    let message = try Message.decode(bytes: bytes, mode: mode)
                    decoded += 1
                    #expect(message.heldByteCount <= 4 * bytes.count + 1024)
                    if mode == .lenient { #expect(message.encodedBytes() == bytes) }
                } catch {
                    #expect(error.offset >= 0 && error.offset <= bytes.count)
                    #expect(error.frameHex.count <= 2 * bytes.count + 2 || error.code == .invalidHex)
                }
            }
            if i % 8 == 0 {
                stream.writeBytes(bytes)
                while (try framer.decode(buffer: &stream)) != nil {}
                stream.discardReadBytes()
            }
        }
        #expect(decoded > 1000)
    }
}
