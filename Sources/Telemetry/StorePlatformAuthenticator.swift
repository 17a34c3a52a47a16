public import GBT32960
public import Logging
public import Model
public import Store

/// Checks platform logins (0x05) against the store's platform accounts.
///
/// The password is the login's 20-byte field with trailing NUL and space padding removed (as the gateway does
/// for the user name), read as ASCII or GB18030 text (`PlatformCredentials.password(_:)`), and checked against
/// the account's password hash. Unknown names, wrong passwords and disabled accounts are refused alike, and each
/// costs one password check, so which names exist cannot be told by timing. Every attempt is written to the
/// audit log as `gateway.platform.login`.
public struct StorePlatformAuthenticator: PlatformAuthenticator {
    /// Where the accounts are.
    public let store: any PlatformStore
    /// How passwords are checked.
    public let passwords: PlatformPasswordVerifier
    /// Store failures are logged here.
    public let logger: Logger
    /// Microseconds since the epoch, UTC, for audit entries.
    public let now: @Sendable () -> Int64

    /// An authenticator over `store`'s platform accounts.
    public init(
        store: any PlatformStore, passwords: PlatformPasswordVerifier, logger: Logger,
        now: @escaping @Sendable () -> Int64 = { Clock.nowMicros() }
    ) {
        self.store = store
        self.passwords = passwords
        self.logger = logger
        self.now = now
    }

    public func authenticate(username: String, password: RawBytes) async -> PlatformAccountGrant? {
        let text = PlatformCredentials.password(password)
        let account: PlatformAccount?
        do {
            account = try await store.platformAccounts.find(username: username)
        } catch {
            logger.warning(
                "platform login not checked: store failed", metadata: ["username": "\(username)", "error": "\(error)"])
            return nil
        }
        guard let account else {
            passwords.verifyDecoy(text ?? "")
            await audit(username, denied: "unknown account")
            return nil
        }
        // Checked even when the field is not text, and before `disabled`, so every refusal costs the same.
        let matches = passwords.verify(text ?? "", account.passwordHash) && text != nil
        guard matches else {
            await audit(username, denied: "wrong password")
            return nil
        }
        guard !account.disabled else {
            await audit(username, denied: "account disabled")
            return nil
        }
        guard let style = Message.ReplyStyle(rawValue: account.replyStyle) else {
            logger.error(
                "platform account has an unknown reply style",
                metadata: ["username": "\(username)", "reply_style": "\(account.replyStyle)"])
            await audit(username, denied: "unknown reply style \(account.replyStyle)")
            return nil
        }
        await audit(
            AuditEntry(
                at: now(), actor: "platform:\(username)", role: .enterprise, action: Self.auditAction,
                resource: username, outcome: "ok", detail: "enterprise=\(account.enterprise.rawValue)"))
        return PlatformAccountGrant(username: username, enterprise: account.enterprise, replyStyle: style)
    }

    /// The audit log's action for platform logins.
    public static let auditAction = "gateway.platform.login"

    private func audit(_ username: String, denied reason: String) async {
        await audit(
            AuditEntry(
                at: now(), actor: "anonymous", role: .public, action: Self.auditAction, resource: username,
                outcome: "denied", detail: reason))
    }

    /// The login's answer does not depend on the audit log being writable.
    private func audit(_ entry: AuditEntry) async {
        do {
            try await store.audit.append(entry)
        } catch {
            logger.warning("platform login not audited", metadata: ["error": "\(error)"])
        }
    }
}
