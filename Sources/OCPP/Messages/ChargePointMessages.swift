// Messages a charge point sends to the central system, with the answers (OCPP 1.6 specification, §6).
// Member names are the wire names, so the synthesised Codable conformance reads and writes the JSON as is.

/// §6.2 BootNotification.req.
public struct BootNotificationRequest: Sendable, Codable, Hashable {
    public var chargePointVendor: String
    public var chargePointModel: String
    public var chargePointSerialNumber: String?
    public var chargeBoxSerialNumber: String?
    public var firmwareVersion: String?
    public var iccid: String?
    public var imsi: String?
    public var meterType: String?
    public var meterSerialNumber: String?
}

/// §6.3 BootNotification.conf.
public struct BootNotificationResponse: Sendable, Codable, Hashable {
    public var status: RegistrationStatus
    public var currentTime: OCPPDateTime
    /// Heartbeat interval in seconds when accepted.
    public var interval: Int

    public init(status: RegistrationStatus, currentTime: OCPPDateTime, interval: Int) {
        self.status = status
        self.currentTime = currentTime
        self.interval = interval
    }
}

/// §6.31 Heartbeat.conf (the request has no members).
public struct HeartbeatResponse: Sendable, Codable, Hashable {
    public var currentTime: OCPPDateTime

    public init(currentTime: OCPPDateTime) {
        self.currentTime = currentTime
    }
}

/// §6.47 StatusNotification.req. Connector 0 is the charge point as a whole.
public struct StatusNotificationRequest: Sendable, Codable, Hashable {
    public var connectorId: Int
    public var errorCode: ChargePointErrorCode
    public var info: String?
    public var status: ChargePointStatus
    public var timestamp: OCPPDateTime?
    public var vendorId: String?
    public var vendorErrorCode: String?
}

/// §7.15 IdTagInfo: what the central system says about an id tag.
public struct IdTagInfo: Sendable, Codable, Hashable {
    public var status: AuthorizationStatus
    public var expiryDate: OCPPDateTime?
    public var parentIdTag: String?

    public init(status: AuthorizationStatus, expiryDate: OCPPDateTime? = nil, parentIdTag: String? = nil) {
        self.status = status
        self.expiryDate = expiryDate
        self.parentIdTag = parentIdTag
    }
}

/// §6.1 Authorize.req.
public struct AuthorizeRequest: Sendable, Codable, Hashable {
    public var idTag: String
}

/// §6.2 Authorize.conf.
public struct AuthorizeResponse: Sendable, Codable, Hashable {
    public var idTagInfo: IdTagInfo

    public init(idTagInfo: IdTagInfo) {
        self.idTagInfo = idTagInfo
    }
}

/// §6.45 StartTransaction.req.
public struct StartTransactionRequest: Sendable, Codable, Hashable {
    public var connectorId: Int
    public var idTag: String
    /// Meter reading in Wh at the start.
    public var meterStart: Int
    public var reservationId: Int?
    public var timestamp: OCPPDateTime
}

/// §6.46 StartTransaction.conf.
public struct StartTransactionResponse: Sendable, Codable, Hashable {
    public var idTagInfo: IdTagInfo
    public var transactionId: Int

    public init(idTagInfo: IdTagInfo, transactionId: Int) {
        self.idTagInfo = idTagInfo
        self.transactionId = transactionId
    }
}

/// §7.45 SampledValue.
public struct SampledValue: Sendable, Codable, Hashable {
    public var value: String
    public var context: String?
    public var format: String?
    public var measurand: String?
    public var phase: String?
    public var location: String?
    public var unit: String?
}

/// §7.33 MeterValue: samples taken at one moment.
public struct MeterValue: Sendable, Codable, Hashable {
    public var timestamp: OCPPDateTime
    public var sampledValue: [SampledValue]
}

/// §6.33 MeterValues.req.
public struct MeterValuesRequest: Sendable, Codable, Hashable {
    public var connectorId: Int
    public var transactionId: Int?
    public var meterValue: [MeterValue]
}

/// §6.49 StopTransaction.req.
public struct StopTransactionRequest: Sendable, Codable, Hashable {
    public var idTag: String?
    /// Meter reading in Wh at the end.
    public var meterStop: Int
    public var timestamp: OCPPDateTime
    public var transactionId: Int
    public var reason: StopReason?
    public var transactionData: [MeterValue]?
}

/// §6.50 StopTransaction.conf.
public struct StopTransactionResponse: Sendable, Codable, Hashable {
    public var idTagInfo: IdTagInfo?

    public init(idTagInfo: IdTagInfo?) {
        self.idTagInfo = idTagInfo
    }
}

/// §6.17 DataTransfer.req (either direction).
public struct DataTransferRequest: Sendable, Codable, Hashable {
    public var vendorId: String
    public var messageId: String?
    public var data: String?
}

/// §6.18 DataTransfer.conf.
public struct DataTransferResponse: Sendable, Codable, Hashable {
    /// Accepted, Rejected, UnknownMessageId or UnknownVendorId.
    public var status: String
    public var data: String?

    public init(status: String, data: String? = nil) {
        self.status = status
        self.data = data
    }
}

/// An empty answer (StatusNotification.conf, MeterValues.conf).
public struct EmptyResponse: Sendable, Codable, Hashable {
    public init() {}
}
