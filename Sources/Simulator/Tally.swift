import GBT32960
import Synchronization

/// The shared report, updated by every vehicle's or connection's task.
final class Tally: Sendable {
    private let state = Mutex(FleetRunner.Report())
    private let onSend: (@Sendable (Message) -> Void)?

    init(onSend: (@Sendable (Message) -> Void)? = nil) {
        self.onSend = onSend
    }

    func update(_ change: (inout FleetRunner.Report) -> Void) {
        state.withLock { change(&$0) }
    }

    /// Counts a frame about to be written.
    func sent(_ message: Message) {
        onSend?(message)
        update { report in
            switch message.command {
            case .realtimeReport: report.reportsSent += 1
            case .reissueReport: report.reissuesSent += 1
            default: break
            }
        }
    }

    /// Adds what happened at a vehicle.
    func add(_ terminal: VehicleTerminal) {
        update {
            $0.alarmsRaised += terminal.counts.alarmsRaised
            $0.level3Events += terminal.counts.level3Events
            $0.linkDrops += terminal.counts.linkDrops
            $0.unsentReports += terminal.backlogCount
        }
    }

    var snapshot: FleetRunner.Report { state.withLock { $0 } }
}
