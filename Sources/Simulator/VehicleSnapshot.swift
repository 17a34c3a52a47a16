public import Model

/// A simulated vehicle's state at one second: what its terminal samples at 1 Hz, keeps for the pre-fault window
/// and for reissue, and turns into a report.
public struct VehicleSnapshot: Sendable, Hashable {
    /// Unix seconds of the sample (the report's collection time).
    public var time: Int64
    /// What the vehicle was doing.
    public var activity: SimulatedVehicle.Activity
    /// km/h.
    public var speed: Double
    /// km.
    public var odometer: Double
    /// %.
    public var soc: Double
    /// WGS-84 position.
    public var position: GeoPoint
    /// What a battery condition did to the values at this second.
    var disturbance: BatteryCondition.Disturbance
}
