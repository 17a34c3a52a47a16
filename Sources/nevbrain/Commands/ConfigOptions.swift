import ArgumentParser
import Foundation
import Identity
import Logging
import Model
import Store

/// The options every subcommand shares: where the configuration and the store are.
///
/// Each option is one of `PlatformConfiguration.keys`; a flag beats `NEVBRAIN_*` in the environment,
/// which beats the config file, which beats the default.
struct ConfigOptions: ParsableArguments {
    @Option(help: "JSON config file whose keys are the setting names, e.g. {\"http-port\": 8080} (env NEVBRAIN_CONFIG)")
    var config: String?

    @Option(
        help:
            "Store: sqlite:PATH or postgres://user:pass@host:port/db (default sqlite:<data-dir>/nevbrain.sqlite; env NEVBRAIN_STORE)"
    )
    var store: String?

    @Option(
        name: .customLong("data-dir"),
        help: "Folder for the embedded store (default ./nevbrain-data; env NEVBRAIN_DATA_DIR)")
    var dataDirectory: String?

    @Option(
        name: .customLong("log-level"),
        help: "trace|debug|info|notice|warning|error|critical (default info; env NEVBRAIN_LOG_LEVEL)")
    var logLevel: String?

    /// Flags given on the command line, by setting name.
    var flags: [String: String] {
        var flags: [String: String] = [:]
        flags["store"] = store
        flags["data-dir"] = dataDirectory
        flags["log-level"] = logLevel
        return flags
    }

    /// Resolves the configuration from every source; `extra` holds a subcommand's own flags.
    func resolve(extra: [String: String] = [:]) throws -> PlatformConfiguration {
        let environment = ProcessInfo.processInfo.environment
        var file: [String: String] = [:]
        if let path = config ?? environment["NEVBRAIN_CONFIG"] {
            file = try Self.readConfigFile(path)
        }
        do {
            return try PlatformConfiguration.resolve(
                file: file, environment: environment, flags: flags.merging(extra) { $1 })
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Reads a flat JSON object; numbers and booleans become their text.
    static func readConfigFile(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read config file \(path)")
        }
        do {
            return try JSONDecoder().decode([String: ConfigValue].self, from: data).mapValues(\.text)
        } catch {
            throw ValidationError(
                "config file \(path) must hold one JSON object of setting names to strings, numbers or booleans")
        }
    }
}

/// A config-file value: the file may say `8080` or `"8080"`, `true` or `"true"`.
private struct ConfigValue: Decodable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            text = flag ? "true" : "false"
        } else if let integer = try? container.decode(Int.self) {
            text = String(integer)
        } else {
            text = try container.decode(String.self)
        }
    }
}
