import Foundation
import Hummingbird
public import Identity
import Logging
import Model
import NIOCore
public import OCPPCentral
public import Prometheus
import Reports
public import Safety
public import Store
public import Webhooks

/// Everything the HTTP layer needs, assembled once by the composition root (`nevbrain serve`) or a test.
public struct PlatformServices: Sendable {
    public let store: any PlatformStore
    public let identity: IdentityService
    /// The registry `/metrics` renders; the process-wide swift-metrics backend writes into it.
    public let metrics: PrometheusCollectorRegistry
    public let version: String
    /// State changes the gateway committed, for the WebSocket live feed.
    public let liveFeed: LiveFeed
    /// Safety monitoring, told when warning thresholds change; nil where no gateway runs.
    public let safety: SafetyMonitor?
    /// Webhook delivery, told when webhooks are added or removed; nil where none runs.
    public let webhooks: WebhookDispatcher?
    /// The T/CEC 102 exchange with operator platforms.
    public let tcec: TCECService
    /// Where the plan's targets stand.
    let targets: TargetTracker
    /// The OCPP 1.6J central system behind `/ocpp/{id}` and the remote operations.
    public let centralSystem: CentralSystem
    /// Fleet summaries reused for a few seconds (`FleetSummaryCache`).
    let fleetSummaries: FleetSummaryCache

    /// - Parameter fleetSummaryMaxAge: how long a fleet summary is reused; zero computes one per request.
    public init(
        store: any PlatformStore, identity: IdentityService, metrics: PrometheusCollectorRegistry, version: String,
        liveFeed: LiveFeed = LiveFeed(), safety: SafetyMonitor? = nil, webhooks: WebhookDispatcher? = nil,
        fleetSummaryMaxAge: Duration = .seconds(5), tcecOperatorID: String = PlatformConfiguration().tcecOperatorID,
        centralSystem: CentralSystem? = nil
    ) {
        self.store = store
        self.identity = identity
        self.metrics = metrics
        self.version = version
        self.liveFeed = liveFeed
        self.safety = safety
        self.webhooks = webhooks
        self.fleetSummaries = FleetSummaryCache(maxAge: fleetSummaryMaxAge)
        self.tcec = TCECService(store: store, platformOperatorID: tcecOperatorID)
        self.targets = TargetTracker.withChargingRegistry(store: store)
        self.centralSystem = centralSystem ?? CentralSystem(store: store.ocpp, logger: Logger(label: "nevbrain.ocpp"))
    }
}
