/// Where the central system reports what the rest of the platform cares about: connector status changes (the live
/// status of the charging registry's connectors) and finished charging sessions (energy statistics).
///
/// The OCPP layer knows nothing of the registry; the composition root hands it an implementation. Times are
/// microseconds since the epoch (UTC). Calls arrive in the order the charge point sent the messages.
public protocol ChargingFeed: Sendable {
    /// A connector (or, with `connectorID` 0, the whole charge point) reported `status` in a StatusNotification.
    func connectorStatus(
        chargePointID: String, connectorID: Int, status: ChargePointStatus, errorCode: ChargePointErrorCode, at: Int64
    ) async
    /// The charge point's WebSocket closed or went silent: every connector of it is offline (T/CEC status 0).
    func chargePointDisconnected(chargePointID: String, at: Int64) async
    /// A transaction stopped; `energyWh` is meterStop - meterStart.
    func sessionEnded(
        chargePointID: String, connectorID: Int, transactionID: Int, start: Int64, stop: Int64, energyWh: Int
    ) async
}

/// A feed that drops everything, for deployments without a charging registry and for tests.
public struct NoChargingFeed: ChargingFeed {
    public init() {}
    public func connectorStatus(
        chargePointID: String, connectorID: Int, status: ChargePointStatus, errorCode: ChargePointErrorCode, at: Int64
    ) async {}
    public func chargePointDisconnected(chargePointID: String, at: Int64) async {}
    public func sessionEnded(
        chargePointID: String, connectorID: Int, transactionID: Int, start: Int64, stop: Int64, energyWh: Int
    ) async {}
}
