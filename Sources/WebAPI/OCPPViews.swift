import Foundation
import Model
import OCPP
import Store

/// A charge point as the API shows it: never its password hash.
struct ChargePointView: Codable {
    let id: String
    let stationId: String?
    let equipmentId: String?
    let vendor: String?
    let model: String?
    let serialNumber: String?
    let firmwareVersion: String?
    let bootedAt: String?
    let lastSeenAt: String?
    let createdAt: String
    let connected: Bool
    let connectors: [ConnectorStatusView]

    init(_ r: ChargePointRecord, connected: Bool, connectors: [ConnectorStatusRecord]) {
        id = r.id
        stationId = r.stationID
        equipmentId = r.equipmentID
        vendor = r.boot?.vendor
        model = r.boot?.model
        serialNumber = r.boot?.serialNumber
        firmwareVersion = r.boot?.firmwareVersion
        bootedAt = r.boot.map { Clock.iso8601(micros: $0.bootedAt) }
        lastSeenAt = r.lastSeenAt.map(Clock.iso8601(micros:))
        createdAt = Clock.iso8601(micros: r.createdAt)
        self.connected = connected
        self.connectors = connectors.map(ConnectorStatusView.init)
    }
}

/// A connector's status, with the T/CEC 102 code it maps to.
struct ConnectorStatusView: Codable {
    let connectorId: Int
    let status: String
    let errorCode: String
    let info: String?
    let vendorErrorCode: String?
    let at: String
    /// T/CEC 102 ConnectorStatusInfo.Status (see `TCECConnectorStatus`).
    let tcecStatus: Int

    init(_ r: ConnectorStatusRecord) {
        connectorId = r.connectorID
        status = r.status
        errorCode = r.errorCode
        info = r.info
        vendorErrorCode = r.vendorErrorCode
        at = Clock.iso8601(micros: r.at)
        tcecStatus = ChargePointStatus(rawValue: r.status).map { TCECConnectorStatus($0).rawValue } ?? 255
    }
}

struct ChargePointListView: Codable {
    let chargePoints: [ChargePointView]
}

struct ConnectedListView: Codable {
    struct Entry: Codable {
        let id: String
        let since: String
    }
    let connected: [Entry]
}

struct StatusHistoryView: Codable {
    let chargePointId: String
    let history: [ConnectorStatusView]
}

struct IdTagView: Codable {
    let idTag: String
    let status: String
    let expiryDate: String?
    let parentIdTag: String?
    let createdAt: String

    init(_ r: IdTagRecord) {
        idTag = r.id
        status = r.status
        expiryDate = r.expiresAt.map(Clock.iso8601(micros:))
        parentIdTag = r.parentID
        createdAt = Clock.iso8601(micros: r.createdAt)
    }
}

struct IdTagListView: Codable {
    let idTags: [IdTagView]
}

struct TransactionView: Codable {
    let id: Int64
    let chargePointId: String
    let connectorId: Int
    let idTag: String
    let authorization: String
    let meterStart: Int64
    let startedAt: String
    let meterStop: Int64?
    let stoppedAt: String?
    let stopReason: String?
    let energyWh: Int64?

    init(_ r: OCPPTransactionRecord) {
        id = r.id
        chargePointId = r.chargePointID
        connectorId = r.connectorID
        idTag = r.idTag
        authorization = r.authorization
        meterStart = r.meterStart
        startedAt = Clock.iso8601(micros: r.startedAt)
        meterStop = r.meterStop
        stoppedAt = r.stoppedAt.map(Clock.iso8601(micros:))
        stopReason = r.stopReason
        energyWh = r.energyWh
    }
}

struct TransactionListView: Codable {
    let transactions: [TransactionView]
}

struct MeterValueView: Codable {
    let connectorId: Int
    let transactionId: Int64?
    let timestamp: String
    let value: String
    let measurand: String?
    let unit: String?
    let context: String?
    let phase: String?
    let location: String?

    init(_ r: MeterValueRecord) {
        connectorId = r.connectorID
        transactionId = r.transactionID
        timestamp = Clock.iso8601(micros: r.sampledAt)
        value = r.value
        measurand = r.measurand
        unit = r.unit
        context = r.context
        phase = r.phase
        location = r.location
    }
}

struct TransactionDetailView: Codable {
    let transaction: TransactionView
    let meterValues: [MeterValueView]
}

/// What a charge point answered to a remote operation.
struct RemoteOperationView: Codable {
    let chargePointId: String
    let action: String
    let response: JSON
}
