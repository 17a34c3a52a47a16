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
            Now and then a battery condition raises level 1-2 alarms that match the values (--alarm-every). A
            level-3 fault (--level3-every) switches the vehicle to 1 Hz reports until it clears and sends the 30 s
            before it as reissues (0x03). A lost link (--drop-every) closes the connection; the vehicle keeps its
            reports, reconnects, logs in and reissues them in order. With --platform the fleet is forwarded by an
            OEM platform account (platform login 0x05) on --platform-connections connections. --replay sends the
            frames of a capture instead (raw bytes or one hex frame per line), paced by --speed.
            Prints one JSON object: logins, reports and reissues sent, replies by ack flag, alarms, level-3 events,
            link drops and reconnects, replayed frames, failures.
            Examples: nevbrain simulate --vehicles 1000 --period 10 --duration 60
                      nevbrain simulate --vehicles 50 --level3-every 120 --drop-every 300 --duration 600
                      nevbrain simulate --platform geely-tsp --password forward-2026 --vehicles 500
                      nevbrain simulate --replay capture.bin --speed 0
            """)

    @Option(help: "Gateway address as host:port.")
    var gateway = "127.0.0.1:32960"

    @Option(help: "Number of vehicles (one connection each).")
    var vehicles = 100

    @Option(help: "Seconds between a vehicle's reports, whole seconds (at most 30 by the standard).")
    var period = 10.0

    @Option(help: "Seconds to run.")
    var duration = 60.0

    @Option(help: "Fleet seed: the same seed gives the same VINs and routes.")
    var seed: UInt64 = 32960

    @Option(help: "2016, 2025 or mixed (about a third 2025).")
    var edition = "mixed"

    @Option(help: "Mean seconds between a vehicle's level 1-2 alarm episodes (0 for none).")
    var alarmEvery = 1800.0

    @Option(name: .customLong("level3-every"), help: "Mean seconds between a vehicle's level-3 faults (0 for none).")
    var level3Every = 0.0

    @Option(help: "Mean seconds between a vehicle's link drops, each followed by reissue (0 for none).")
    var dropEvery = 0.0

    @Option(help: "Forward the fleet through this OEM platform account (platform login 0x05).")
    var platform: String?

    @Option(help: "The platform account's password (with --platform).")
    var password: String?

    @Option(help: "Connections the platform opens; its vehicles are shared among them.")
    var platformConnections = 1

    @Option(help: "Send the frames of this capture (raw bytes, or one hex frame per line) instead of a fleet.")
    var replay: String?

    @Option(help: "Replay pace: 1 the original (by collection time), 2 twice as fast, 0 as fast as possible.")
    var speed = 1.0

    func validate() throws {
        guard vehicles > 0 else { throw ValidationError("--vehicles must be positive") }
        guard period > 0, duration > 0 else { throw ValidationError("--period and --duration must be positive") }
        guard ["2016", "2025", "mixed"].contains(edition) else {
            throw ValidationError("--edition: 2016, 2025 or mixed")
        }
        guard address != nil else { throw ValidationError("--gateway must be host:port") }
        guard alarmEvery >= 0, level3Every >= 0, dropEvery >= 0, speed >= 0 else {
            throw ValidationError("--alarm-every, --level3-every, --drop-every and --speed cannot be negative")
        }
        if let access {
            guard password != nil else { throw ValidationError("--platform needs --password") }
            if let problem = access.problem { throw ValidationError(problem) }
            guard platformConnections > 0 else { throw ValidationError("--platform-connections must be positive") }
        }
    }

    private var access: PlatformAccess? {
        platform.map { PlatformAccess(username: $0, password: password ?? "", connections: platformConnections) }
    }

    private var address: (String, Int)? {
        guard let colon = gateway.lastIndex(of: ":"), let port = Int(gateway[gateway.index(after: colon)...]) else {
            return nil
        }
        return (String(gateway[..<colon]), port)
    }

    func run() async throws {
        guard let (host, port) = address else { throw ValidationError("--gateway must be host:port") }
        let report: FleetRunner.Report
        if let replay {
            let data = try Data(contentsOf: URL(fileURLWithPath: replay))
            let capture = CaptureFile(Array(data))
            if capture.skipped > 0 {
                FileHandle.standardError.write(
                    Data("simulate: skipped \(capture.skipped) bytes or lines that are not frames\n".utf8))
            }
            report = await CaptureReplay(host: host, port: port, capture: capture, speed: speed).run()
        } else {
            let plan = FleetRunner.Plan(
                host: host, port: port, vehicles: vehicles, period: .milliseconds(Int64(period * 1000)),
                duration: .milliseconds(Int64(duration * 1000)), seed: seed,
                edition: edition == "mixed" ? nil : (edition == "2016" ? .gb2016 : .gb2025),
                incidents: IncidentRates(alarmEvery: alarmEvery, level3Every: level3Every, dropEvery: dropEvery),
                platform: access)
            report = await FleetRunner(plan: plan).run()
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
        if report.failures > 0 { throw ExitCode(1) }
    }
}
