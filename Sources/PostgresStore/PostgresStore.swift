import Logging
import Model
import PostgresNIO
public import Store
import Synchronization

/// The production store: PostgreSQL through postgres-nio's connection pool (`PostgresClient`).
///
/// Several `serve` processes may share one database (ARCHITECTURE.md, "Scale-out path"), so nothing
/// here assumes it is the only writer: migrations serialise on an advisory lock, and every
/// repository call is a single statement or one transaction.
public final class PostgresStore: PlatformStore {
    public let engine = StoreEngine.postgres
    /// The pool every repository leases connections from.
    let client: PostgresClient
    /// Two connections for the charger finder, started with bitmap scans and sorts off: `cube`'s `<@` has a fixed
    /// selectivity guess, so with them on the planner fetches every station of the search cube and sorts them
    /// (27 ms in a city centre) instead of the ordered GiST scan that stops after the first matches (0.9 ms).
    /// Setting this per connection saves the transaction and two `SET LOCAL` round trips per query. The search is a
    /// prepared statement, so the server may reuse one plan for it (its own choice: a generic plan forced at the first
    /// query on a freshly loaded, not yet analysed table scanned everything, 65 ms a query, for the connection's life).
    let finderClient: PostgresClient
    /// The finder's connections and its queries' tasks share one event loop (see `EventLoopTaskExecutor`).
    let finderExecutor: EventLoopTaskExecutor
    let logger: Logger
    /// Where the store connects, with the password; never log it (`StoreLocation` hides it).
    public let location: PostgresLocation
    /// The pool only works while `client.run()` runs, so the store owns that task and ends it in `close()`.
    private let runTask: Task<Void, Never>
    private let finderRunTask: Task<Void, Never>
    /// Work to do once the pool is closed (dropping a throwaway test database); taken once so a
    /// second `close()` does nothing more.
    private let afterClose: Mutex<(@Sendable () async throws -> Void)?>

    /// Creates the pool and starts it; connections are opened lazily, on first use.
    ///
    /// - Parameters:
    ///   - location: a parsed `postgres://` URL; `sslmode=require` (or `verify-full`) asks for TLS,
    ///     with the server certificate verified against the system's trust roots, otherwise TLS is off.
    ///   - logger: receives the pool's background messages and each query's debug logs.
    ///   - maxConnections: the pool's upper bound; each `serve` process holds at most this many.
    public convenience init(location: PostgresLocation, logger: Logger, maxConnections: Int = 10) {
        self.init(location: location, logger: logger, maxConnections: maxConnections, afterClose: nil)
    }

    init(
        location: PostgresLocation, logger: Logger, maxConnections: Int,
        afterClose: (@Sendable () async throws -> Void)?
    ) {
        self.location = location
        self.logger = logger
        let client = PostgresClient(
            configuration: Self.configuration(location, maxConnections: maxConnections), backgroundLogger: logger)
        self.client = client
        runTask = Task { await client.run() }
        var finderConfiguration = Self.configuration(location, maxConnections: 2)
        finderConfiguration.options.additionalStartupParameters = [
            ("enable_bitmapscan", "off"), ("enable_sort", "off"),
        ]
        let finderLoop = PostgresClient.defaultEventLoopGroup.next()
        let finderClient = PostgresClient(
            configuration: finderConfiguration, eventLoopGroup: finderLoop, backgroundLogger: logger)
        finderExecutor = EventLoopTaskExecutor(finderLoop)
        self.finderClient = finderClient
        finderRunTask = Task { await finderClient.run() }
        self.afterClose = Mutex(afterClose)
    }

    deinit {
        // A store dropped without `close()` must not leave the pool's task running forever.
        runTask.cancel()
        finderRunTask.cancel()
    }

    static func configuration(_ location: PostgresLocation, maxConnections: Int) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database,
            tls: location.requireTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = max(1, maxConnections)
        return configuration
    }

    public var users: any UserRepository { PostgresUsers(store: self) }
    public var tokens: any TokenRepository { PostgresTokens(store: self) }
    public var audit: any AuditRepository { PostgresAudit(store: self) }
    public var enterprises: any EnterpriseRepository { PostgresEnterprises(store: self) }
    public var telemetry: any TelemetryRepository { PostgresTelemetry(store: self) }
    public var vehicles: any VehicleRepository { PostgresVehicles(store: self) }
    public var platformAccounts: any PlatformAccountRepository { PostgresPlatformAccounts(store: self) }
    public var safety: any SafetyRepository { PostgresSafety(store: self) }
    public var webhooks: any WebhookRepository { PostgresWebhooks(store: self) }
    public var tcecAccounts: any TCECAccountRepository { PostgresTCECAccounts(store: self) }
    public var statistics: any StatisticsRepository { PostgresStatistics(store: self) }
    public var industry: any IndustryRepository { PostgresIndustry(store: self) }
    public var charging: any ChargingRepository { PostgresCharging(store: self) }
    public var ocpp: any OCPPRepository { PostgresOCPP(store: self) }

    /// How long `ping()` waits for an answer. The pool itself keeps retrying an unreachable server
    /// for about a minute before giving up, far too long for a readiness probe.
    static let pingTimeout = Duration.seconds(5)

    public func ping() async throws {
        try await run("ping") {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await _ in try await self.client.query("SELECT 1", logger: self.logger) {}
                }
                group.addTask {
                    try await Task.sleep(for: Self.pingTimeout)
                    throw StoreError(
                        .engine,
                        "ping: no answer from \(self.location.host):\(self.location.port) within \(Self.pingTimeout)")
                }
                // The first to finish decides; the other is cancelled (a pending lease gives up on cancellation).
                defer { group.cancelAll() }
                try await group.next()
            }
        }
    }

    /// Closes every pooled connection and waits until the pool's task has ended, then runs the
    /// after-close work (if any). Safe to call twice.
    public func close() async throws {
        runTask.cancel()
        finderRunTask.cancel()
        await runTask.value
        await finderRunTask.value
        let work = afterClose.withLock { work in
            defer { work = nil }
            return work
        }
        try await work?()
    }

    /// Runs one repository operation, turning driver errors into `StoreError`s that say what failed.
    @discardableResult func run<Result: Sendable>(_ what: String, _ operation: () async throws -> Result) async throws
        -> Result
    {
        do {
            return try await operation()
        } catch {
            throw StoreError.from(error, while: what)
        }
    }
}
