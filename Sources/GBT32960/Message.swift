import NIOCore

/// A decoded GB/T 32960.3 frame: the header fields (Table 2 of both editions) and the decoded data unit.
///
/// Every field needed to rebuild the frame byte for byte is kept, including lenient-mode deviations
/// (`trailing`, `identifierOmitted`, little-endian counts, unparsed units).
public struct Message: Hashable, Sendable, Codable {
    /// `##` (2016) or `$$` (2025).
    public var edition: Edition
    /// Command identifier (offset 2).
    public var command: Command
    /// Response flag (offset 3).
    public var ackFlag: AckFlag
    /// Unique code / VIN (offset 4, 17 bytes).
    public var uniqueCode: UniqueCode
    /// Encryption method of the data unit (offset 21).
    public var encryption: EncryptionMethod
    /// The decoded data unit.
    public var body: MessageBody
    /// Lenient decoding only: bytes after the last defined field, verbatim (tag Q06).
    public var trailing: RawBytes?
    /// Lenient decoding only: the frame had no 17-byte unique code (VIN-less heartbeat, tag Q03).
    public var identifierOmitted: Bool
    /// Deviations accepted by lenient decoding (empty for conformant frames and in strict mode).
    public var issues: [DataQualityIssue]

    private enum CodingKeys: String, CodingKey {
        case edition, command, ackFlag, uniqueCode, encryption, body, trailing, identifierOmitted, issues
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(edition, forKey: .edition)
        try c.encode(command, forKey: .command)
        try c.encode(ackFlag, forKey: .ackFlag)
        try c.encode(uniqueCode, forKey: .uniqueCode)
        try c.encode(encryption, forKey: .encryption)
        try c.encode(body, forKey: .body)
        try c.encodeIfPresent(trailing, forKey: .trailing)
        if identifierOmitted { try c.encode(true, forKey: .identifierOmitted) }
        if !issues.isEmpty { try c.encode(issues, forKey: .issues) }
    }
}

// The initializers are declared here, not in the type, so that the type keeps its memberwise initializer: the
// decoder builds a message with it in one step, where an initializer assigning each field left a copy of the new
// message and the destruction of the original (a retain and a release of every field) in the optimized decoder.
extension Message {
    /// Creates a message.
    public init(
        edition: Edition, command: Command, ackFlag: AckFlag = .command, uniqueCode: UniqueCode,
        encryption: EncryptionMethod = .none, body: MessageBody
    ) {
        self.edition = edition
        self.command = command
        self.ackFlag = ackFlag
        self.uniqueCode = uniqueCode
        self.encryption = encryption
        self.body = body
        self.trailing = nil
        self.identifierOmitted = false
        self.issues = []
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        edition = try c.decode(Edition.self, forKey: .edition)
        command = try c.decode(Command.self, forKey: .command)
        ackFlag = try c.decodeIfPresent(AckFlag.self, forKey: .ackFlag) ?? .command
        uniqueCode = try c.decode(UniqueCode.self, forKey: .uniqueCode)
        encryption = try c.decodeIfPresent(EncryptionMethod.self, forKey: .encryption) ?? .none
        body = try c.decode(MessageBody.self, forKey: .body)
        trailing = try c.decodeIfPresent(RawBytes.self, forKey: .trailing)
        identifierOmitted = try c.decodeIfPresent(Bool.self, forKey: .identifierOmitted) ?? false
        issues = try c.decodeIfPresent([DataQualityIssue].self, forKey: .issues) ?? []
    }
}
