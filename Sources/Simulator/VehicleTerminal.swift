public import GBT32960

/// The vehicle's terminal (T-Box) as a pure state machine: it samples the vehicle at 1 Hz and decides what goes on
/// the wire and when (GB/T 32960.3 Annex B, `../shared/reference/gb32960.md` §3.7). Time goes in, actions come out;
/// the runner only executes them, so every rule below is tested without sockets or clocks:
///
/// - Log in on connect, then one realtime report (0x02) every `period` seconds.
/// - A level-3 alarm (or a 2025 level-4 thermal event) switches to 1 Hz realtime reports until it clears, and the
///   samples of the 30 s before the fault that the platform does not have yet go out first, as reissues (0x03).
/// - When the link drops, reports due meanwhile are kept; after reconnecting and logging in again, they go out as
///   reissues in collection-time order before realtime reporting resumes.
public struct VehicleTerminal: Sendable {
    /// What the runner must do, in order.
    public enum Action: Sendable, Hashable {
        /// Open a connection to the gateway (the login to send on it follows).
        case connect
        /// Write this frame.
        case send(Message)
        /// The link is lost: close the connection.
        case disconnect
    }

    /// What happened at the vehicle, for the run's summary.
    public struct Counts: Sendable, Hashable {
        /// General-alarm flags that went from clear to set.
        public var alarmsRaised = 0
        /// Level-3 (or 4) alarms that started.
        public var level3Events = 0
        /// Link losses.
        public var linkDrops = 0
    }

    /// How far before a level-3 fault the terminal reports (2016 B.3; 2025: "30 s before the fault").
    public static let preFaultSeconds: Int64 = 30
    /// Samples kept while the link is down; older ones are lost (the standard asks for 3 or 7 days of storage,
    /// which a simulator need not hold).
    public static let backlogCapacity = 100_000

    /// The vehicle it reports for.
    public private(set) var vehicle: SimulatedVehicle
    /// Seconds between realtime reports outside alarms.
    public let period: Int64
    /// Incidents so far.
    public private(set) var counts = Counts()
    /// Samples waiting for the link to come back.
    public var backlogCount: Int { backlog.count }
    /// Whether the link is up (as far as the terminal knows).
    public var linkUp: Bool { linkDownUntil == nil }

    private var nextReport: Int64
    private var inAlarmMode = false
    /// The last `preFaultSeconds` samples, oldest first, each marked once reported or queued.
    private var recent: [(snapshot: VehicleSnapshot, handled: Bool)] = []
    private var previousFlags: UInt32 = 0
    private var linkDownUntil: Int64?
    private var nextDrop: Int64?
    private var nextOutage: Int64?
    private var backlog: [VehicleSnapshot] = []
    private var rng: SplitMix64
    private let rates: IncidentRates

    /// A terminal for `vehicle` reporting every `period` seconds, the first report `phase` seconds after start
    /// (so that a fleet's reports spread over the period), with link drops at `rates.dropEvery`.
    public init(vehicle: SimulatedVehicle, period: Int64, phase: Int64 = 0, rates: IncidentRates = .none) {
        self.vehicle = vehicle
        self.period = max(1, period)
        self.rates = rates
        self.nextReport = vehicle.time + 1 + max(0, phase)
        var rng = SplitMix64(seed: Self.vinSeed(vehicle.vin) ^ UInt64(bitPattern: vehicle.time))
        self.nextDrop = rates.dropEvery.map { vehicle.time + rng.waitingTime(mean: $0) }
        self.rng = rng
    }

    /// A stable seed from the VIN (`hashValue` changes per process).
    private static func vinSeed(_ vin: String) -> UInt64 {
        vin.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }

    /// Stages a link loss at second `time` lasting `outage` seconds: a test or a demo can cause one on purpose.
    public mutating func stageLinkDrop(at time: Int64, outage: Int64) {
        nextDrop = time
        nextOutage = max(1, outage)
    }

    /// Stages a battery condition on the vehicle (see `SimulatedVehicle.stage`).
    public mutating func stage(_ condition: BatteryCondition) {
        vehicle.stage(condition)
    }

    /// Connect and log in.
    public mutating func start() -> [Action] {
        [.connect, .send(vehicle.login(at: CollectionTime(beijingTimeOf: vehicle.time)))]
    }

    /// Log out, if the link is up; samples still waiting for it are lost.
    public func finish() -> [Action] {
        linkUp ? [.send(vehicle.logout(at: CollectionTime(beijingTimeOf: vehicle.time)))] : []
    }

    /// The next second at which `advance` has something to do.
    public var nextWake: Int64 {
        let soonest = vehicle.time + 1
        var wake = nextReport
        if inAlarmMode { wake = soonest }
        // While a thermal fault builds up the onset must be caught in its own second.
        if let fault = vehicle.thermalFaultStart { wake = min(wake, fault) }
        if let until = linkDownUntil { wake = min(wake, until) } else if let drop = nextDrop { wake = min(wake, drop) }
        return max(wake, soonest)
    }

    /// Samples every second up to `now` (Unix seconds) and returns what to do.
    public mutating func advance(to now: Int64) -> [Action] {
        var actions: [Action] = []
        while vehicle.time < now {
            sample(vehicle.step(), into: &actions)
        }
        return actions
    }

    private mutating func sample(_ snapshot: VehicleSnapshot, into actions: inout [Action]) {
        let time = snapshot.time
        if let until = linkDownUntil, time >= until {
            restoreLink(at: time, into: &actions)
        } else if linkDownUntil == nil, let drop = nextDrop, time >= drop {
            dropLink(at: time, into: &actions)
        }
        // A healthy pack trips nothing (see AlarmDiagnosis): skip generating its cells every second.
        let healthy = snapshot.disturbance == BatteryCondition.Disturbance() && snapshot.soc >= 10
        let diagnosis = healthy ? nil : vehicle.diagnosis(snapshot)
        let flags = diagnosis?.flags ?? 0
        counts.alarmsRaised += (flags & ~previousFlags).nonzeroBitCount
        previousFlags = flags
        let level = diagnosis?.maxLevel ?? 0
        var reported = true
        if level >= 3, !inAlarmMode {
            inAlarmMode = true
            counts.level3Events += 1
            for index in recent.indices
            where !recent[index].handled && recent[index].snapshot.time >= time - Self.preFaultSeconds {
                emit(recent[index].snapshot, reissue: true, into: &actions)
                recent[index].handled = true
            }
            emit(snapshot, reissue: false, into: &actions)
        } else if inAlarmMode {
            // 1 Hz until the alarm clears; the first clear sample goes too, so the platform sees it end.
            emit(snapshot, reissue: false, into: &actions)
            if level < 3 {
                inAlarmMode = false
                nextReport = time + period
            }
        } else if time >= nextReport {
            emit(snapshot, reissue: false, into: &actions)
            nextReport = time + period
        } else {
            reported = false
        }
        recent.append((snapshot, reported))
        if recent.count > Int(Self.preFaultSeconds) { recent.removeFirst(recent.count - Int(Self.preFaultSeconds)) }
    }

    /// Sends a report, or keeps it for reissue while the link is down.
    private mutating func emit(_ snapshot: VehicleSnapshot, reissue: Bool, into actions: inout [Action]) {
        guard linkUp else {
            if backlog.count >= Self.backlogCapacity { backlog.removeFirst() }
            backlog.append(snapshot)
            return
        }
        actions.append(.send(vehicle.report(snapshot, reissue: reissue)))
    }

    private mutating func dropLink(at time: Int64, into actions: inout [Action]) {
        let outage = nextOutage ?? Int64(rng.unit(Double(rates.outage.lowerBound), Double(rates.outage.upperBound)))
        nextOutage = nil
        nextDrop = nil
        linkDownUntil = time + max(1, outage)
        counts.linkDrops += 1
        actions.append(.disconnect)
    }

    private mutating func restoreLink(at time: Int64, into actions: inout [Action]) {
        linkDownUntil = nil
        nextDrop = rates.dropEvery.map { time + rng.waitingTime(mean: $0) }
        actions.append(.connect)
        actions.append(.send(vehicle.login(at: CollectionTime(beijingTimeOf: time))))
        for snapshot in backlog.sorted(by: { $0.time < $1.time }) {
            actions.append(.send(vehicle.report(snapshot, reissue: true)))
        }
        backlog.removeAll()
    }
}
