import Foundation
public import GBT32960
public import Model

/// One simulated NEV: a small physical model stepped one second at a time, whose samples stay consistent (odometer
/// only grows, SOC falls while driving and rises while charging, pack voltage follows SOC, cells and probes scatter
/// around the pack), and which now and then develops a battery condition that raises alarms.
///
/// Deterministic for a seed, so a test or a benchmark replays the same fleet.
public struct SimulatedVehicle: Sendable {
    /// What the vehicle is doing.
    public enum Activity: String, Sendable, Hashable {
        case driving, parked, charging
    }

    /// The 17-character VIN.
    public let vin: String
    /// `##` or `$$`.
    public let edition: Edition
    /// Where it is registered and drives.
    public let city: City
    /// Cells in series (96-200).
    public let cellCount: Int
    /// Temperature probes.
    public let probeCount: Int
    /// Unix seconds of the latest sample.
    public private(set) var time: Int64
    /// WGS-84 position.
    public private(set) var position: GeoPoint
    /// km/h.
    public private(set) var speed: Double = 0
    /// km.
    public private(set) var odometer: Double
    /// %.
    public private(set) var soc: Double
    /// What it is doing now.
    public private(set) var activity: Activity = .parked
    /// The battery condition in effect or staged to come, if any.
    public private(set) var condition: BatteryCondition?
    /// When the next randomly arriving mild condition and thermal fault are due.
    private var nextMild: Int64?
    private var nextFault: Int64?
    /// Seconds left in the current activity.
    private var activityLeft: Double = 0
    private var heading: Double
    private var rng: SplitMix64
    /// A separate stream for incidents, so that turning them on does not change the routes.
    private var incidentRNG: SplitMix64
    private let rates: IncidentRates
    private let readingSeed: UInt64
    var loginSerial: UInt16 = 0

    /// A vehicle numbered `index` of a fleet with `seed`, whose clock starts at `start` (Unix seconds).
    public init(index: Int, seed: UInt64, edition: Edition? = nil, start: Int64 = 0, incidents: IncidentRates = .none) {
        let vehicleSeed = seed &+ UInt64(index) &* 0x9E37_79B9
        var rng = SplitMix64(seed: vehicleSeed)
        self.city = City.allCases[index % City.allCases.count]
        self.edition = edition ?? (rng.next() % 3 == 0 ? .gb2025 : .gb2016)
        self.vin = Self.vin(index: index)
        self.cellCount = 96 + Int(rng.next() % 105)
        self.probeCount = 8 + Int(rng.next() % 41)
        let centre = Self.centres[city] ?? GeoPoint(longitude: 120.1551, latitude: 30.2741)
        self.position = GeoPoint(
            longitude: centre.longitude + rng.unit(-0.08, 0.08), latitude: centre.latitude + rng.unit(-0.06, 0.06))
        self.odometer = rng.unit(500, 120_000)
        self.soc = rng.unit(25, 95)
        self.heading = rng.unit(0, 2 * .pi)
        self.rng = rng
        self.time = start
        self.rates = incidents
        self.readingSeed = vehicleSeed ^ 0x3296_0000
        var incidentRNG = SplitMix64(seed: vehicleSeed ^ 0xA1A2_A3A4)
        nextMild = incidents.alarmEvery.map { start + incidentRNG.waitingTime(mean: $0) }
        nextFault = incidents.level3Every.map { start + incidentRNG.waitingTime(mean: $0) }
        self.incidentRNG = incidentRNG
    }

    /// A VIN of the right alphabet and length for fleet member `index` (`LZJS` + 13 digits; I, O and Q are not
    /// VIN characters).
    public static func vin(index: Int) -> String {
        let digits = String(index)
        return "LZJS" + String(repeating: "0", count: max(0, 13 - digits.count)) + digits
    }

    /// Stages `condition` (replacing any other): a test or a demo can cause an incident at a chosen second.
    public mutating func stage(_ condition: BatteryCondition) {
        self.condition = condition
    }

    /// The second a thermal fault starts, if one is in effect or staged: the terminal wakes for it.
    public var thermalFaultStart: Int64? {
        guard let condition else { return nextFault }
        return condition.kind.isThermal ? condition.started : nextFault.map { max($0, condition.ends) }
    }

    /// Advances the model by one second and returns the sample of that second.
    public mutating func step() -> VehicleSnapshot {
        time += 1
        updateCondition()
        advance(seconds: 1)
        return snapshot
    }

    /// The current sample.
    public var snapshot: VehicleSnapshot {
        var disturbance = BatteryCondition.Disturbance()
        if let condition, condition.started <= time, time < condition.ends {
            let packVoltage = Double(cellCount) * (3.0 + soc / 100 * 1.15)
            disturbance = condition.disturbance(at: time, packVoltage: packVoltage)
        }
        return VehicleSnapshot(
            time: time, activity: activity, speed: speed, odometer: odometer, soc: soc, position: position,
            disturbance: disturbance)
    }

    /// The cell, probe and insulation values of `snapshot`.
    public func readings(_ snapshot: VehicleSnapshot) -> BatteryReadings {
        BatteryReadings(snapshot, cellCount: cellCount, probeCount: probeCount, seed: readingSeed)
    }

    /// The alarms `snapshot` raises.
    public func diagnosis(_ snapshot: VehicleSnapshot) -> AlarmDiagnosis {
        AlarmDiagnosis(readings(snapshot), soc: snapshot.soc, edition: edition)
    }

    /// Ends a condition that is over and starts one that is due.
    private mutating func updateCondition() {
        if let condition, time >= condition.ends { self.condition = nil }
        guard condition == nil else { return }
        if let due = nextFault, time >= due, let mean = rates.level3Every {
            let length = Int64(incidentRNG.unit(40, 120))
            condition = BatteryCondition(
                kind: .thermalFault, started: time, ends: time + length, severity: incidentRNG.unit(0, 1))
            nextFault = time + length + incidentRNG.waitingTime(mean: mean)
        } else if let due = nextMild, time >= due, let mean = rates.alarmEvery {
            let kind = BatteryCondition.Kind.mild[Int(incidentRNG.next() % 3)]
            let length = Int64(incidentRNG.unit(120, 900))
            condition = BatteryCondition(
                kind: kind, started: time, ends: time + length, severity: incidentRNG.unit(0, 1))
            nextMild = time + length + incidentRNG.waitingTime(mean: mean)
        }
    }

    private mutating func advance(seconds: Double) {
        if let condition, condition.kind.isThermal, condition.started <= time {
            // Level 3 means "stop at once": the driver pulls over and stays until the pack has been looked at.
            activity = .parked
            activityLeft = max(activityLeft, Double(condition.ends - time) + 600)
        }
        activityLeft -= seconds
        if activityLeft <= 0 { chooseNextActivity() }
        switch activity {
        case .driving:
            // City traffic: speed wanders between stops, heading drifts.
            speed = min(120, max(0, speed + rng.unit(-8, 8) * min(1, seconds / 10)))
            heading += rng.unit(-0.3, 0.3) * min(1, seconds / 10)
            let km = speed * seconds / 3600
            odometer += km
            soc = max(5, soc - km * 0.18)
            let metresPerDegree = 111_320.0
            position.latitude += km * 1000 * cos(heading) / metresPerDegree
            position.longitude += km * 1000 * sin(heading) / (metresPerDegree * cos(position.latitude * .pi / 180))
        case .parked:
            speed = 0
        case .charging:
            speed = 0
            soc = min(100, soc + seconds * 0.02)
            if soc >= 100 { activityLeft = 0 }
        }
    }

    private mutating func chooseNextActivity() {
        switch activity {
        case .driving:
            activity = soc < 30 ? .charging : .parked
            activityLeft = activity == .charging ? rng.unit(1800, 5400) : rng.unit(300, 7200)
        case .parked, .charging:
            activity = .driving
            speed = rng.unit(10, 40)
            activityLeft = rng.unit(600, 3600)
        }
    }

    /// City centres (WGS-84), where each city's vehicles start.
    static let centres: [City: GeoPoint] = [
        .hangzhou: GeoPoint(longitude: 120.1551, latitude: 30.2741),
        .ningbo: GeoPoint(longitude: 121.5440, latitude: 29.8683),
        .wenzhou: GeoPoint(longitude: 120.6994, latitude: 27.9943),
        .jiaxing: GeoPoint(longitude: 120.7555, latitude: 30.7462),
        .huzhou: GeoPoint(longitude: 120.0868, latitude: 30.8941),
        .shaoxing: GeoPoint(longitude: 120.5802, latitude: 30.0302),
        .jinhua: GeoPoint(longitude: 119.6474, latitude: 29.0791),
        .quzhou: GeoPoint(longitude: 118.8595, latitude: 28.9700),
        .zhoushan: GeoPoint(longitude: 122.2072, latitude: 29.9853),
        .taizhou: GeoPoint(longitude: 121.4208, latitude: 28.6561),
        .lishui: GeoPoint(longitude: 119.9229, latitude: 28.4676),
    ]
}
