import Foundation
import GBT32960
import Testing

/// One record of `../shared/testdata/gb32960/frames.json` (public frames with provenance).
struct SampleFrame: Decodable, Sendable, CustomTestStringConvertible {
    let id: Int
    let hex: String
    let edition: String
    let command: String
    let ackFlag: String
    let encFlag: String
    let vin: String
    let lengthBytes: Int
    let source: String
    let sourceSays: String
    let caveat: String?

    enum CodingKeys: String, CodingKey {
        case id, hex, edition, command, vin, source, caveat
        case ackFlag = "ack_flag"
        case encFlag = "enc_flag"
        case lengthBytes = "length_bytes"
        case sourceSays = "source_says"
    }

    var testDescription: String { "#\(id) \(edition) \(command)" }

    var bytes: [UInt8] { GBT32960.bytes(fromHex: hex) ?? [] }
}

/// Loads the shared sample frames, resolved from this file's path (package root/../shared/...).
enum SampleFrames {
    static let url: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // GBT32960Tests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()  // /work
        .appendingPathComponent("shared/testdata/gb32960/frames.json")

    static let all: [SampleFrame] = {
        guard let data = try? Data(contentsOf: url),
            let frames = try? JSONDecoder().decode([SampleFrame].self, from: data)
        else { return [] }
        return frames
    }()

    static var available: Bool { !all.isEmpty }

    static let missingMessage: Comment = "frames.json not found at \(url.path); shared test data absent, skipping"

    static func frame(_ id: Int) -> SampleFrame? { all.first { $0.id == id } }
}
