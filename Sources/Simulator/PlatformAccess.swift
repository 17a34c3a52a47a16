public import GBT32960

/// An OEM platform's gateway account, through which the simulator forwards its vehicles' frames (README "Pointing a
/// vehicle or an OEM platform"): platform login 0x05 with a 12-byte user name and a 20-byte password (GB/T
/// 32960.3-2016 Table 21, -2025 Table 29), NUL padded.
public struct PlatformAccess: Sendable, Hashable {
    /// The account's user name.
    public var username: String
    /// Its password.
    public var password: String
    /// Connections to open; the vehicles are shared among them.
    public var connections: Int

    /// Creates access with `connections` connections (at least 1).
    public init(username: String, password: String, connections: Int = 1) {
        self.username = username
        self.password = password
        self.connections = max(1, connections)
    }

    /// Why the name or password cannot go in a platform login, nil if they can.
    public var problem: String? {
        guard let name = GB18030.bytes(username), !name.isEmpty, name.count <= 12 else {
            return "a platform user name is 1 to 12 bytes (12 ASCII or 6 Chinese characters)"
        }
        guard let secret = GB18030.bytes(password), (8...20).contains(secret.count) else {
            return "a platform password is 8 characters to 20 bytes"
        }
        return nil
    }

    /// The platform's own code in the frame header: its user name, NUL padded.
    private var code: UniqueCode {
        let bytes = Array((GB18030.bytes(username) ?? []).prefix(UniqueCode.byteCount))
        return UniqueCode(bytes: bytes + Array(repeating: 0, count: UniqueCode.byteCount - bytes.count)) ?? .zero
    }

    private static func field(_ text: String, width: Int) -> RawBytes {
        let bytes = Array((GB18030.bytes(text) ?? []).prefix(width))
        return RawBytes(bytes + Array(repeating: 0, count: width - bytes.count))
    }

    /// 0x05 platform login.
    public func login(edition: Edition, at time: CollectionTime, serial: UInt16) -> Message {
        let body = PlatformLogin(
            time: time, serial: serial, username: Self.field(username, width: 12),
            password: Self.field(password, width: 20), encryptionRule: .none)
        return Message(edition: edition, command: .platformLogin, uniqueCode: code, body: .platformLogin(body))
    }

    /// 0x06 platform logout with the login's serial.
    public func logout(edition: Edition, at time: CollectionTime, serial: UInt16) -> Message {
        Message(
            edition: edition, command: .platformLogout, uniqueCode: code,
            body: .platformLogout(PlatformLogout(time: time, serial: serial)))
    }
}
