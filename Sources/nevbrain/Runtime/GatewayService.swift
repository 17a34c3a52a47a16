import ArgumentParser
import Logging
import Model
import NIOCore
import NIOSSL
import Safety
import ServiceLifecycle
import Store
import Telemetry

/// The GB/T 32960 gateway as a service of `serve`: loads the VIN directory, listens, and on shutdown stops
/// accepting, closes the connections and drains the telemetry queue before returning.
struct GatewayService: Service {
    let configuration: PlatformConfiguration
    let store: any PlatformStore
    /// Checks the passwords of platform logins (0x05).
    let passwords: PlatformPasswordVerifier
    /// Where committed state changes go for WebSocket subscribers.
    let liveFeed: LiveFeed
    /// Safety monitoring of what the writer commits.
    let safety: SafetyMonitor
    let logger: Logger

    var policy: GatewayPolicy {
        GatewayPolicy(
            unknownVehicles: configuration.gatewayUnknownVehicles == "refuse" ? .refuse : .acceptAndFlag,
            duplicateLogin: configuration.gatewayDuplicateLogin == "refuse" ? .refuseNew : .replaceOld)
    }

    func run() async throws {
        var logger = logger
        logger[metadataKey: "service"] = "gateway"
        let directory = try await VehicleDirectory.load(from: store)
        let feed = liveFeed
        let metrics = GatewayMetrics()
        let safety = safety
        let writer = TelemetryWriter(
            store: store, configuration: .init(lanes: TelemetryWriter.Configuration.lanes(for: store.engine)),
            logger: logger
        ) { batch in
            metrics.committed(batch)
            safety.submit(batch)
            // Skip building events nobody is listening for.
            if feed.subscriberCount > 0 { feed.publish(LiveEvent.committed(batch, directory: directory)) }
        }
        let authenticator = StorePlatformAuthenticator(store: store, passwords: passwords, logger: logger)
        let presence = VehiclePresence(offlineAfterSeconds: configuration.gatewayIdleSeconds)
        let registry = ConnectionRegistry()
        let services = GatewayServices(
            policy: policy, directory: directory, registry: registry, writer: writer, presence: presence,
            authenticator: authenticator, logger: logger)
        // Across processes the newer login wins; with `gateway-duplicate-login = refuse`, refusal is per process.
        let takeovers =
            policy.duplicateLogin == .replaceOld
            ? TakeoverWatch(store: store, registry: registry, start: Clock.nowMicros()) : nil
        let listener = try await GatewayServer.bind(
            host: configuration.gatewayHost, port: configuration.gatewayPort,
            idleTimeout: .seconds(Int64(configuration.gatewayIdleSeconds)), services: services,
            tls: try tlsContext(), reusePort: configuration.gatewayReusePort)
        logger.info(
            "GB/T 32960 gateway listening",
            metadata: [
                "address": "\(configuration.gatewayHost):\(listener.port)", "registered_vehicles": "\(directory.count)",
            ])
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    await writer.run()
                    // The writer has drained: what it committed is queued for the monitor, which finishes it.
                    safety.finish()
                }
                group.addTask { await safety.run() }
                if let takeovers {
                    group.addTask { [logger] in await Self.watchTakeovers(takeovers, logger: logger) }
                }
                group.addTask { [store, logger] in
                    await Self.sweepPresence(presence, writer: writer, store: store, logger: logger) {
                        metrics.sample(
                            connections: listener.connectionCount, online: presence.onlineCount, queued: writer.queued)
                    }
                }
                await group.next()  // the writer or the monitor: both end only at shutdown
                await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            Task {
                await listener.shutdown()
                writer.finish()
            }
        }
        logger.info("GB/T 32960 gateway stopped", metadata: ["records_written": "\(writer.written)"])
    }

    /// The TLS context from `gateway-tls-cert` and `gateway-tls-key`, nil when neither is set.
    private func tlsContext() throws -> NIOSSLContext? {
        switch (configuration.gatewayTLSCertificate, configuration.gatewayTLSKey) {
        case (nil, nil):
            return nil
        case (let certificate?, let key?):
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(certificate).map {
                    NIOSSLCertificateSource.certificate($0)
                }
                let configuration = TLSConfiguration.makeServerConfiguration(
                    certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
                return try NIOSSLContext(configuration: configuration)
            } catch {
                throw ValidationError(
                    "gateway-tls-cert/gateway-tls-key: cannot load \(certificate) and \(key): \(error)")
            }
        default:
            throw ValidationError("gateway-tls-cert and gateway-tls-key go together: set both or neither")
        }
    }

    /// Every 5 s, closes the connections whose vehicle or platform logged in again on another gateway process.
    private static func watchTakeovers(_ watch: TakeoverWatch, logger: Logger) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(5)) } catch { return }
            do {
                let replaced = try await watch.check(now: Clock.nowMicros())
                if replaced > 0 {
                    logger.info(
                        "connections taken over by logins on other processes", metadata: ["count": "\(replaced)"])
                }
            } catch {
                logger.warning("takeover check failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Every 10 s, vehicles silent for the offline timeout go offline; every minute (and at start), vehicles
    /// the store still has online but that nobody has heard from for twice that long go offline as `stale`:
    /// those left online by a process that stopped, here or on another machine sharing the database.
    private static func sweepPresence(
        _ presence: VehiclePresence, writer: TelemetryWriter, store: any PlatformStore, logger: Logger,
        sample: @Sendable () -> Void
    ) async {
        var round = 0
        while !Task.isCancelled {
            if round % 6 == 0 {
                let now = Clock.nowMicros()
                do {
                    let stale = try await store.telemetry.expireOnline(
                        lastSeenBefore: now - 2 * presence.offlineAfter, at: now, reason: "stale")
                    if !stale.isEmpty { logger.info("stale vehicles offline", metadata: ["count": "\(stale.count)"]) }
                } catch {
                    logger.warning("stale presence sweep failed", metadata: ["error": "\(error)"])
                }
            }
            round += 1
            do { try await Task.sleep(for: .seconds(10)) } catch { return }
            for change in presence.expire(now: Clock.nowMicros()) { writer.submit(.presence(change)) }
            sample()
        }
    }
}
