import Logging
import Model
import NIOCore
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
        let writer = TelemetryWriter(store: store, logger: logger)
        let authenticator = StorePlatformAuthenticator(store: store, passwords: passwords, logger: logger)
        let services = GatewayServices(
            policy: policy, directory: directory, registry: ConnectionRegistry(), writer: writer,
            authenticator: authenticator, logger: logger)
        let listener = try await GatewayServer.bind(
            host: configuration.gatewayHost, port: configuration.gatewayPort,
            idleTimeout: .seconds(Int64(configuration.gatewayIdleSeconds)), services: services)
        logger.info(
            "GB/T 32960 gateway listening",
            metadata: [
                "address": "\(configuration.gatewayHost):\(listener.port)", "registered_vehicles": "\(directory.count)",
            ])
        await withGracefulShutdownHandler {
            await writer.run()
        } onGracefulShutdown: {
            Task {
                await listener.shutdown()
                writer.finish()
            }
        }
        logger.info("GB/T 32960 gateway stopped", metadata: ["rows_written": "\(writer.written)"])
    }
}
