import ArgumentParser
import Foundation
import Identity
import Logging
import Model
import Store

/// `nevbrain token create|revoke|list`: service tokens for scripts and integrations.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage bearer tokens.", subcommands: [Create.self, Revoke.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a service token and print just the token on stdout (its id goes to stderr).")

        @OptionGroup var options: ConfigOptions
        @Option(help: "province | city | enterprise") var role: Role
        @Option(help: "City of a city token") var city: String?
        @Option(help: "Enterprise id of an enterprise token") var enterprise: String?
        @Option(help: "What the token is for") var label = "cli"
        @Option(name: .customLong("expires-in"), help: "Lifetime: 90m, 12h, 30d, or 'never' (default 30d)")
        var expiresIn = "30d"

        func run() async throws {
            let runtime = try await PlatformRuntime.start(options)
            let issued = try await runtime.identity.createServiceToken(
                role: role, city: try parseCity(city), enterpriseID: try parseEnterprise(enterprise), label: label,
                lifetime: try Self.seconds(expiresIn), by: runtime.cliPrincipal)
            FileHandle.standardError.write(Data("token id \(issued.id)\n".utf8))
            print(issued.token)
            try await runtime.store.close()
        }

        static func seconds(_ text: String) throws -> Int64? {
            if text == "never" { return nil }
            guard let unit = text.last, let number = Int64(text.dropLast()), number > 0 else {
                throw ValidationError("--expires-in takes 90m, 12h, 30d or never")
            }
            switch unit {
            case "m": return number * 60
            case "h": return number * 3600
            case "d": return number * 86400
            default: throw ValidationError("--expires-in takes 90m, 12h, 30d or never")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The token id printed by create") var id: String

        func run() async throws {
            let runtime = try await PlatformRuntime.start(options)
            try await runtime.identity.revoke(tokenID: id, by: runtime.cliPrincipal)
            try await runtime.store.close()
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List service tokens (not the secrets, which are never stored).")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let runtime = try await PlatformRuntime.start(options)
            print(["ID", "ROLE", "SCOPE", "LABEL", "EXPIRES", "STATUS"].joined(separator: "\t"))
            for token in try await runtime.store.tokens.list(userID: nil) {
                let scope = token.city?.slug ?? token.enterpriseID?.rawValue ?? "-"
                let expires = token.expiresAt.map(Clock.iso8601(micros:)) ?? "never"
                print(
                    [
                        token.id, token.role.rawValue, scope, token.label, expires,
                        token.revokedAt == nil ? "active" : "revoked",
                    ].joined(separator: "\t"))
            }
            try await runtime.store.close()
        }
    }
}
