import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import Identity
import Logging
import Metrics
public import Model
import NIOCore
import NIOSSL
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
            + OCPPRoutes.endpoints(services)
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

    /// The application `serve` runs: the router bound to the configured HTTP address, over TLS when
    /// `http-tls-cert` and `http-tls-key` are set (then the OCPP WebSocket is wss://, security profile 2).
    public static func application(
        configuration: PlatformConfiguration, services: PlatformServices, logger: Logger,
        onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) throws -> some ApplicationProtocol {
        let tls = try tlsConfiguration(configuration)
        let server = HTTPServerBuilder { responder in
            let upgrading = HTTP1WebSocketUpgradeChannel(
                responder: responder, configuration: HTTP1WebSocketUpgradeChannel.Configuration()
            ) { request, _, logger in
                if request.path?.hasPrefix(OCPPRoutes.socketPrefix) == true {
                    return await OCPPRoutes.shouldUpgrade(request, services: services, logger: logger)
                }
                return await LiveRoutes.shouldUpgrade(request, services: services, logger: logger)
            }
            let gated = HandshakeGateChannel(base: upgrading) { path, headers in
                await OCPPRoutes.handshakeRefusal(path: path, headers: headers, services: services)
            }
            guard let tls else { return gated }
            return try TLSChannel(gated, tlsConfiguration: tls)
        }
        return Application(
            router: router(services),
            server: server,
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

extension PlatformAPI {
    /// The server's TLS configuration from `http-tls-cert` and `http-tls-key`; nil when neither is set.
    static func tlsConfiguration(_ configuration: PlatformConfiguration) throws -> TLSConfiguration? {
        switch (configuration.httpTLSCertificate, configuration.httpTLSKey) {
        case (nil, nil):
            return nil
        case (let certificate?, let key?):
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(certificate).map {
                    NIOSSLCertificateSource.certificate($0)
                }
                return TLSConfiguration.makeServerConfiguration(
                    certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            } catch {
                throw ConfigurationError(
                    key: "http-tls-cert", message: "cannot load \(certificate) and \(key): \(error)")
            }
        default:
            throw ConfigurationError(key: "http-tls-cert", message: "http-tls-cert and http-tls-key go together")
        }
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
