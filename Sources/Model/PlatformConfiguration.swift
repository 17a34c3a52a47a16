/// Every setting `nevbrain serve` reads, with its documented default.
///
/// Sources, strongest first: command-line flags, `NEVBRAIN_*` environment variables, the optional
/// JSON config file (`--config FILE` or `NEVBRAIN_CONFIG`), then these defaults. Each setting has
/// one key used in all three places: `http-port` is `--http-port`, `NEVBRAIN_HTTP_PORT` and
/// `"http-port"` in the file.
public struct PlatformConfiguration: Sendable, Equatable {
    /// Address the HTTP API binds to. Loopback by default; `0.0.0.0` to serve a network.
    public var httpHost = "127.0.0.1"
    public var httpPort = 8080
    /// Address and port of the GB/T 32960 gateway.
    public var gatewayHost = "127.0.0.1"
    public var gatewayPort = 32960
    /// Whether `serve` runs the GB/T 32960 gateway.
    public var gatewayEnabled = true
    /// `accept` (store flagged as unregistered) or `refuse` logins of VINs not in the vehicle registry.
    public var gatewayUnknownVehicles = "accept"
    /// `replace` (close the old connection, the standard's rule) or `refuse` (0x03) a second login.
    public var gatewayDuplicateLogin = "replace"
    /// Seconds without any frame before a gateway connection is closed.
    public var gatewayIdleSeconds = 180
    /// Whether several processes may listen on the gateway port at once (`SO_REUSEPORT`; the kernel spreads new
    /// connections among them).
    public var gatewayReusePort = false
    /// PEM certificate chain and private key: when both are set the gateway speaks TLS only.
    public var gatewayTLSCertificate: String?
    public var gatewayTLSKey: String?
    /// PEM certificate chain and private key: when both are set the HTTP API (and the OCPP WebSocket) speaks TLS.
    public var httpTLSCertificate: String?
    public var httpTLSKey: String?
    /// Seconds between heartbeats the OCPP central system asks charge points for.
    public var ocppHeartbeatSeconds = 300
    /// Folder for the embedded store and other local state.
    public var dataDirectory = "./nevbrain-data"
    /// `sqlite:PATH` or `postgres://...`; nil means `sqlite:<data-dir>/nevbrain.sqlite`.
    public var store: String?
    /// trace, debug, info, notice, warning, error, critical.
    public var logLevel = "info"
    /// Whether `serve` applies pending migrations on start.
    public var migrateOnStart = true
    /// bcrypt cost for new password hashes.
    public var bcryptCost = 11
    /// Lifetime of a token issued by a login, in hours.
    public var loginTokenHours = 12
    /// The platform's own T/CEC 102 OperatorID (9 characters), sent when it pulls from operator platforms.
    public var tcecOperatorID = "330000000"
    /// Minutes between pulls from each operator platform that has pull settings; 0 pulls only on request.
    public var tcecPullMinutes = 15

    public init() {}

    /// The store location after defaults are applied.
    public var storeLocation: String { store ?? "sqlite:\(dataDirectory)/nevbrain.sqlite" }

    /// One setting: its key and how to apply a textual value.
    public struct Key: Sendable {
        public let name: String
        public let help: String
        let apply: @Sendable (inout PlatformConfiguration, String) throws -> Void

        /// `NEVBRAIN_HTTP_PORT` for `http-port`.
        public var environmentName: String { "NEVBRAIN_" + name.uppercased().replacingAll("-", "_") }
    }

    /// All settings, in the order the README documents them.
    public static let keys: [Key] = [
        Key(name: "http-host", help: "address the HTTP API binds to (default 127.0.0.1)") {
            $0.httpHost = try nonEmpty($1, "http-host")
        },
        Key(name: "http-port", help: "HTTP API port (default 8080)") { $0.httpPort = try port($1, "http-port") },
        Key(name: "gateway-host", help: "GB/T 32960 gateway address (default 127.0.0.1)") {
            $0.gatewayHost = try nonEmpty($1, "gateway-host")
        },
        Key(name: "gateway-port", help: "GB/T 32960 gateway port (default 32960)") {
            $0.gatewayPort = try port($1, "gateway-port")
        },
        Key(name: "gateway", help: "run the GB/T 32960 gateway: true|false (default true)") {
            $0.gatewayEnabled = try bool($1, "gateway")
        },
        Key(name: "gateway-unknown-vehicles", help: "accept|refuse logins of unregistered VINs (default accept)") {
            $0.gatewayUnknownVehicles = try oneOf($1, ["accept", "refuse"], "gateway-unknown-vehicles")
        },
        Key(
            name: "gateway-duplicate-login",
            help: "replace|refuse a second login of an online identity (default replace)"
        ) {
            $0.gatewayDuplicateLogin = try oneOf($1, ["replace", "refuse"], "gateway-duplicate-login")
        },
        Key(name: "gateway-idle-seconds", help: "close gateway connections silent this long (default 180)") {
            guard let seconds = Int($1), seconds > 0 else {
                throw ConfigurationError(key: "gateway-idle-seconds", message: "must be a positive integer")
            }
            $0.gatewayIdleSeconds = seconds
        },
        Key(
            name: "gateway-reuse-port",
            help: "let several serve processes share the gateway port (SO_REUSEPORT): true|false (default false)"
        ) {
            $0.gatewayReusePort = try bool($1, "gateway-reuse-port")
        },
        Key(name: "gateway-tls-cert", help: "PEM certificate chain: the gateway speaks TLS (with gateway-tls-key)") {
            $0.gatewayTLSCertificate = try nonEmpty($1, "gateway-tls-cert")
        },
        Key(name: "gateway-tls-key", help: "PEM private key of gateway-tls-cert") {
            $0.gatewayTLSKey = try nonEmpty($1, "gateway-tls-key")
        },
        Key(name: "http-tls-cert", help: "PEM certificate chain: the HTTP API speaks TLS (with http-tls-key)") {
            $0.httpTLSCertificate = try nonEmpty($1, "http-tls-cert")
        },
        Key(name: "http-tls-key", help: "PEM private key of http-tls-cert") {
            $0.httpTLSKey = try nonEmpty($1, "http-tls-key")
        },
        Key(name: "ocpp-heartbeat-seconds", help: "heartbeat interval OCPP charge points are given (default 300)") {
            guard let seconds = Int($1), seconds > 0 else {
                throw ConfigurationError(key: "ocpp-heartbeat-seconds", message: "must be a positive integer")
            }
            $0.ocppHeartbeatSeconds = seconds
        },
        Key(name: "data-dir", help: "folder for the embedded store (default ./nevbrain-data)") {
            $0.dataDirectory = try nonEmpty($1, "data-dir")
        },
        Key(
            name: "store",
            help: "sqlite:PATH or postgres://user:pass@host:port/db (default sqlite:<data-dir>/nevbrain.sqlite)"
        ) {
            $0.store = try nonEmpty($1, "store")
        },
        Key(name: "log-level", help: "trace|debug|info|notice|warning|error|critical (default info)") {
            let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            guard levels.contains($1.lowercased()) else {
                throw ConfigurationError(key: "log-level", message: "must be one of \(levels.joined(separator: ", "))")
            }
            $0.logLevel = $1.lowercased()
        },
        Key(name: "migrate", help: "apply pending migrations on start: true|false (default true)") {
            $0.migrateOnStart = try bool($1, "migrate")
        },
        Key(name: "bcrypt-cost", help: "bcrypt cost for password hashes, 4-31 (default 11)") {
            guard let cost = Int($1), (4...31).contains(cost) else {
                throw ConfigurationError(key: "bcrypt-cost", message: "must be 4-31")
            }
            $0.bcryptCost = cost
        },
        Key(name: "login-token-hours", help: "lifetime of login tokens in hours (default 12)") {
            guard let hours = Int($1), hours > 0 else {
                throw ConfigurationError(key: "login-token-hours", message: "must be a positive integer")
            }
            $0.loginTokenHours = hours
        },
        Key(name: "tcec-operator-id", help: "the platform's T/CEC 102 OperatorID, 9 characters (default 330000000)") {
            guard $1.count == 9, $1.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw ConfigurationError(key: "tcec-operator-id", message: "must be 9 letters or digits (组织机构代码)")
            }
            $0.tcecOperatorID = $1
        },
        Key(
            name: "tcec-pull-minutes",
            help: "minutes between T/CEC 102 pulls from operators; 0 = on request (default 15)"
        ) {
            guard let minutes = Int($1), minutes >= 0 else {
                throw ConfigurationError(key: "tcec-pull-minutes", message: "must be a non-negative integer")
            }
            $0.tcecPullMinutes = minutes
        },
    ]

    /// Layers the sources over the defaults. `file` holds the config file's entries as text,
    /// `environment` the process environment, `flags` the command-line values that were given.
    public static func resolve(
        file: [String: String] = [:], environment: [String: String] = [:], flags: [String: String] = [:]
    ) throws(ConfigurationError) -> PlatformConfiguration {
        var configuration = PlatformConfiguration()
        let known = Set(keys.map(\.name))
        if let unknown = file.keys.sorted().first(where: { !known.contains($0) }) {
            throw ConfigurationError(
                key: unknown,
                message: "unknown setting in the config file; known: \(keys.map(\.name).joined(separator: ", "))")
        }
        for key in keys {
            for value in [file[key.name], environment[key.environmentName], flags[key.name]].compactMap({ $0 }) {
                do {
                    try key.apply(&configuration, value)
                } catch let error as ConfigurationError {
                    throw error
                } catch {
                    throw ConfigurationError(key: key.name, message: "\(error)")
                }
            }
        }
        return configuration
    }

    private static func nonEmpty(_ value: String, _ key: String) throws -> String {
        guard !value.isEmpty else { throw ConfigurationError(key: key, message: "must not be empty") }
        return value
    }

    private static func port(_ value: String, _ key: String) throws -> Int {
        guard let port = Int(value), (0...65535).contains(port) else {
            throw ConfigurationError(key: key, message: "must be a port number 0-65535, got \(value)")
        }
        return port
    }

    private static func oneOf(_ value: String, _ allowed: [String], _ key: String) throws -> String {
        guard allowed.contains(value.lowercased()) else {
            throw ConfigurationError(
                key: key, message: "must be one of \(allowed.joined(separator: ", ")), got \(value)")
        }
        return value.lowercased()
    }

    private static func bool(_ value: String, _ key: String) throws -> Bool {
        switch value.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw ConfigurationError(key: key, message: "must be true or false, got \(value)")
        }
    }
}

/// A setting that could not be applied, naming the setting.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let key: String
    public let message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "setting \(key): \(message)" }
}

extension String {
    fileprivate func replacingAll(_ target: Character, _ replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
