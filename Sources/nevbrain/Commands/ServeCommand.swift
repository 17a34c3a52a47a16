import ArgumentParser
import Foundation
import Identity
import Logging
import Model
import Store

/// `nevbrain serve`: run the platform.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the platform: HTTP API and GB/T 32960 gateway."
    )

    @OptionGroup var options: ConfigOptions

    @Option(
        name: .customLong("http-host"),
        help: "Address the HTTP API binds to (default 127.0.0.1; env NEVBRAIN_HTTP_HOST)")
    var httpHost: String?

    @Option(name: .customLong("http-port"), help: "HTTP API port (default 8080; env NEVBRAIN_HTTP_PORT)")
    var httpPort: Int?

    @Option(
        name: .customLong("gateway-port"), help: "GB/T 32960 gateway port (default 32960; env NEVBRAIN_GATEWAY_PORT)")
    var gatewayPort: Int?

    @Option(
        name: .customLong("gateway-host"),
        help: "Address the GB/T 32960 gateway binds to (default 127.0.0.1; env NEVBRAIN_GATEWAY_HOST)")
    var gatewayHost: String?

    @Option(
        name: .customLong("gateway-tls-cert"),
        help: "PEM certificate chain; with --gateway-tls-key the gateway speaks TLS (env NEVBRAIN_GATEWAY_TLS_CERT)")
    var gatewayTLSCertificate: String?

    @Option(
        name: .customLong("gateway-tls-key"),
        help: "PEM private key of --gateway-tls-cert (env NEVBRAIN_GATEWAY_TLS_KEY)")
    var gatewayTLSKey: String?

    @Option(
        name: .customLong("http-tls-cert"),
        help:
            "PEM certificate chain; with --http-tls-key the HTTP API and the OCPP WebSocket speak TLS (env NEVBRAIN_HTTP_TLS_CERT)"
    )
    var httpTLSCertificate: String?

    @Option(
        name: .customLong("http-tls-key"), help: "PEM private key of --http-tls-cert (env NEVBRAIN_HTTP_TLS_KEY)")
    var httpTLSKey: String?

    @Option(
        name: .customLong("ocpp-heartbeat-seconds"),
        help: "Heartbeat interval given to OCPP charge points (default 300; env NEVBRAIN_OCPP_HEARTBEAT_SECONDS)")
    var ocppHeartbeatSeconds: Int?

    @Flag(name: .customLong("no-gateway"), help: "Do not run the GB/T 32960 gateway (env NEVBRAIN_GATEWAY=false)")
    var noGateway = false

    @Flag(
        name: .customLong("no-migrate"), help: "Do not apply pending migrations on start (env NEVBRAIN_MIGRATE=false)")
    var noMigrate = false

    var extraFlags: [String: String] {
        var flags: [String: String] = [:]
        flags["http-host"] = httpHost
        flags["http-port"] = httpPort.map(String.init)
        flags["gateway-port"] = gatewayPort.map(String.init)
        flags["gateway-host"] = gatewayHost
        flags["gateway-tls-cert"] = gatewayTLSCertificate
        flags["gateway-tls-key"] = gatewayTLSKey
        flags["http-tls-cert"] = httpTLSCertificate
        flags["http-tls-key"] = httpTLSKey
        flags["ocpp-heartbeat-seconds"] = ocppHeartbeatSeconds.map(String.init)
        if noGateway { flags["gateway"] = "false" }
        if noMigrate { flags["migrate"] = "false" }
        return flags
    }

    func run() async throws {
        let runtime = try await PlatformRuntime.start(options, extra: extraFlags)
        try await runtime.serve()
    }
}
