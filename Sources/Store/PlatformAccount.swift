public import Model

/// The account an OEM (or fleet) platform logs in with to forward its vehicles' data over GB/T 32960.3
/// (platform login, command 0x05: 12-byte user name, 20-byte password, GB/T 32960.3-2016 Table 21).
///
/// The platform may forward only vehicles registered to `enterprise`.
public struct PlatformAccount: Sendable, Hashable, Codable {
    /// Reply styles an account may have, as stored in `replyStyle`.
    public static let replyStyles = ["time-only", "full-echo"]

    /// Public identifier.
    public var id: String
    /// Unique login name, exactly as it arrives in the login once the wire padding is removed.
    public var username: String
    /// The enterprise whose vehicles the platform forwards.
    public var enterprise: EnterpriseID
    /// A bcrypt hash (`$2b$...`); never the password.
    public var passwordHash: String
    /// How the gateway builds this platform's replies: `time-only` (the standard's main text) or `full-echo`
    /// (GB/T 32960.3-2016 Annex B.3.3.2), one of `replyStyles`. Text, so the store does not depend on the codec.
    public var replyStyle: String
    /// A disabled account cannot log in.
    public var disabled: Bool
    /// Microseconds since the Unix epoch (UTC).
    public var createdAt: Int64

    /// Creates an account record.
    public init(
        id: String, username: String, enterprise: EnterpriseID, passwordHash: String, replyStyle: String = "time-only",
        disabled: Bool = false, createdAt: Int64
    ) {
        self.id = id
        self.username = username
        self.enterprise = enterprise
        self.passwordHash = passwordHash
        self.replyStyle = replyStyle
        self.disabled = disabled
        self.createdAt = createdAt
    }
}
