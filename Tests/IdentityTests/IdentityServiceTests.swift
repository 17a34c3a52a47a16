import Foundation
import Identity
import Model
import SQLiteStore
import Store
import Testing

@Suite("Identity service")
struct IdentityServiceTests {
    static func withIdentity(_ body: (IdentityService, SQLiteStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "nevbrain-id-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("id.sqlite").path)
        try await store.migrate()
        try await body(IdentityService(store: store, hasher: PasswordHasher(cost: 4), loginTokenLifetime: 60), store)
    }

    @Test func passwordsAreBcryptAndTokensAreStoredOnlyAsDigests() async throws {
        try await Self.withIdentity { identity, store in
            try await identity.addUser(name: "alice", password: "correct horse", role: .province, by: .system("t"))
            let user = try #require(try await store.users.find(name: "alice"))
            #expect(user.passwordHash.hasPrefix("$2"))
            #expect(!user.passwordHash.contains("correct horse"))
            let issued = try await identity.login(name: "alice", password: "correct horse")
            let stored = try #require(try await store.tokens.find(id: issued.id))
            #expect(stored.secretHash == TokenSecret.digest(issued.token))
            #expect(stored.secretHash != issued.token)
            #expect(stored.userID == user.id)
            let lifetime = try #require(stored.expiresAt) - stored.createdAt
            #expect(lifetime == 60_000_000, "login tokens expire after the configured lifetime")
        }
    }

    @Test func authenticationChecksExpiryRevocationAndDisabledUsers() async throws {
        try await Self.withIdentity { identity, _ in
            try await identity.addUser(
                name: "bob", password: "hunter22!", role: .city, city: .wenzhou, by: .system("t"))
            let issued = try await identity.login(name: "bob", password: "hunter22!")
            let (principal, id) = try await identity.authenticate(secret: issued.token)
            #expect(
                principal.role == .city && principal.city == .wenzhou && principal.actor == "bob" && id == issued.id)

            let later = try #require(issued.expiresAt) + 1
            await #expect(throws: IdentityError.self) {
                try await identity.authenticate(secret: issued.token, now: later)
            }

            try await identity.setDisabled(name: "bob", true, by: .system("t"))
            await #expect(throws: IdentityError.self) { try await identity.authenticate(secret: issued.token) }
            await #expect(throws: IdentityError.self) { try await identity.login(name: "bob", password: "hunter22!") }
            try await identity.setDisabled(name: "bob", false, by: .system("t"))
            _ = try await identity.authenticate(secret: issued.token)

            try await identity.revoke(tokenID: issued.id, by: .system("t"))
            await #expect(throws: IdentityError.self) { try await identity.authenticate(secret: issued.token) }
            await #expect(throws: IdentityError.self) { try await identity.authenticate(secret: "nvb_forged") }
        }
    }

    @Test func changesAndFailedLoginsAreAudited() async throws {
        try await Self.withIdentity { identity, store in
            try await identity.addUser(name: "carol", password: "long enough", role: .province, by: .system("cli:root"))
            _ = try? await identity.login(name: "carol", password: "wrong one!")
            _ = try? await identity.login(name: "mallory", password: "whatever1")
            let token = try await identity.createServiceToken(
                role: .province, label: "etl", lifetime: nil, by: .system("cli:root"))
            #expect(token.expiresAt == nil)
            let actions = try await store.audit.query(AuditQuery(limit: 10)).map { "\($0.action) \($0.outcome)" }
            #expect(actions == ["token.create ok", "auth.login denied", "auth.login denied", "user.create ok"])
        }
    }

    @Test func secretsAreRandomAndRecognisable() {
        let a = TokenSecret.generate()
        let b = TokenSecret.generate()
        #expect(a != b)
        #expect(a.hasPrefix("nvb_") && a.count == 4 + 43)
        #expect(TokenSecret.digest(a).count == 64)
    }
}
