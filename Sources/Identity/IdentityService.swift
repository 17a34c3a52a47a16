public import Model
public import Store

/// Users, logins and bearer tokens: everything that turns a request into a `Principal`.
///
/// Every change is written to the audit log; so is every failed login.
public struct IdentityService: Sendable {
    public let store: any PlatformStore
    public let hasher: PasswordHasher
    /// Lifetime of tokens issued by `login`, in seconds.
    public let loginTokenLifetime: Int64

    public init(
        store: any PlatformStore, hasher: PasswordHasher = PasswordHasher(), loginTokenLifetime: Int64 = 12 * 3600
    ) {
        self.store = store
        self.hasher = hasher
        self.loginTokenLifetime = loginTokenLifetime
    }

    /// A token just issued. `secret` is shown once and never stored.
    public struct IssuedToken: Sendable, Codable {
        public let token: String
        public let id: String
        public let role: Role
        public let city: City?
        public let enterpriseID: EnterpriseID?
        public let expiresAt: Int64?
    }

    // MARK: Users

    /// Minimum password length (NIST SP 800-63B's floor for user-chosen secrets).
    public static let minimumPasswordLength = 8

    /// Creates a user. The scope must fit the role (a city user has a city, and so on).
    @discardableResult
    public func addUser(
        name: String, password: String, role: Role, city: City? = nil, enterpriseID: EnterpriseID? = nil,
        by actor: Principal
    ) async throws -> UserAccount {
        guard Self.isValidName(name) else {
            throw IdentityError(.invalid, "name must be 1-64 letters, digits, '.', '-' or '_'", field: "name")
        }
        guard password.count >= Self.minimumPasswordLength else {
            throw IdentityError(
                .invalid, "password must have at least \(Self.minimumPasswordLength) characters", field: "password")
        }
        guard role != .public else {
            throw IdentityError(
                .invalid, "public is the role of callers without a token; users are province, city or enterprise",
                field: "role")
        }
        do {
            _ = try Principal(role: role, city: city, enterpriseID: enterpriseID, actor: name)
        } catch {
            throw IdentityError(.invalid, error.description, field: error == .missingEnterprise ? "enterprise" : "city")
        }
        let user = UserAccount(
            id: TokenSecret.generateID(), name: name, role: role, city: city, enterpriseID: enterpriseID,
            passwordHash: hasher.hash(password), createdAt: Clock.nowMicros())
        do {
            try await store.users.insert(user)
        } catch let error as StoreError where error.kind == .conflict {
            throw IdentityError(.conflict, "a user named \(name) exists", field: "name")
        }
        try await audit(actor, "user.create", name, detail: "role=\(role.rawValue)")
        return user
    }

    /// Disables (or re-enables) a user; a disabled user's tokens stop working at once.
    public func setDisabled(name: String, _ disabled: Bool, by actor: Principal) async throws {
        guard try await store.users.setDisabled(name: name, disabled) else {
            throw IdentityError(.notFound, "no user named \(name)", field: "name")
        }
        try await audit(actor, disabled ? "user.disable" : "user.enable", name)
    }

    // MARK: Tokens

    /// Checks a name and password and issues a token that expires after `loginTokenLifetime`.
    public func login(name: String, password: String) async throws -> IssuedToken {
        guard let user = try await store.users.find(name: name) else {
            _ = hasher.verifyDecoy(password)
            try await auditAnonymous("auth.login", name, outcome: "denied", detail: "unknown user")
            throw IdentityError(.unauthenticated, "wrong name or password")
        }
        guard hasher.verify(password, hash: user.passwordHash) else {
            try await auditAnonymous("auth.login", name, outcome: "denied", detail: "wrong password")
            throw IdentityError(.unauthenticated, "wrong name or password")
        }
        guard !user.disabled else {
            try await auditAnonymous("auth.login", name, outcome: "denied", detail: "user disabled")
            throw IdentityError(.unauthenticated, "user \(name) is disabled")
        }
        let issued = try await issue(
            role: user.role, city: user.city, enterpriseID: user.enterpriseID, userID: user.id, label: "login",
            lifetime: loginTokenLifetime)
        try await store.audit.append(
            AuditEntry(
                at: Clock.nowMicros(), actor: user.name, role: user.role, action: "auth.login", resource: user.name,
                outcome: "ok", detail: "token=\(issued.id)"))
        return issued
    }

    /// Issues a service token for scripts and integrations (`nevbrain token create`).
    ///
    /// - Parameter lifetime: seconds until expiry; nil for a token that lives until revoked.
    public func createServiceToken(
        role: Role, city: City? = nil, enterpriseID: EnterpriseID? = nil, label: String, lifetime: Int64?,
        by actor: Principal
    ) async throws -> IssuedToken {
        guard role != .public else {
            throw IdentityError(.invalid, "a public caller needs no token", field: "role")
        }
        do {
            _ = try Principal(role: role, city: city, enterpriseID: enterpriseID, actor: label)
        } catch {
            throw IdentityError(.invalid, error.description, field: error == .missingEnterprise ? "enterprise" : "city")
        }
        if let lifetime, lifetime <= 0 {
            throw IdentityError(.invalid, "lifetime must be positive", field: "expiresInSeconds")
        }
        let issued = try await issue(
            role: role, city: city, enterpriseID: enterpriseID, userID: nil, label: label, lifetime: lifetime)
        try await audit(actor, "token.create", issued.id, detail: "role=\(role.rawValue) label=\(label)")
        return issued
    }

    /// Revokes a token by its public id.
    public func revoke(tokenID: String, by actor: Principal) async throws {
        guard try await store.tokens.revoke(id: tokenID, at: Clock.nowMicros()) else {
            throw IdentityError(.notFound, "no active token with id \(tokenID)", field: "id")
        }
        try await audit(actor, "token.revoke", tokenID)
    }

    /// Resolves a presented secret to the principal it stands for, or throws `unauthenticated`.
    public func authenticate(secret: String, now: Int64 = Clock.nowMicros()) async throws -> (
        Principal, tokenID: String
    ) {
        guard secret.hasPrefix(TokenSecret.prefix),
            let token = try await store.tokens.find(secretHash: TokenSecret.digest(secret))
        else {
            throw IdentityError(.unauthenticated, "unknown token")
        }
        if token.revokedAt != nil { throw IdentityError(.unauthenticated, "token revoked") }
        if let expiry = token.expiresAt, expiry <= now { throw IdentityError(.unauthenticated, "token expired") }
        var actor = "token:\(token.id)"
        if let userID = token.userID {
            guard let user = try await store.users.find(id: userID), !user.disabled else {
                throw IdentityError(.unauthenticated, "user disabled")
            }
            actor = user.name
        }
        let principal = try Principal(
            role: token.role, city: token.city, enterpriseID: token.enterpriseID, actor: actor)
        return (principal, token.id)
    }

    private func issue(
        role: Role, city: City?, enterpriseID: EnterpriseID?, userID: String?, label: String, lifetime: Int64?
    ) async throws -> IssuedToken {
        let secret = TokenSecret.generate()
        let now = Clock.nowMicros()
        let expiresAt = lifetime.map { now + $0 * 1_000_000 }
        let token = APIToken(
            id: TokenSecret.generateID(), secretHash: TokenSecret.digest(secret), role: role, city: city,
            enterpriseID: enterpriseID, userID: userID, label: label, createdAt: now, expiresAt: expiresAt)
        try await store.tokens.insert(token)
        return IssuedToken(
            token: secret, id: token.id, role: role, city: city, enterpriseID: enterpriseID, expiresAt: expiresAt)
    }

    private func audit(_ actor: Principal, _ action: String, _ resource: String, detail: String = "") async throws {
        try await store.audit.append(
            AuditEntry(
                at: Clock.nowMicros(), actor: actor.actor, role: actor.role, action: action, resource: resource,
                outcome: "ok", detail: detail))
    }

    private func auditAnonymous(_ action: String, _ resource: String, outcome: String, detail: String) async throws {
        try await store.audit.append(
            AuditEntry(
                at: Clock.nowMicros(), actor: "anonymous", role: .public, action: action, resource: resource,
                outcome: outcome, detail: detail))
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
            }
    }
}
