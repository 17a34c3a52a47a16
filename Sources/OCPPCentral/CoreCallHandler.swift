import Model
import OCPP
import Store

/// Answers the Core profile calls of a charge point: stores what they say and reports status changes and finished
/// sessions to the charging feed. The payload was checked against its schema before it gets here.
struct CoreCallHandler: Sendable {
    let store: any OCPPRepository
    /// Heartbeats and status notifications go through it, many per store transaction.
    let activity: ActivityBatcher
    let feed: any ChargingFeed
    /// Seconds between heartbeats the BootNotification answer asks for.
    let heartbeatInterval: Int
    let now: @Sendable () -> Int64

    func handle(_ action: OCPPAction, _ payload: JSON, from chargePointID: String) async throws -> JSON {
        switch action {
        case .bootNotification:
            let request = try payload.decode(BootNotificationRequest.self)
            let at = now()
            let known = try await store.recordBoot(
                chargePointID: chargePointID,
                ChargePointBoot(
                    vendor: request.chargePointVendor, model: request.chargePointModel,
                    serialNumber: request.chargePointSerialNumber ?? request.chargeBoxSerialNumber,
                    firmwareVersion: request.firmwareVersion, bootedAt: at),
                at: at)
            return try JSON.encode(
                BootNotificationResponse(
                    status: known ? .accepted : .rejected, currentTime: OCPPDateTime(micros: at),
                    interval: heartbeatInterval))
        case .heartbeat:
            let at = now()
            try await activity.touch(chargePointID: chargePointID, at: at)
            return try JSON.encode(HeartbeatResponse(currentTime: OCPPDateTime(micros: at)))
        case .statusNotification:
            let request = try payload.decode(StatusNotificationRequest.self)
            let at = request.timestamp?.micros ?? now()
            try await activity.record(
                ConnectorStatusRecord(
                    chargePointID: chargePointID, connectorID: request.connectorId, status: request.status.rawValue,
                    errorCode: request.errorCode.rawValue, info: request.info, vendorErrorCode: request.vendorErrorCode,
                    at: at))
            await feed.connectorStatus(
                chargePointID: chargePointID, connectorID: request.connectorId, status: request.status,
                errorCode: request.errorCode, at: at)
            return .object([:])
        case .authorize:
            let request = try payload.decode(AuthorizeRequest.self)
            return try JSON.encode(AuthorizeResponse(idTagInfo: try await idTagInfo(request.idTag)))
        case .startTransaction:
            let request = try payload.decode(StartTransactionRequest.self)
            let info = try await idTagInfo(request.idTag)
            // A transaction id is answered whatever the tag's status (§6.46: the charge point stops the
            // transaction itself when the tag is not accepted), so the record keeps what was answered.
            let record = try await store.startTransaction(
                TransactionStart(
                    chargePointID: chargePointID, connectorID: request.connectorId, idTag: request.idTag,
                    authorization: info.status.rawValue, meterStart: Int64(request.meterStart),
                    startedAt: request.timestamp.micros))
            return try JSON.encode(StartTransactionResponse(idTagInfo: info, transactionId: Int(record.id)))
        case .meterValues:
            let request = try payload.decode(MeterValuesRequest.self)
            try await store.addMeterValues(
                Self.records(
                    request.meterValue, chargePointID: chargePointID, connectorID: request.connectorId,
                    transactionID: request.transactionId.map(Int64.init)))
            return .object([:])
        case .stopTransaction:
            let request = try payload.decode(StopTransactionRequest.self)
            let transactionID = Int64(request.transactionId)
            let stopped = try await store.stopTransaction(
                TransactionStop(
                    transactionID: transactionID, meterStop: Int64(request.meterStop),
                    stoppedAt: request.timestamp.micros, reason: (request.reason ?? .local).rawValue,
                    idTag: request.idTag))
            if let stopped, let data = request.transactionData {
                try await store.addMeterValues(
                    Self.records(
                        data, chargePointID: chargePointID, connectorID: stopped.connectorID,
                        transactionID: transactionID))
            }
            if let stopped, let meterStop = stopped.meterStop, let stoppedAt = stopped.stoppedAt {
                await feed.sessionEnded(
                    chargePointID: chargePointID, connectorID: stopped.connectorID, transactionID: Int(stopped.id),
                    start: stopped.startedAt, stop: stoppedAt, energyWh: Int(meterStop - stopped.meterStart))
            }
            // An unknown transaction is still answered (§4.7: the charge point would otherwise resend forever).
            let info = try await request.idTag.asyncMap { try await idTagInfo($0) }
            return try JSON.encode(StopTransactionResponse(idTagInfo: info))
        case .dataTransfer:
            // No vendor extensions are implemented: the standard answer for a vendor the receiver does not know.
            return try JSON.encode(DataTransferResponse(status: "UnknownVendorId"))
        default:
            throw StoreError(.engine, "\(action.rawValue) is not a charge point's call")
        }
    }

    /// What to answer for `tag` now: Invalid when unknown, Expired once its expiry has passed, else its status.
    func idTagInfo(_ tag: String) async throws -> IdTagInfo {
        guard let record = try await store.idTag(tag) else { return IdTagInfo(status: .invalid) }
        var status = AuthorizationStatus(rawValue: record.status) ?? .invalid
        if status == .accepted, let expiry = record.expiresAt, expiry <= now() { status = .expired }
        return IdTagInfo(
            status: status, expiryDate: record.expiresAt.map(OCPPDateTime.init(micros:)), parentIdTag: record.parentID)
    }

    static func records(_ values: [MeterValue], chargePointID: String, connectorID: Int, transactionID: Int64?)
        -> [MeterValueRecord]
    {
        values.flatMap { value in
            value.sampledValue.map { sample in
                MeterValueRecord(
                    chargePointID: chargePointID, connectorID: connectorID, transactionID: transactionID,
                    sampledAt: value.timestamp.micros, value: sample.value, measurand: sample.measurand,
                    unit: sample.unit, context: sample.context, phase: sample.phase, location: sample.location)
            }
        }
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
