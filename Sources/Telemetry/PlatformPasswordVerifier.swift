/// How platform passwords are checked: bcrypt (Identity's `PasswordHasher`), handed in by the composition root
/// so that Telemetry does not depend on Identity.
public struct PlatformPasswordVerifier: Sendable {
    /// Whether the password (first) matches the hash (second); slow on purpose.
    public var verify: @Sendable (_ password: String, _ hash: String) -> Bool
    /// Spends the time of one `verify` for a name that has no account.
    public var verifyDecoy: @Sendable (_ password: String) -> Void

    /// Creates a verifier from its two checks.
    public init(
        verify: @escaping @Sendable (_ password: String, _ hash: String) -> Bool,
        verifyDecoy: @escaping @Sendable (_ password: String) -> Void
    ) {
        self.verify = verify
        self.verifyDecoy = verifyDecoy
    }
}
