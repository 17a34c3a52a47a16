/// How often things go wrong, per vehicle, as mean seconds of simulated time between incidents (nil: never).
/// Incidents arrive at random (exponential waiting times) from the vehicle's seed, so a fleet replays the same.
public struct IncidentRates: Sendable, Hashable {
    /// Mild battery conditions that raise level 1-2 alarms (hot spot, weak cell, insulation leak).
    public var alarmEvery: Double?
    /// Thermal faults that raise a level-3 alarm (2025: sometimes a level-4 thermal event).
    public var level3Every: Double?
    /// Losses of the vehicle's link to the gateway.
    public var dropEvery: Double?
    /// How long a lost link stays down, in seconds.
    public var outage: ClosedRange<Int64>

    /// Nothing goes wrong.
    public static let none = IncidentRates()

    /// Creates rates.
    public init(
        alarmEvery: Double? = nil, level3Every: Double? = nil, dropEvery: Double? = nil,
        outage: ClosedRange<Int64> = 10...60
    ) {
        self.alarmEvery = alarmEvery.flatMap { $0 > 0 ? $0 : nil }
        self.level3Every = level3Every.flatMap { $0 > 0 ? $0 : nil }
        self.dropEvery = dropEvery.flatMap { $0 > 0 ? $0 : nil }
        self.outage = max(1, outage.lowerBound)...max(1, outage.upperBound)
    }
}
