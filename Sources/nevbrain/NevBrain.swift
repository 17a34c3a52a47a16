import ArgumentParser
import Foundation
import Identity
import Logging
import Model
import Store

/// The composition root: one binary for the server, its administration and its tools.
@main
struct NevBrain: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "nevbrain",
        abstract: "Zhejiang NEV industry brain: telemetry, safety, charging and industry data in one platform.",
        version: version,
        subcommands: [
            ServeCommand.self, DemoCommand.self, MigrateCommand.self, UserCommand.self, TokenCommand.self,
            PlatformCommand.self, EnterpriseCommand.self,
            DecodeCommand.self, SimulateCommand.self, BenchCommand.self, ReportCommand.self,
        ]
    )
}
