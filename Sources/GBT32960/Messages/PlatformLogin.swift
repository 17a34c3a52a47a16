import NIOCore

/// Platform login (平台登入), command 0x05, GB/T 32960.3-2016 Table 21 and GB/T 32960.3-2025 Table 29:
/// time, serial, user name (12-byte STRING), password (20-byte STRING), encryption rule.
///
/// STRING fields are ASCII, and GB18030 where they contain Chinese (Table 1); the bytes are kept verbatim and
/// `GB18030.text(_:)` renders them.
public struct PlatformLogin: Hashable, Sendable, Codable {
    /// Login time.
    public var time: CollectionTime
    /// Login serial number, 1-65531, daily cycle.
    public var serial: UInt16
    /// User name, 12 bytes (ASCII or GB18030, NUL padded).
    public var username: RawBytes
    /// Password, 20 bytes (ASCII or GB18030, NUL padded).
    public var password: RawBytes
    /// Encryption rule (same values as the frame's encryption byte).
    public var encryptionRule: EncryptionMethod

    /// Creates a platform login.
    public init(
        time: CollectionTime, serial: UInt16, username: RawBytes, password: RawBytes, encryptionRule: EncryptionMethod
    ) {
        self.time = time
        self.serial = serial
        self.username = username
        self.password = password
        self.encryptionRule = encryptionRule
    }

    /// Reads the data unit.
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let offset = buffer.readerIndex
        let time = try CollectionTime.decode(from: &buffer)
        try context.check(time, at: offset)
        let serial = try buffer.readWord("platform login serial")
        let username = try buffer.readRaw(12, "platform user name")
        let password = try buffer.readRaw(20, "platform password")
        let rule = EncryptionMethod(rawValue: try buffer.readByte("encryption rule"))
        return PlatformLogin(time: time, serial: serial, username: username, password: password, encryptionRule: rule)
    }

    /// Writes the data unit.
    func encode(into buffer: inout FrameWriter) {
        time.encode(into: &buffer)
        buffer.writeInteger(serial)
        buffer.writeRaw(username)
        buffer.writeRaw(password)
        buffer.writeInteger(encryptionRule.rawValue)
    }
}
