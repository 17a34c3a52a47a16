import ArgumentParser
import Foundation
import GBT32960
import Simulator

/// `nevbrain simulate`: a fleet of simulated vehicles reporting to a GB/T 32960 gateway.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Drive simulated vehicles (both editions) against a GB/T 32960 gateway and report what happened.",
        discussion: """
            Each vehicle opens its own connection, logs in, reports every --period seconds (trips on Zhejiang city
            streets, parking and charging, SOC and odometer consistent, 96-200 cells), and logs out at the end.
            Prints one JSON object: vehicles logged in, reports sent, replies by ack flag, failures.
            Example: nevbrain simulate --vehicles 1000 --period 10 --duration 60
            """)

    @Option(help: "Gateway address as host:port.")
    var gateway = "127.0.0.1:32960"

    @Option(help: "Number of vehicles (one connection each).")
    var vehicles = 100

    @Option(help: "Seconds between a vehicle's reports (at most 30 by the standard).")
    var period = 10.0

    @Option(help: "Seconds to run.")
    var duration = 60.0

    @Option(help: "Fleet seed: the same seed gives the same VINs and routes.")
    var seed: UInt64 = 32960

    @Option(help: "2016, 2025 or mixed (about a third 2025).")
    var edition = "mixed"

    func validate() throws {
        guard vehicles > 0 else { throw ValidationError("--vehicles must be positive") }
        guard period > 0, duration > 0 else { throw ValidationError("--period and --duration must be positive") }
        guard ["2016", "2025", "mixed"].contains(edition) else {
            throw ValidationError("--edition: 2016, 2025 or mixed")
        }
        guard address != nil else { throw ValidationError("--gateway must be host:port") }
    }

    private var address: (String, Int)? {
        guard let colon = gateway.lastIndex(of: ":"), let port = Int(gateway[gateway.index(after: colon)...]) else {
            return nil
        }
        return (String(gateway[..<colon]), port)
    }

    func run() async throws {
        guard let (host, port) = address else { throw ValidationError("--gateway must be host:port") }
        let plan = FleetRunner.Plan(
            host: host, port: port, vehicles: vehicles, period: .milliseconds(Int64(period * 1000)),
            duration: .milliseconds(Int64(duration * 1000)), seed: seed,
            edition: edition == "mixed" ? nil : (edition == "2016" ? .gb2016 : .gb2025))
        let report = await FleetRunner(plan: plan).run()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
        if report.failures > 0 { throw ExitCode(1) }
    }
}
