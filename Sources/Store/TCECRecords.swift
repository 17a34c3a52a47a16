/// The four secrets of one direction of T/CEC 102 calls (102.4 §5), as stored. `TCEC.TCECSecrets` checks them.
public struct TCECSecretSet: Sendable, Hashable, Codable {
    public var operatorSecret: String
    public var dataSecret: String
    public var dataSecretIV: String
    public var sigSecret: String

    public init(operatorSecret: String, dataSecret: String, dataSecretIV: String, sigSecret: String) {
        self.operatorSecret = operatorSecret
        self.dataSecret = dataSecret
        self.dataSecretIV = dataSecretIV
        self.sigSecret = sigSecret
    }
}

/// An operator platform that exchanges T/CEC 102 data with the provincial platform.
///
/// The secrets are stored in clear: AES and HMAC need them as they are. Protect the database accordingly.
public struct TCECAccountRecord: Sendable, Hashable {
    /// The operator's 9-character organisation code (T/CEC OperatorID).
    public var operatorID: String
    public var name: String
    /// Secrets the platform issued; the operator uses them to call us.
    public var inbound: TCECSecretSet
    /// Secrets the operator issued to us for pulling; nil when we only receive pushes.
    public var outbound: TCECSecretSet?
    /// The operator's interface root, e.g. `https://evcs.example.com/evcs/v20160701`.
    public var baseURL: String?
    public var enabled: Bool
    public var createdAt: Int64
    /// When the last pull finished (Unix microseconds) and what it did.
    public var lastPullAt: Int64?
    public var lastPullOutcome: String?

    public init(
        operatorID: String, name: String, inbound: TCECSecretSet, outbound: TCECSecretSet? = nil,
        baseURL: String? = nil, enabled: Bool = true, createdAt: Int64, lastPullAt: Int64? = nil,
        lastPullOutcome: String? = nil
    ) {
        self.operatorID = operatorID
        self.name = name
        self.inbound = inbound
        self.outbound = outbound
        self.baseURL = baseURL
        self.enabled = enabled
        self.createdAt = createdAt
        self.lastPullAt = lastPullAt
        self.lastPullOutcome = lastPullOutcome
    }
}

/// Operator platforms of the T/CEC 102 exchange.
public protocol TCECAccountRepository: Sendable {
    /// Inserts or replaces by operator ID (keeping `createdAt` and the last pull of an existing account).
    func upsert(_ account: TCECAccountRecord) async throws
    func find(operatorID: String) async throws -> TCECAccountRecord?
    /// All accounts in operator-ID order.
    func list() async throws -> [TCECAccountRecord]
    /// Returns false if no such account.
    func delete(operatorID: String) async throws -> Bool
    /// Records the end of a pull.
    func notePull(operatorID: String, at: Int64, outcome: String) async throws
    /// Keeps an access token issued to `operatorID` by `query_token`, by its hash, until `expiresAt` (seconds), so
    /// that every process of the platform accepts it and a restart keeps it; tokens expired at `now` are dropped.
    func keepToken(hash: String, operatorID: String, expiresAt: Int64, now: Int64) async throws
    /// The operator whose token has `hash`, if it is still live at `now` (seconds).
    func tokenOperator(hash: String, now: Int64) async throws -> String?
}
