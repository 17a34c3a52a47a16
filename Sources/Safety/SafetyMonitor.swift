public import GBT32960
public import Logging
public import Model
public import Store
import Synchronization

/// What the monitor made of one committed batch, after the store recorded it, with each vehicle's registration
/// (nil for unregistered vehicles) so notices can be scoped without a lookup.
public struct SafetyRecorded: Sendable {
    public var output: SafetyOutput
    public var registrations: [String: VehicleRecord]
}

/// Runs safety monitoring on what the gateway committed: decodes each stored report's verbatim frame, applies the
/// engine, records the changes in one transaction per batch, and hands them on (live feed, webhooks, metrics).
///
/// It runs after the telemetry commit, on its own task, so the gateway never waits for it; batches queue in order
/// without a bound (the rules take about a microsecond per report, see BENCHMARKS.md, far below the cost of
/// storing it). A vehicle's open alarms, event and warnings are read back from the store the first time the
/// monitor sees it, so a restart continues the episodes instead of reopening them. A crash between the telemetry
/// commit and the safety commit loses that batch's safety changes (the reports themselves are stored and can be
/// re-run).
public final class SafetyMonitor: Sendable {
    private let store: any PlatformStore
    private let logger: Logger
    private let onRecorded: @Sendable (SafetyRecorded) async -> Void
    private let queue: AsyncStream<Input>.Continuation
    private let inputs: AsyncStream<Input>
    private let state: Mutex<State>
    private let pendingCount = Atomic<Int>(0)

    private enum Input: Sendable {
        case committed(IngestBatch)
        case thresholdsChanged
    }

    private struct State: Sendable {
        var engine = SafetyEngine()
        var registrations: [String: VehicleRecord?] = [:]
        var thresholdsByModel: [String: WarningThresholds] = [:]
    }

    /// A monitor writing to `store`, calling `onRecorded` after each recorded batch.
    public init(
        store: any PlatformStore, logger: Logger,
        onRecorded: @escaping @Sendable (SafetyRecorded) async -> Void = { _ in }
    ) {
        self.store = store
        self.logger = logger
        self.onRecorded = onRecorded
        (inputs, queue) = AsyncStream.makeStream(of: Input.self)
        state = Mutex(State())
    }

    /// Hands over a committed batch (called from the telemetry writer's commit callback; never blocks).
    public func submit(_ batch: IngestBatch) {
        guard !batch.reports.isEmpty || batch.presence.contains(where: { !$0.online }) else { return }
        pendingCount.add(1, ordering: .relaxed)
        queue.yield(.committed(batch))
    }

    /// Re-reads the thresholds per model (after the API changed them).
    public func thresholdsChanged() {
        queue.yield(.thresholdsChanged)
    }

    /// Stops taking batches; `run` returns once the queued ones are recorded.
    public func finish() {
        queue.finish()
    }

    /// Batches waiting.
    public var pending: Int { pendingCount.load(ordering: .relaxed) }

    /// Processes batches until `finish`.
    public func run() async {
        await loadThresholds()
        for await input in inputs {
            switch input {
            case .thresholdsChanged:
                await loadThresholds()
            case .committed(let batch):
                do {
                    try await process(batch)
                } catch {
                    logger.error("safety batch not recorded", metadata: ["error": "\(error)"])
                }
                pendingCount.subtract(1, ordering: .relaxed)
            }
        }
    }

    /// Applies one committed batch and records the result; returns what was recorded.
    @discardableResult
    public func process(_ batch: IngestBatch) async throws -> SafetyOutput {
        let samples = batch.reports.compactMap(SafetySample.init(stored:))
        var vins: [String] = []
        var seen: Set<String> = []
        for vin in samples.map(\.vin) + batch.presence.filter({ !$0.online }).map(\.vin) where seen.insert(vin).inserted
        {
            vins.append(vin)
        }
        try await resume(vins)
        let output = state.withLock { state -> SafetyOutput in
            var output = state.engine.apply(samples)
            for change in batch.presence where !change.online {
                let expired = state.engine.expire(vin: change.vin, at: change.at)
                output.alarms += expired.alarms
                output.events += expired.events
                // Offline with nothing open: nothing to remember until it comes back.
                if let vehicle = state.engine.vehicles[change.vin], vehicle.alarms.open.isEmpty,
                    vehicle.event.current == nil, !vehicle.warnings.hasOpen
                {
                    state.engine.forget(vin: change.vin)
                    state.registrations[change.vin] = nil
                }
            }
            return output
        }
        guard !output.isEmpty else { return output }
        try await store.safety.record(output.batch)
        let registrations = state.withLock { state in
            var found: [String: VehicleRecord] = [:]
            for vin in vins { if let record = state.registrations[vin] ?? nil { found[vin] = record } }
            return found
        }
        await onRecorded(SafetyRecorded(output: output, registrations: registrations))
        return output
    }

    /// Reads the registration and the open state of vehicles seen for the first time.
    private func resume(_ vins: [String]) async throws {
        let unknown = state.withLock { state in vins.filter { state.registrations[$0] == nil } }
        for vin in unknown {
            var record: VehicleRecord?
            if let registered = VIN(rawValue: vin) { record = try await store.vehicles.find(vin: registered) }
            let open = try await store.safety.openState(vin: vin)
            state.withLock { state in
                state.registrations[vin] = .some(record)
                let thresholds = record.flatMap { state.thresholdsByModel[$0.model] } ?? .standard
                state.engine.resume(VehicleSafety(vin: vin, thresholds: thresholds, resuming: open), vin: vin)
            }
        }
    }

    private func loadThresholds() async {
        do {
            var byModel: [String: WarningThresholds] = [:]
            for (model, json) in try await store.safety.thresholds() {
                byModel[model] = try WarningThresholds.decode(json: json)
            }
            state.withLock { state in
                state.thresholdsByModel = byModel
                let models = state.registrations.compactMapValues { $0?.model }
                state.engine.updateThresholds { vin in models[vin].flatMap { byModel[$0] } ?? .standard }
            }
        } catch {
            logger.error("warning thresholds not loaded; defaults apply", metadata: ["error": "\(error)"])
        }
    }
}

extension SafetySample {
    /// The sample of a stored report, from its verbatim frame; nil when the frame no longer decodes (it decoded
    /// when received, so only a changed codec could do that).
    public init?(stored row: TelemetryRow) {
        guard let message = try? Message.decode(bytes: row.raw) else { return nil }
        self.init(message: message, receivedAt: row.receivedAt)
    }
}
