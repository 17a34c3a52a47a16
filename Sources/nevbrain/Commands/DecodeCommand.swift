import ArgumentParser
import Foundation
import GBT32960
import NIOCore

/// `nevbrain decode`: GB/T 32960.3 frames (2016 `##` and 2025 `$$`) to JSON Lines, one object per frame.
///
/// Input: hex frames as arguments, or one hex frame per line on stdin, or a raw byte capture with `--binary`
/// (framed by the streaming decoder, junk skipped). A frame that fails prints a line with an `error` object and
/// the command exits non-zero after decoding the rest. `--from-json` goes the other way: each input line is a
/// message in the codec's model form (as printed by `--model`) and the line printed holds the encoded frame.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode GB/T 32960.3 frames (2016 ## and 2025 $$) to JSON Lines.",
        discussion: """
            Examples:
              nevbrain decode 232307fe...
              cat frames.hex | nevbrain decode --reencode
              nevbrain decode --binary capture.bin --strict
              nevbrain decode --model 2323... | nevbrain decode --from-json
            """
    )

    @Argument(help: "Hex frames. Without any (and without --binary), one hex frame per line is read from stdin.")
    var frames: [String] = []

    @Option(name: .customLong("binary"), help: "Read a raw byte capture and frame it with the streaming decoder.")
    var binaryFile: String?

    @Flag(help: "Reject anything off-standard instead of tagging it with data-quality codes.")
    var strict = false

    @Flag(help: "Add the re-encoded frame in hex (\"reencoded\") and whether it equals the input (\"reencode_exact\").")
    var reencode = false

    @Flag(help: "Add the message in the codec's model form (\"model\"), the input accepted by --from-json.")
    var model = false

    @Flag(name: .customLong("from-json"), help: "Encode: read messages in model form (JSON Lines) and print frames.")
    var fromJSON = false

    @Option(help: "Maximum frame length in bytes for --binary framing.")
    var maxFrameLength = 65_556

    func run() throws {
        let mode: DecodingMode = strict ? .strict : .lenient
        var failures = 0
        var out = CodecJSONLinesWriter()
        if fromJSON {
            for line in inputLines() {
                out.write(encodeLine(line, failures: &failures))
            }
        } else if let binaryFile {
            let data = try Data(contentsOf: URL(fileURLWithPath: binaryFile))
            var buffer = ByteBuffer(bytes: data)
            var framer = GBT32960FrameDecoder(maxFrameLength: maxFrameLength, acceptVINlessHeartbeat: !strict)
            var rejected = 0
            while true {
                let frame = try framer.decode(buffer: &buffer)
                if framer.rejectedFrameCount > rejected, let rejection = framer.lastRejection {
                    rejected = framer.rejectedFrameCount
                    failures += 1
                    out.write(JSONValue.object([("error", rejection.jsonView)]).serialized())
                }
                guard let frame else { break }
                out.write(
                    decodeLine(
                        frame: frame, input: Array(frame.bytes.readableBytesView), mode: mode, failures: &failures))
            }
            if buffer.readableBytes > 0 || framer.discardedByteCount > 0 {
                // Junk is not a frame, so it gets no JSON line; say on stderr what was not decoded.
                FileHandle.standardError.write(
                    Data(
                        "decode: skipped \(framer.discardedByteCount) bytes between frames, \(buffer.readableBytes) bytes of an incomplete frame at the end\n"
                            .utf8))
            }
        } else {
            for line in frames.isEmpty ? inputLines() : frames {
                let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if text.isEmpty || text.hasPrefix("#") { continue }
                guard let bytes = GBT32960.bytes(fromHex: text) else {
                    failures += 1
                    let error = GBT32960Error(.invalidHex, at: 0, "input is not hexadecimal", frameHex: text)
                    out.write(JSONValue.object([("error", error.jsonView)]).serialized())
                    continue
                }
                do {
                    let frame = try Frame(exactly: ByteBuffer(bytes: bytes), maxFrameLength: maxFrameLength, mode: mode)
                    out.write(decodeLine(frame: frame, input: bytes, mode: mode, failures: &failures))
                } catch {
                    failures += 1
                    out.write(JSONValue.object([("error", error.jsonView)]).serialized())
                }
            }
        }
        out.flush()
        if failures > 0 { throw ExitCode(1) }
    }

    private func inputLines() -> [String] {
        var lines: [String] = []
        while let line = readLine(strippingNewline: true) { lines.append(line) }
        return lines
    }

    private func decodeLine(frame: Frame, input: [UInt8], mode: DecodingMode, failures: inout Int) -> String {
        do {
            let message = try Message.decode(frame: frame, mode: mode)
            guard case .object(var fields) = message.jsonView() else { return "" }
            if reencode {
                let again = message.encodedBytes()
                fields.append(("reencoded", .string(hexString(again))))
                fields.append(("reencode_exact", .bool(again == input)))
            }
            if model, let data = try? JSONEncoder().encode(message), let text = String(data: data, encoding: .utf8) {
                fields.append(("model", .string(text)))
            }
            return JSONValue.object(fields).serialized()
        } catch {
            failures += 1
            return JSONValue.object([("error", error.jsonView)]).serialized()
        }
    }

    private func encodeLine(_ line: String, failures: inout Int) -> String {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            let message = try JSONDecoder().decode(Message.self, from: Data(text.utf8))
            return JSONValue.object([("hex", .string(message.encodedHex))]).serialized()
        } catch {
            failures += 1
            return JSONValue.object([
                (
                    "error",
                    .object([("code", .string("invalid_model")), ("message", .string("\(error)")), ("offset", .int(0))])
                )
            ]).serialized()
        }
    }
}

/// Buffered stdout writer for JSON Lines.
struct CodecJSONLinesWriter {
    private var pending: [UInt8] = []

    mutating func write(_ line: String) {
        pending.append(contentsOf: line.utf8)
        pending.append(0x0A)
        if pending.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !pending.isEmpty else { return }
        FileHandle.standardOutput.write(Data(pending))
        pending.removeAll(keepingCapacity: true)
    }
}
