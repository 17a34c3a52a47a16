import Foundation
public import Hummingbird
import HummingbirdWebSocket
import Identity
import Logging
import Metrics
public import Model
import NIOCore
public import Prometheus
import Store
import Synchronization

/// The HTTP API, assembled from every area's endpoint table. Used by `nevbrain serve` and by tests,
/// so both run the same application.
public enum PlatformAPI {
    /// Every endpoint of the platform. The router, the OpenAPI document and the access tests read this.
    public static func endpoints(_ services: PlatformServices) -> [Endpoint] {
        let table = Mutex<[Endpoint]>([])
        let document: @Sendable () -> JSONValue = {
            OpenAPIDocument.build(endpoints: table.withLock { $0 }, version: services.version)
        }
        let all =
            SystemRoutes.endpoints(services, document: document)
            + IdentityRoutes.endpoints(services)
            + EnterpriseRoutes.endpoints(services)
            + VehicleRoutes.endpoints(services)
            + TelemetryRoutes.endpoints(services)
            + LiveRoutes.endpoints(services)
            + SafetyRoutes.endpoints(services)
            + WebhookRoutes.endpoints(services)
            + TCECRoutes.endpoints(services)
            + StatisticsRoutes.endpoints(services)
            + IndustryRoutes.endpoints(services)
            + TargetRoutes.endpoints(services)
            + SurveyRoutes.endpoints(services)
            + ChargingRoutes.endpoints(services)
            + AuditRoutes.endpoints(services)
        table.withLock { $0 = all }
        return all
    }

    /// The OpenAPI 3.1 document for `services`' endpoints.
    public static func openAPIDocument(_ services: PlatformServices) -> JSONValue {
        OpenAPIDocument.build(endpoints: endpoints(services), version: services.version)
    }

    /// The router with middleware: request logging, metrics, the JSON error shape, authentication,
    /// then each endpoint's access check before its handler.
    public static func router(_ services: PlatformServices) -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: AuthenticationMiddleware(identity: services.identity))
        for endpoint in endpoints(services) {
            router.on(RouterPath(endpoint.path), method: endpoint.method) { request, context in
                do {
                    try endpoint.access.check(context.principal)
                } catch let error as APIError where error.status == .forbidden {
                    try await services.store.audit.append(
                        AuditEntry(
                            at: Clock.nowMicros(), actor: context.principal.actor, role: context.principal.role,
                            action: "route.denied",
                            resource: "\(endpoint.method.rawValue) \(endpoint.path)", outcome: "denied"))
                    throw error
                }
                return try await endpoint.handler(request, context)
            }
        }
        return router
    }

    /// The application `serve` runs: the router bound to the configured HTTP address.
    public static func application(
        configuration: PlatformConfiguration, services: PlatformServices, logger: Logger,
        onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(services),
            server: .http1WebSocketUpgrade { request, _, logger in
                await LiveRoutes.shouldUpgrade(request, services: services, logger: logger)
            },
            configuration: .init(
                address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: "nevbrain"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.httpPort
                logger.info("HTTP API listening", metadata: ["address": "http://\(configuration.httpHost):\(port)"])
                await onListening(configuration.httpHost, port)
            },
            logger: logger)
    }
}

/// The process-wide Prometheus registry behind swift-metrics. swift-metrics can be bootstrapped
/// once per process, so every application in the process (tests make many) shares this one.
public enum PlatformMetrics {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
