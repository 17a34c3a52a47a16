import Foundation
import GBT32960
import Identity
import Logging
import Model
import SQLiteStore
import Store
import Synchronization
import Telemetry
import Testing

/// `StorePlatformAuthenticator` over a real SQLite store: who is let in, with which enterprise and reply style,
/// how the password field's padding is read, and that every refusal costs one password check.
@Suite("Platform accounts: authentication")
struct StorePlatformAuthenticatorTests {
    /// Counts the checks; a "hash" here is `plain:` and the password, so the logic is tested without bcrypt.
    final class CountingPasswords: Sendable {
        let checks = Mutex((verify: 0, decoy: 0))

        var verifier: PlatformPasswordVerifier {
            PlatformPasswordVerifier(
                verify: { password, hash in
                    self.checks.withLock { $0.verify += 1 }
                    return hash == "plain:" + password
                },
                verifyDecoy: { _ in self.checks.withLock { $0.decoy += 1 } })
        }

        var counts: (verify: Int, decoy: Int) { checks.withLock { $0 } }
    }

    /// A migrated store in a temporary folder with two enterprises and the given accounts, removed afterwards.
    static func withAccounts(
        _ accounts: [PlatformAccount], _ body: (SQLiteStore) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nevbrain-pa-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("pa.sqlite").path)
        try await store.migrate()
        try await store.enterprises.upsert(EnterpriseRecord(id: "geely", name: "Geely", city: .hangzhou, createdAt: 1))
        try await store.enterprises.upsert(EnterpriseRecord(id: "zeekr", name: "Zeekr", city: .ningbo, createdAt: 2))
        for account in accounts { try await store.platformAccounts.insert(account) }
        try await body(store)
        try await store.close()
    }

    static let logger = Logger(label: "test.platform-accounts")

    static func account(
        _ username: String, _ password: String, enterprise: EnterpriseID = "geely", replyStyle: String = "time-only",
        disabled: Bool = false
    ) -> PlatformAccount {
        PlatformAccount(
            id: username, username: username, enterprise: enterprise, passwordHash: "plain:" + password,
            replyStyle: replyStyle, disabled: disabled, createdAt: 1)
    }

    /// A 20-byte password field: the text's bytes, then `padding`.
    static func field(_ text: String, padding: [UInt8] = [0]) -> RawBytes {
        let bytes = GB18030.bytes(text) ?? []
        return RawBytes(bytes + (0..<(20 - bytes.count)).map { padding[$0 % padding.count] })
    }

    @Test("the right password gives the account's enterprise and reply style")
    func grants() async throws {
        let accounts = [
            Self.account("geely-tsp", "secret-pass"),
            Self.account("zeekr-tsp", "other-pass", enterprise: "zeekr", replyStyle: "full-echo"),
        ]
        try await Self.withAccounts(accounts) { store in
            let passwords = CountingPasswords()
            let authenticator = StorePlatformAuthenticator(
                store: store, passwords: passwords.verifier, logger: Self.logger)
            #expect(
                await authenticator.authenticate(username: "geely-tsp", password: Self.field("secret-pass"))
                    == PlatformAccountGrant(username: "geely-tsp", enterprise: "geely", replyStyle: .timeOnly))
            #expect(
                await authenticator.authenticate(username: "zeekr-tsp", password: Self.field("other-pass"))
                    == PlatformAccountGrant(username: "zeekr-tsp", enterprise: "zeekr", replyStyle: .fullEcho))
            #expect(passwords.counts == (verify: 2, decoy: 0))
        }
    }

    @Test(
        "every refusal costs exactly one password check, so names cannot be probed by timing",
        arguments: [
            ("nobody", field("secret-pass"), 0, 1, "unknown account"),
            ("geely-tsp", field("wrong-pass"), 1, 0, "wrong password"),
            ("disabled", field("secret-pass"), 1, 0, "account disabled"),
            (
                "geely-tsp",
                RawBytes(Array("secret".utf8) + [0] + Array("pass".utf8) + [UInt8](repeating: 0, count: 9)), 1, 0,
                "wrong password"
            ),
            ("geely-tsp", RawBytes([0x81, 0x20] + [UInt8](repeating: 0, count: 18)), 1, 0, "wrong password"),
        ])
    func refusals(username: String, password: RawBytes, verify: Int, decoy: Int, reason: String) async throws {
        let accounts = [
            Self.account("geely-tsp", "secret-pass"), Self.account("disabled", "secret-pass", disabled: true),
        ]
        try await Self.withAccounts(accounts) { store in
            let passwords = CountingPasswords()
            let authenticator = StorePlatformAuthenticator(
                store: store, passwords: passwords.verifier, logger: Self.logger)
            #expect(await authenticator.authenticate(username: username, password: password) == nil)
            #expect(passwords.counts == (verify: verify, decoy: decoy))
            let audit = try await store.audit.query(AuditQuery(action: StorePlatformAuthenticator.auditAction))
            #expect(audit.count == 1)
            #expect(audit.first?.outcome == "denied")
            #expect(audit.first?.detail == reason)
            #expect(audit.first?.resource == username)
        }
    }

    @Test(
        "trailing NUL and space padding is removed from the password, in any mix; nothing else is",
        arguments: [
            (field("secret-pass"), true),
            (field("secret-pass", padding: [0x20]), true),
            (field("secret-pass", padding: [0x20, 0, 0, 0x20]), true),
            (RawBytes(Array("secret-pass".utf8)), true),
            (field(" secret-pass"), false),
            (field("secret-pas"), false),
            (field("SECRET-PASS"), false),
        ])
    func padding(password: RawBytes, accepted: Bool) async throws {
        try await Self.withAccounts([Self.account("geely-tsp", "secret-pass")]) { store in
            let authenticator = StorePlatformAuthenticator(
                store: store, passwords: CountingPasswords().verifier, logger: Self.logger)
            #expect(await (authenticator.authenticate(username: "geely-tsp", password: password) != nil) == accepted)
        }
    }

    @Test("with bcrypt: a Chinese user name and password in GB18030 log in; the decoy is as slow as a real check")
    func bcrypt() async throws {
        let hasher = PasswordHasher(cost: 4)
        var account = Self.account("吉利远程平台", "密码密码12345")
        account.passwordHash = hasher.hash("密码密码12345")
        try await Self.withAccounts([account]) { store in
            let authenticator = StorePlatformAuthenticator(
                store: store, passwords: .bcrypt(hasher), logger: Self.logger)
            let field = Self.field("密码密码12345")
            #expect(GB18030.bytes("密码密码12345")?.count == 13, "2 bytes per Chinese character")
            #expect(
                await authenticator.authenticate(username: "吉利远程平台", password: field)
                    == PlatformAccountGrant(username: "吉利远程平台", enterprise: "geely", replyStyle: .timeOnly))
            #expect(await authenticator.authenticate(username: "吉利远程平台", password: Self.field("密码密码1234")) == nil)
            #expect(await authenticator.authenticate(username: "吉利", password: field) == nil)
        }
    }

    @Test(
        "user names an administrator may set are those a login can carry",
        arguments: [
            ("geely-tsp", true), ("GEELY_TSP.01", true), ("123456789012", true), ("吉利远程平台", true),
            ("", false), ("1234567890123", false), ("吉利汽车远程平台", false), ("geely tsp", false), ("geely/tsp", false),
        ])
    func usernames(username: String, allowed: Bool) {
        #expect((PlatformCredentials.problem(username: username) == nil) == allowed)
    }

    @Test(
        "passwords an administrator may set are those a login can carry",
        arguments: [
            ("secret-pass", true), ("12345678901234567890", true), ("密码密码12345", true), ("with inner space", true),
            ("short", false), ("123456789012345678901", false), ("密码密码密码密码密码1", false),
            ("trailing-space ", false), ("tab\there", false),
        ])
    func passwords(password: String, allowed: Bool) {
        #expect((PlatformCredentials.problem(password: password) == nil) == allowed)
    }
}
