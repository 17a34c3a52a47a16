import Foundation
import Testing

/// The public frames of `../shared/testdata/gb32960/frames.json` by id, resolved from this file's path
/// (package root/../shared). Tests that need them are skipped, saying so, where the file is absent.
enum SharedFrames {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TelemetryTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/testdata/gb32960/frames.json")

    static let hex: [Int: String] = {
        struct Record: Decodable {
            let id: Int
            let hex: String
        }
        guard let data = try? Data(contentsOf: url), let records = try? JSONDecoder().decode([Record].self, from: data)
        else { return [:] }
        return Dictionary(records.map { ($0.id, $0.hex) }, uniquingKeysWith: { first, _ in first })
    }()

    static var available: Bool { !hex.isEmpty }

    static let missing: Comment = "frames.json not found at \(url.path); shared test data absent, skipping"
}
