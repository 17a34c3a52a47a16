import ArgumentParser
import Foundation
import Identity
import Logging
import Model
import Store

/// `nevbrain migrate`: bring the store's schema up to this binary's version.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending schema migrations to the store.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Only list pending migrations; change nothing.")
    var dryRun = false

    func run() async throws {
        let runtime = try await PlatformRuntime.start(options, migrate: false)
        if dryRun {
            let pending = try await runtime.store.pendingMigrations()
            print(pending.isEmpty ? "up to date" : "pending: \(pending.map(String.init).joined(separator: ", "))")
        } else {
            let applied = try await runtime.store.migrate()
            print(applied.isEmpty ? "up to date" : "applied: \(applied.map(String.init).joined(separator: ", "))")
        }
        try await runtime.store.close()
    }
}
