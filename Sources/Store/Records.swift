public import Model

/// A person who logs in to the platform.
public struct UserAccount: Sendable, Hashable, Codable {
    public var id: String
    /// Unique login name.
    public var name: String
    public var role: Role
    public var city: City?
    public var enterpriseID: EnterpriseID?
    /// A bcrypt hash (`$2b$...`); never the password.
    public var passwordHash: String
    public var disabled: Bool
    /// Microseconds since the Unix epoch (UTC).
    public var createdAt: Int64

    public init(
        id: String, name: String, role: Role, city: City?, enterpriseID: EnterpriseID?, passwordHash: String,
        disabled: Bool = false, createdAt: Int64
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.city = city
        self.enterpriseID = enterpriseID
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.createdAt = createdAt
    }
}

/// A bearer token. The secret itself is never stored, only its SHA-256 digest.
public struct APIToken: Sendable, Hashable, Codable {
    /// Public identifier, safe to show and to revoke by.
    public var id: String
    /// Hex SHA-256 of the secret token string.
    public var secretHash: String
    public var role: Role
    public var city: City?
    public var enterpriseID: EnterpriseID?
    /// The user who logged in, or nil for a service token made by `nevbrain token create`.
    public var userID: String?
    /// Free text saying what the token is for.
    public var label: String
    public var createdAt: Int64
    /// After this instant (µs since epoch, UTC) the token no longer authenticates; nil means never.
    public var expiresAt: Int64?
    public var revokedAt: Int64?

    public init(
        id: String, secretHash: String, role: Role, city: City?, enterpriseID: EnterpriseID?, userID: String?,
        label: String, createdAt: Int64, expiresAt: Int64?, revokedAt: Int64? = nil
    ) {
        self.id = id
        self.secretHash = secretHash
        self.role = role
        self.city = city
        self.enterpriseID = enterpriseID
        self.userID = userID
        self.label = label
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// One line of the audit log: who did or read what, when, and whether it was allowed.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// Assigned by the store; 0 before insertion.
    public var id: Int64
    public var at: Int64
    /// User name or `token:<id>`.
    public var actor: String
    public var role: Role
    /// What was done, e.g. `user.create`, `token.revoke`, `vehicle.track.read`.
    public var action: String
    /// What it was done to, e.g. a user name or a VIN.
    public var resource: String
    /// `ok` or `denied`.
    public var outcome: String
    public var detail: String

    public init(
        id: Int64 = 0, at: Int64, actor: String, role: Role, action: String, resource: String, outcome: String,
        detail: String = ""
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.role = role
        self.action = action
        self.resource = resource
        self.outcome = outcome
        self.detail = detail
    }
}

/// The minimal enterprise record every area refers to (vehicles, stations and reports belong to one).
public struct EnterpriseRecord: Sendable, Hashable, Codable {
    public var id: EnterpriseID
    public var name: String
    public var city: City
    public var createdAt: Int64

    public init(id: EnterpriseID, name: String, city: City, createdAt: Int64) {
        self.id = id
        self.name = name
        self.city = city
        self.createdAt = createdAt
    }
}

/// A filter for reading the audit log, newest first.
public struct AuditQuery: Sendable, Hashable {
    public var actor: String?
    public var action: String?
    public var since: Int64?
    public var until: Int64?
    public var limit: Int

    public init(actor: String? = nil, action: String? = nil, since: Int64? = nil, until: Int64? = nil, limit: Int = 100)
    {
        self.actor = actor
        self.action = action
        self.since = since
        self.until = until
        self.limit = limit
    }
}
