import ArgumentParser
import Foundation
import Identity
import Logging
import Model
import Store

/// `nevbrain user add|list|disable|enable`.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage the people who log in.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user. The password is read from standard input (one line) unless --password is given.")

        @OptionGroup var options: ConfigOptions
        @Argument(help: "Login name") var name: String
        @Option(help: "province | city | enterprise") var role: Role
        @Option(help: "City of a city user: a pinyin name (hangzhou) or GB/T 2260 code (330100)") var city: String?
        @Option(help: "Enterprise id of an enterprise user") var enterprise: String?
        @Option(help: "Password (visible in the process list: prefer standard input)") var password: String?

        func run() async throws {
            let runtime = try await PlatformRuntime.start(options)
            let secret =
                try password ?? readLine(strippingNewline: true)
                ?? { throw ValidationError("no password on standard input") }()
            let user = try await runtime.identity.addUser(
                name: name, password: secret, role: role, city: try parseCity(city),
                enterpriseID: try parseEnterprise(enterprise),
                by: runtime.cliPrincipal)
            print(user.id)
            try await runtime.store.close()
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let runtime = try await PlatformRuntime.start(options)
            print(["NAME", "ROLE", "SCOPE", "STATUS", "CREATED"].joined(separator: "\t"))
            for user in try await runtime.store.users.list() {
                let scope = user.city?.slug ?? user.enterpriseID?.rawValue ?? "-"
                print(
                    [
                        user.name, user.role.rawValue, scope, user.disabled ? "disabled" : "active",
                        Clock.iso8601(micros: user.createdAt),
                    ].joined(separator: "\t"))
            }
            try await runtime.store.close()
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user; their tokens stop working at once.")
        @OptionGroup var options: ConfigOptions
        @Argument var name: String

        func run() async throws {
            let runtime = try await PlatformRuntime.start(options)
            try await runtime.identity.setDisabled(name: name, true, by: runtime.cliPrincipal)
            try await runtime.store.close()
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-enable a disabled user.")
        @OptionGroup var options: ConfigOptions
        @Argument var name: String

        func run() async throws {
            let runtime = try await PlatformRuntime.start(options)
            try await runtime.identity.setDisabled(name: name, false, by: runtime.cliPrincipal)
            try await runtime.store.close()
        }
    }
}

extension Role: ExpressibleByArgument {}

func parseCity(_ text: String?) throws -> City? {
    guard let text else { return nil }
    guard let city = City(identifier: text) else {
        throw ValidationError("unknown city \(text); one of \(City.allCases.map(\.slug).joined(separator: ", "))")
    }
    return city
}

func parseEnterprise(_ text: String?) throws -> EnterpriseID? {
    guard let text else { return nil }
    guard let id = EnterpriseID(rawValue: text) else { throw ValidationError("invalid enterprise id \(text)") }
    return id
}
