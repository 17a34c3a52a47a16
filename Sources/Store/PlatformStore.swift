public import Model

/// The whole persistent state of the platform, behind one protocol with two real implementations
/// (`SQLiteStore`, `PostgresStore`). Area modules talk to the repositories, never to SQL drivers.
public protocol PlatformStore: Sendable {
    /// Which engine this is, for logs and `/readyz`.
    var engine: StoreEngine { get }
    /// Applies every migration not yet applied, in version order, each in its own transaction.
    /// Returns the versions it applied.
    @discardableResult func migrate() async throws -> [Int]
    /// Versions of the migrations this binary knows but the database has not applied.
    func pendingMigrations() async throws -> [Int]
    /// Cheap round trip proving the database answers.
    func ping() async throws
    /// Releases connections and threads; the store is unusable afterwards.
    func close() async throws

    var users: any UserRepository { get }
    var tokens: any TokenRepository { get }
    var audit: any AuditRepository { get }
    var enterprises: any EnterpriseRepository { get }
    var telemetry: any TelemetryRepository { get }
    var vehicles: any VehicleRepository { get }
    var platformAccounts: any PlatformAccountRepository { get }
    var safety: any SafetyRepository { get }
    var webhooks: any WebhookRepository { get }
    var tcecAccounts: any TCECAccountRepository { get }
    var statistics: any StatisticsRepository { get }
    var industry: any IndustryRepository { get }
    var charging: any ChargingRepository { get }
    var ocpp: any OCPPRepository { get }
}

/// The two storage engines.
public enum StoreEngine: String, Sendable {
    case sqlite
    case postgres
}

/// Users who log in.
public protocol UserRepository: Sendable {
    /// Throws `StoreError.conflict` if the name is taken.
    func insert(_ user: UserAccount) async throws
    func find(name: String) async throws -> UserAccount?
    func find(id: String) async throws -> UserAccount?
    func list() async throws -> [UserAccount]
    /// Returns false if no such user.
    func setDisabled(name: String, _ disabled: Bool) async throws -> Bool
}

/// Accounts of the platforms that forward vehicle data to the GB/T 32960 gateway (platform login, 0x05).
public protocol PlatformAccountRepository: Sendable {
    /// Throws `StoreError.conflict` (and stores nothing) if the user name is taken, the enterprise is not in
    /// the enterprise registry, or the reply style is not one of `PlatformAccount.replyStyles`.
    func insert(_ account: PlatformAccount) async throws
    /// The account with exactly this user name, or nil.
    func find(username: String) async throws -> PlatformAccount?
    /// All accounts, in user-name order (byte order on both engines).
    func list() async throws -> [PlatformAccount]
    /// Returns false if no such account.
    func setDisabled(username: String, _ disabled: Bool) async throws -> Bool
}

/// Bearer tokens, looked up by the hash of their secret.
public protocol TokenRepository: Sendable {
    func insert(_ token: APIToken) async throws
    func find(secretHash: String) async throws -> APIToken?
    func find(id: String) async throws -> APIToken?
    /// Tokens of one user, or all service tokens when `userID` is nil and `all` is false.
    func list(userID: String?) async throws -> [APIToken]
    /// Marks the token revoked at `at`; returns false if it does not exist or was already revoked.
    func revoke(id: String, at: Int64) async throws -> Bool
}

/// Append-only log of important reads and writes.
public protocol AuditRepository: Sendable {
    func append(_ entry: AuditEntry) async throws
    func query(_ query: AuditQuery) async throws -> [AuditEntry]
}

/// Enterprises, the owners that scope data.
public protocol EnterpriseRepository: Sendable {
    /// Inserts or replaces by id.
    func upsert(_ enterprise: EnterpriseRecord) async throws
    func find(id: EnterpriseID) async throws -> EnterpriseRecord?
    /// All enterprises, or those of one city; ordered by id.
    func list(city: City?) async throws -> [EnterpriseRecord]
}

/// What the gateway stores: decoded reports with their verbatim frames, the other accepted frames, each
/// vehicle's latest state, and online/offline events. Written in batches (group commit).
public protocol TelemetryRepository: Sendable {
    /// Commits the whole batch in one transaction, all or nothing: inserts the reports and frames, moves each
    /// vehicle's latest state forward (never back: a report older than the stored state only updates
    /// `lastSeenAt`), then applies the presence changes in order. An online change of a vehicle already online
    /// only takes the session over; an offline change applies only if it comes from the session the vehicle is
    /// online on. Each real transition is recorded as a `VehicleEvent`.
    func ingest(_ batch: IngestBatch) async throws
    /// Number of stored reports (for tests and benchmarks).
    func count() async throws -> Int
    /// One vehicle's reports in `[from, to)` collection time, oldest first. With `everySeconds`, only the
    /// first report of each such interval (intervals aligned to the epoch): downsampling for long ranges.
    /// Without `withFrames`, `raw` is left empty and `session` nil: a day of frames is 3 MB nobody asked for.
    func rows(vin: String, from: Int64, to: Int64, limit: Int, everySeconds: Int?, withFrames: Bool) async throws
        -> [TelemetryRow]
    /// One vehicle's verbatim frames, reports and others, in `[from, to)` receive time, oldest first.
    func frames(vin: String, from: Int64, to: Int64, limit: Int) async throws -> [StoredFrame]
    /// The latest state of one vehicle, nil if it never logged in or reported.
    func latest(vin: String) async throws -> VehicleLatestState?
    /// One vehicle's online/offline events in `[from, to)`, oldest first.
    func events(vin: String, from: Int64, to: Int64, limit: Int) async throws -> [VehicleEvent]
    /// Takes offline (reason `reason`) every vehicle still online whose last frame was received before
    /// `lastSeenBefore`: vehicles left online by a process that stopped, or gone quiet. Returns the events.
    func expireOnline(lastSeenBefore: Int64, at: Int64, reason: String) async throws -> [VehicleEvent]
    /// Counts of the registered vehicles matching `filter` by state, in all, per city and per enterprise.
    func fleetSummary(_ filter: FleetFilter) async throws -> FleetSummary
    /// The newest claim of each identity claimed at or after `since` (µs since epoch, UTC). `ingest` keeps one claim
    /// per identity, the newest by (`claimedAt`, `session`): a claim that loses stays unwritten.
    func claims(since: Int64) async throws -> [IdentityClaim]
}

extension TelemetryRepository {
    /// Inserts reports only (benchmarks and tests).
    public func insert(_ rows: [TelemetryRow]) async throws {
        try await ingest(IngestBatch(reports: rows))
    }

    /// One vehicle's reports in `[from, to)`, with their frames, not downsampled.
    public func rows(vin: String, from: Int64, to: Int64, limit: Int) async throws -> [TelemetryRow] {
        try await rows(vin: vin, from: from, to: to, limit: limit, everySeconds: nil, withFrames: true)
    }

    /// One vehicle's reports in `[from, to)` with their frames, downsampled to one per `everySeconds`.
    public func rows(vin: String, from: Int64, to: Int64, limit: Int, everySeconds: Int?) async throws
        -> [TelemetryRow]
    {
        try await rows(vin: vin, from: from, to: to, limit: limit, everySeconds: everySeconds, withFrames: true)
    }
}

/// The vehicle registry: VIN, owner, model, fuel type, usage and city of each vehicle.
public protocol VehicleRepository: Sendable {
    /// Inserts or replaces each record by VIN, all in one transaction: all records or none. A
    /// replaced record keeps its original `createdAt`; a VIN given twice in one batch takes its last
    /// record. Throws `StoreError.conflict` (and stores nothing) if a record names an enterprise
    /// that is not in the enterprise registry.
    func upsert(_ records: [VehicleRecord]) async throws
    /// The vehicle with this VIN, or nil if it is not registered.
    func find(vin: VIN) async throws -> VehicleRecord?
    /// One page of the vehicles matching the query's filters, in VIN order, with the number of matches.
    func list(_ query: VehicleQuery) async throws -> VehiclePage
    /// Number of registered vehicles.
    func count() async throws -> Int
    /// The owners of those of `vins` that are registered (text that is not a VIN is simply not found).
    func owners(vins: [String]) async throws -> [String: EnterpriseID]
    /// Up to `limit` (VIN, owner) pairs in VIN order, starting after `vin` (from the first when nil):
    /// keyset paging through the whole registry, for callers that keep it in memory.
    func registrations(after vin: VIN?, limit: Int) async throws -> [VehicleOwnership]
}

extension VehicleRepository {
    /// Every (VIN, owner) pair in VIN order, read `pageSize` at a time so no single query holds the
    /// whole registry.
    public func allRegistrations(pageSize: Int = 10_000) async throws -> [VehicleOwnership] {
        precondition(pageSize > 0, "pageSize must be positive")
        var all: [VehicleOwnership] = []
        var after: VIN?
        while true {
            let page = try await registrations(after: after, limit: pageSize)
            all += page
            guard page.count == pageSize, let last = page.last else { return all }
            after = last.vin
        }
    }
}
