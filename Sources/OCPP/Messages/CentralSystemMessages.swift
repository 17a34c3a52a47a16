// Messages the central system sends to a charge point, with the answers (OCPP 1.6 specification, §6).

/// §6.33 RemoteStartTransaction.req. The charging profile is passed through unchecked beyond being an object.
public struct RemoteStartTransactionRequest: Sendable, Codable, Hashable {
    public var connectorId: Int?
    public var idTag: String
    public var chargingProfile: JSON?

    public init(connectorId: Int?, idTag: String, chargingProfile: JSON? = nil) {
        self.connectorId = connectorId
        self.idTag = idTag
        self.chargingProfile = chargingProfile
    }
}

/// §6.35 RemoteStopTransaction.req.
public struct RemoteStopTransactionRequest: Sendable, Codable, Hashable {
    public var transactionId: Int

    public init(transactionId: Int) {
        self.transactionId = transactionId
    }
}

/// §6.37 Reset.req: `Hard` or `Soft`.
public struct ResetRequest: Sendable, Codable, Hashable {
    public var type: String

    public init(type: String) {
        self.type = type
    }
}

/// §6.7 ChangeAvailability.req: `Inoperative` or `Operative`; connector 0 is the whole charge point.
public struct ChangeAvailabilityRequest: Sendable, Codable, Hashable {
    public var connectorId: Int
    public var type: String

    public init(connectorId: Int, type: String) {
        self.connectorId = connectorId
        self.type = type
    }
}

/// §6.23 GetConfiguration.req: the keys wanted, all when absent.
public struct GetConfigurationRequest: Sendable, Codable, Hashable {
    public var key: [String]?

    public init(key: [String]?) {
        self.key = key
    }
}

/// §7.17 KeyValue of GetConfiguration.conf.
public struct ConfigurationKey: Sendable, Codable, Hashable {
    public var key: String
    public var readonly: Bool
    public var value: String?
}

/// §6.24 GetConfiguration.conf.
public struct GetConfigurationResponse: Sendable, Codable, Hashable {
    public var configurationKey: [ConfigurationKey]?
    public var unknownKey: [String]?
}

/// §6.9 ChangeConfiguration.req.
public struct ChangeConfigurationRequest: Sendable, Codable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// §6.51 TriggerMessage.req.
public struct TriggerMessageRequest: Sendable, Codable, Hashable {
    public var requestedMessage: String
    public var connectorId: Int?

    public init(requestedMessage: String, connectorId: Int?) {
        self.requestedMessage = requestedMessage
        self.connectorId = connectorId
    }
}

/// §6.53 UnlockConnector.req.
public struct UnlockConnectorRequest: Sendable, Codable, Hashable {
    public var connectorId: Int

    public init(connectorId: Int) {
        self.connectorId = connectorId
    }
}

/// The answer of most CS→CP operations: one `status` (Accepted, Rejected, Scheduled, Unlocked, ...).
public struct StatusResponse: Sendable, Codable, Hashable {
    public var status: String
}
