import ArgumentParser
import Foundation
import Identity
import Logging
import Model
import OCPP
import OCPPCentral
import Safety
import ServiceLifecycle
import Store
import UnixSignals
import WebAPI
import Webhooks

/// What every subcommand that touches the store needs: configuration, logger, store, identity.
struct PlatformRuntime {
    let configuration: PlatformConfiguration
    let logger: Logger
    let store: any PlatformStore
    let identity: IdentityService
    /// Shared by the gateway (publisher) and the HTTP API's WebSocket (subscribers).
    let liveFeed = LiveFeed()
    /// Safety monitoring of the gateway's stream (idle when the gateway is off).
    let safety: SafetyMonitor
    /// Delivers safety events to webhooks.
    let webhooks: WebhookDispatcher
    /// The OCPP 1.6J central system behind `/ocpp/{id}`. Its charging feed is a no-op until the charging registry
    /// is wired in.
    let centralSystem: CentralSystem

    /// Resolves configuration, sets up logging (to stderr, so stdout stays for command output),
    /// and opens the store. `migrate` applies pending migrations first.
    static func start(_ options: ConfigOptions, extra: [String: String] = [:], migrate: Bool? = nil) async throws
        -> PlatformRuntime
    {
        let configuration = try options.resolve(extra: extra)
        LogSetup.bootstrap(level: configuration.logLevel)
        var logger = Logger(label: "nevbrain")
        logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
        let store = try StoreOpener.open(configuration.storeLocation, logger: logger)
        if migrate ?? configuration.migrateOnStart {
            let applied = try await store.migrate()
            if !applied.isEmpty {
                logger.info("applied migrations", metadata: ["versions": "\(applied)", "store": "\(store.engine)"])
            }
        } else if migrate == nil, !(try await store.pendingMigrations().isEmpty) {
            // Only when the user turned migrations off; `nevbrain migrate` itself passes false and needs no warning.
            logger.warning("store has pending migrations; run nevbrain migrate")
        }
        let identity = IdentityService(
            store: store, hasher: PasswordHasher(cost: UInt8(configuration.bcryptCost)),
            loginTokenLifetime: Int64(configuration.loginTokenHours) * 3600)
        return PlatformRuntime(configuration: configuration, logger: logger, store: store, identity: identity)
    }

    private init(
        configuration: PlatformConfiguration, logger: Logger, store: any PlatformStore, identity: IdentityService
    ) {
        self.configuration = configuration
        self.logger = logger
        self.store = store
        self.identity = identity
        centralSystem = CentralSystem(
            store: store.ocpp, feed: RegistryChargingFeed(store: store, logger: logger),
            heartbeatInterval: configuration.ocppHeartbeatSeconds,
            logger: {
                var logger = logger
                logger[metadataKey: "service"] = "ocpp"
                return logger
            }())
        let feed = liveFeed
        let metrics = SafetyMetrics()
        let safetyLogger = {
            var logger = logger
            logger[metadataKey: "service"] = "safety"
            return logger
        }()
        let webhooks = WebhookDispatcher(store: store, logger: safetyLogger)
        self.webhooks = webhooks
        safety = SafetyMonitor(store: store, logger: safetyLogger) { recorded in
            metrics.recorded(recorded.output)
            let events = recorded.liveEvents
            if feed.subscriberCount > 0 { feed.publish(events) }
            do {
                try await webhooks.publish(events)
            } catch {
                safetyLogger.error("webhook deliveries not queued", metadata: ["error": "\(error)"])
            }
        }
    }

    /// The command-line actor for audit entries: `cli:<login name>`.
    var cliPrincipal: Principal {
        .system("cli:\(ProcessInfo.processInfo.environment["USER"] ?? "unknown")")
    }

    var services: PlatformServices {
        PlatformServices(
            store: store, identity: identity, metrics: PlatformMetrics.registry, version: NevBrain.version,
            liveFeed: liveFeed, safety: safety, webhooks: webhooks, tcecOperatorID: configuration.tcecOperatorID,
            centralSystem: centralSystem)
    }

    /// Runs the platform's services until SIGINT or SIGTERM, then shuts down gracefully and closes the store.
    func serve(onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }) async throws {
        let services = self.services
        let app = try PlatformAPI.application(
            configuration: configuration, services: services, logger: logger, onListening: onListening)
        var running: [any Service] = [app, WebhookService(dispatcher: webhooks)]
        if configuration.tcecPullMinutes > 0 {
            running.append(
                TCECPullService(
                    tcec: services.tcec, every: .seconds(configuration.tcecPullMinutes * 60), logger: logger))
        }
        if configuration.gatewayEnabled {
            running.append(
                GatewayService(
                    configuration: configuration, store: store, passwords: .bcrypt(identity.hasher),
                    liveFeed: liveFeed, safety: safety, logger: logger))
        }
        let group = ServiceGroup(
            configuration: .init(services: running, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info(
            "nevbrain starting", metadata: ["version": "\(NevBrain.version)", "store": "\(store.engine.rawValue)"])
        do {
            try await group.run()
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
        logger.info("nevbrain stopped")
    }
}

/// swift-log set up once per process, writing to standard error.
enum LogSetup {
    private static let once: Void = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .trace  // each Logger sets its own level
            return handler
        }
    }()

    static func bootstrap(level: String) {
        _ = once
    }
}

/// Webhook delivery as a service of `serve`: until shutdown. Deliveries still pending then stay queued in the store
/// and go out after the next start.
/// Pulls from every T/CEC 102 operator platform with pull settings, every `every`, until shutdown.
struct TCECPullService: Service {
    let tcec: TCECService
    let every: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await Task.sleep(for: every) } catch { return }
                await tcec.pullAll(logger: logger)
            }
        }
    }
}

struct WebhookService: Service {
    let dispatcher: WebhookDispatcher

    func run() async throws {
        await cancelWhenGracefulShutdown { await dispatcher.run() }
    }
}
