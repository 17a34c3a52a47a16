import ArgumentParser
import Foundation
import Identity
import Logging
import Model
import Store
import Telemetry

/// `nevbrain platform add|list|disable|enable`: the accounts OEM platforms log in to the GB/T 32960 gateway
/// with (platform login, 0x05) to forward their enterprise's vehicles.
struct PlatformCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "platform", abstract: "Manage the accounts OEM platforms forward vehicle data with.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a platform account. The password is read from standard input (one line).",
            discussion: """
                The user name is what the platform sends in its login (at most 12 bytes: 12 ASCII or 6 Chinese \
                characters); the password at most 20 bytes, at least 8 characters. The platform may forward only \
                vehicles registered to the enterprise.
                """)

        @OptionGroup var options: ConfigOptions
        @Argument(help: "User name of the platform login") var name: String
        @Option(help: "Enterprise id whose vehicles the platform forwards") var enterprise: String
        @Option(
            name: .customLong("reply-style"),
            help: "time-only (the standard's main text) | full-echo (GB/T 32960.3-2016 Annex B.3.3.2)")
        var replyStyle = "time-only"

        func validate() throws {
            if let problem = PlatformCredentials.problem(username: name) { throw ValidationError(problem) }
            guard PlatformAccount.replyStyles.contains(replyStyle) else {
                throw ValidationError(
                    "--reply-style is one of \(PlatformAccount.replyStyles.joined(separator: ", "))")
            }
        }

        func run() async throws {
            guard let password = readLine(strippingNewline: true) else {
                throw ValidationError("no password on standard input")
            }
            if let problem = PlatformCredentials.problem(password: password) { throw ValidationError(problem) }
            let runtime = try await PlatformRuntime.start(options)
            do {
                print(try await add(password: password, runtime: runtime).id)
            } catch {
                try? await runtime.store.close()
                throw error
            }
            try await runtime.store.close()
        }

        private func add(password: String, runtime: PlatformRuntime) async throws -> PlatformAccount {
            guard let enterpriseID = try parseEnterprise(enterprise),
                try await runtime.store.enterprises.find(id: enterpriseID) != nil
            else {
                throw Failure("no enterprise \(enterprise) in the enterprise registry")
            }
            let account = PlatformAccount(
                id: TokenSecret.generateID(), username: name, enterprise: enterpriseID,
                passwordHash: runtime.identity.hasher.hash(password), replyStyle: replyStyle,
                createdAt: Clock.nowMicros())
            do {
                try await runtime.store.platformAccounts.insert(account)
            } catch let error as StoreError where error.kind == .conflict {
                throw Failure("a platform account named \(name) exists")
            }
            try await PlatformCommand.audit(
                "platform.create", name, detail: "enterprise=\(enterpriseID.rawValue) reply-style=\(replyStyle)",
                runtime: runtime)
            return account
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List platform accounts.")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let runtime = try await PlatformRuntime.start(options)
            print(["NAME", "ENTERPRISE", "REPLY-STYLE", "STATUS", "CREATED"].joined(separator: "\t"))
            for account in try await runtime.store.platformAccounts.list() {
                print(
                    [
                        account.username, account.enterprise.rawValue, account.replyStyle,
                        account.disabled ? "disabled" : "active", Clock.iso8601(micros: account.createdAt),
                    ].joined(separator: "\t"))
            }
            try await runtime.store.close()
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable a platform account: its next login is refused (an open connection stays open).")
        @OptionGroup var options: ConfigOptions
        @Argument var name: String

        func run() async throws {
            try await PlatformCommand.setDisabled(name, true, options: options)
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-enable a disabled platform account.")
        @OptionGroup var options: ConfigOptions
        @Argument var name: String

        func run() async throws {
            try await PlatformCommand.setDisabled(name, false, options: options)
        }
    }

    static func setDisabled(_ name: String, _ disabled: Bool, options: ConfigOptions) async throws {
        let runtime = try await PlatformRuntime.start(options)
        do {
            guard try await runtime.store.platformAccounts.setDisabled(username: name, disabled) else {
                throw Failure("no platform account named \(name)")
            }
            try await audit(disabled ? "platform.disable" : "platform.enable", name, runtime: runtime)
        } catch {
            try? await runtime.store.close()
            throw error
        }
        try await runtime.store.close()
    }

    /// Writes a change to the audit log as the command-line actor, as `IdentityService` does for users.
    static func audit(_ action: String, _ resource: String, detail: String = "", runtime: PlatformRuntime)
        async throws
    {
        let actor = runtime.cliPrincipal
        try await runtime.store.audit.append(
            AuditEntry(
                at: Clock.nowMicros(), actor: actor.actor, role: actor.role, action: action, resource: resource,
                outcome: "ok", detail: detail))
    }

    /// A refusal found in the store (an unknown enterprise or name, a taken name): said without the usage text.
    struct Failure: Error, CustomStringConvertible {
        let description: String

        init(_ description: String) { self.description = description }
    }
}
