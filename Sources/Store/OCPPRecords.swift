/// What the OCPP 1.6J central system keeps: the charge points allowed to connect, the id tags it authorises, the
/// transactions with their meter values, and each connector's latest status with its history.
///
/// Times are microseconds since the epoch (UTC). Status and reason values are the OCPP wire spellings.
public protocol OCPPRepository: Sendable {
    /// Throws `StoreError.conflict` (and stores nothing) if the id is taken.
    func insertChargePoint(_ chargePoint: ChargePointRecord) async throws
    /// The charge point with exactly this id, or nil.
    func chargePoint(id: String) async throws -> ChargePointRecord?
    /// All charge points in id order (byte order on both engines).
    func chargePoints() async throws -> [ChargePointRecord]
    /// Stores what a BootNotification said and marks the charge point seen at `at`; false if no such charge point.
    func recordBoot(chargePointID: String, _ boot: ChargePointBoot, at: Int64) async throws -> Bool
    /// Marks the charge point seen at `at` (never moving the time back).
    func touch(chargePointID: String, at: Int64) async throws

    /// Inserts or replaces the tag by id.
    func upsertIdTag(_ tag: IdTagRecord) async throws
    func idTag(_ id: String) async throws -> IdTagRecord?
    /// All tags in id order.
    func idTags() async throws -> [IdTagRecord]
    /// Returns false if no such tag.
    func deleteIdTag(_ id: String) async throws -> Bool

    /// Opens a transaction; the store assigns its id (increasing, never reused).
    func startTransaction(_ start: TransactionStart) async throws -> OCPPTransactionRecord
    /// Closes a transaction; nil if it does not exist. Stopping a stopped transaction changes nothing and returns it.
    func stopTransaction(_ stop: TransactionStop) async throws -> OCPPTransactionRecord?
    func transaction(id: Int64) async throws -> OCPPTransactionRecord?
    /// Transactions matching the query, newest first.
    func transactions(_ query: OCPPTransactionQuery) async throws -> [OCPPTransactionRecord]

    /// Appends samples in one transaction.
    func addMeterValues(_ values: [MeterValueRecord]) async throws
    /// Samples of one transaction, or of one charge point when `transactionID` is nil, oldest first.
    func meterValues(chargePointID: String?, transactionID: Int64?, limit: Int) async throws -> [MeterValueRecord]

    /// Sets the connector's latest status and appends it to the history, in one transaction. A status older than the
    /// stored latest one only goes to the history.
    func recordStatus(_ status: ConnectorStatusRecord) async throws
    /// What many charge points said at once, in one transaction (the group commit of heartbeats and status
    /// notifications): each charge point in `lastSeen` marked seen (never moving the time back), each status recorded
    /// as `recordStatus` would, in order. All or nothing.
    func recordActivity(lastSeen: [String: Int64], statuses: [ConnectorStatusRecord]) async throws
    /// Latest status of every connector, of one charge point or all, by charge point then connector.
    func connectorStatuses(chargePointID: String?) async throws -> [ConnectorStatusRecord]
    /// One charge point's status history, newest first.
    func statusHistory(chargePointID: String, limit: Int) async throws -> [ConnectorStatusRecord]
}

/// A charge point allowed to connect to `/ocpp/{id}`.
public struct ChargePointRecord: Sendable, Hashable {
    /// The charge point identity: the last path segment of its URL and its HTTP Basic user name.
    public var id: String
    /// bcrypt hash of its HTTP Basic password (OCPP security profiles 1 and 2).
    public var passwordHash: String
    /// The charging registry's station and equipment ids, as plain text (the registry lives elsewhere).
    public var stationID: String?
    public var equipmentID: String?
    public var boot: ChargePointBoot?
    public var lastSeenAt: Int64?
    public var createdAt: Int64

    public init(
        id: String, passwordHash: String, stationID: String? = nil, equipmentID: String? = nil,
        boot: ChargePointBoot? = nil, lastSeenAt: Int64? = nil, createdAt: Int64
    ) {
        self.id = id
        self.passwordHash = passwordHash
        self.stationID = stationID
        self.equipmentID = equipmentID
        self.boot = boot
        self.lastSeenAt = lastSeenAt
        self.createdAt = createdAt
    }
}

/// What the latest BootNotification said.
public struct ChargePointBoot: Sendable, Hashable {
    public var vendor: String
    public var model: String
    public var serialNumber: String?
    public var firmwareVersion: String?
    public var bootedAt: Int64

    public init(vendor: String, model: String, serialNumber: String?, firmwareVersion: String?, bootedAt: Int64) {
        self.vendor = vendor
        self.model = model
        self.serialNumber = serialNumber
        self.firmwareVersion = firmwareVersion
        self.bootedAt = bootedAt
    }
}

/// An id tag (RFID card, app token) the central system answers Authorize for.
public struct IdTagRecord: Sendable, Hashable {
    public static let statuses = ["Accepted", "Blocked", "Expired", "Invalid"]

    public var id: String
    /// One of `statuses`.
    public var status: String
    public var expiresAt: Int64?
    public var parentID: String?
    public var createdAt: Int64

    public init(id: String, status: String, expiresAt: Int64? = nil, parentID: String? = nil, createdAt: Int64) {
        self.id = id
        self.status = status
        self.expiresAt = expiresAt
        self.parentID = parentID
        self.createdAt = createdAt
    }
}

/// A StartTransaction as accepted.
public struct TransactionStart: Sendable, Hashable {
    public var chargePointID: String
    public var connectorID: Int
    public var idTag: String
    /// What the central system answered for the tag.
    public var authorization: String
    public var meterStart: Int64
    public var startedAt: Int64

    public init(
        chargePointID: String, connectorID: Int, idTag: String, authorization: String, meterStart: Int64,
        startedAt: Int64
    ) {
        self.chargePointID = chargePointID
        self.connectorID = connectorID
        self.idTag = idTag
        self.authorization = authorization
        self.meterStart = meterStart
        self.startedAt = startedAt
    }
}

/// A StopTransaction as accepted.
public struct TransactionStop: Sendable, Hashable {
    public var transactionID: Int64
    public var meterStop: Int64
    public var stoppedAt: Int64
    public var reason: String?
    public var idTag: String?

    public init(transactionID: Int64, meterStop: Int64, stoppedAt: Int64, reason: String?, idTag: String?) {
        self.transactionID = transactionID
        self.meterStop = meterStop
        self.stoppedAt = stoppedAt
        self.reason = reason
        self.idTag = idTag
    }
}

/// A charging transaction.
public struct OCPPTransactionRecord: Sendable, Hashable {
    public var id: Int64
    public var chargePointID: String
    public var connectorID: Int
    public var idTag: String
    public var authorization: String
    public var meterStart: Int64
    public var startedAt: Int64
    public var meterStop: Int64?
    public var stoppedAt: Int64?
    public var stopReason: String?
    public var stopIdTag: String?

    public init(
        id: Int64, chargePointID: String, connectorID: Int, idTag: String, authorization: String, meterStart: Int64,
        startedAt: Int64, meterStop: Int64? = nil, stoppedAt: Int64? = nil, stopReason: String? = nil,
        stopIdTag: String? = nil
    ) {
        self.id = id
        self.chargePointID = chargePointID
        self.connectorID = connectorID
        self.idTag = idTag
        self.authorization = authorization
        self.meterStart = meterStart
        self.startedAt = startedAt
        self.meterStop = meterStop
        self.stoppedAt = stoppedAt
        self.stopReason = stopReason
        self.stopIdTag = stopIdTag
    }

    /// Energy delivered in Wh, once stopped.
    public var energyWh: Int64? { meterStop.map { $0 - meterStart } }
}

/// Filters of a transaction list.
public struct OCPPTransactionQuery: Sendable, Hashable {
    public var chargePointID: String?
    public var idTag: String?
    /// Only running (true) or only stopped (false) transactions.
    public var active: Bool?
    public var limit: Int
    public var offset: Int

    public init(
        chargePointID: String? = nil, idTag: String? = nil, active: Bool? = nil, limit: Int = 100, offset: Int = 0
    ) {
        self.chargePointID = chargePointID
        self.idTag = idTag
        self.active = active
        self.limit = limit
        self.offset = offset
    }
}

/// One sampled value of a MeterValues or StopTransaction message.
public struct MeterValueRecord: Sendable, Hashable {
    public var chargePointID: String
    public var connectorID: Int
    public var transactionID: Int64?
    public var sampledAt: Int64
    /// The value as sent (a number as text, or signed data).
    public var value: String
    /// Defaults per OCPP when absent: Energy.Active.Import.Register, Wh, Sample.Periodic.
    public var measurand: String?
    public var unit: String?
    public var context: String?
    public var phase: String?
    public var location: String?

    public init(
        chargePointID: String, connectorID: Int, transactionID: Int64?, sampledAt: Int64, value: String,
        measurand: String? = nil, unit: String? = nil, context: String? = nil, phase: String? = nil,
        location: String? = nil
    ) {
        self.chargePointID = chargePointID
        self.connectorID = connectorID
        self.transactionID = transactionID
        self.sampledAt = sampledAt
        self.value = value
        self.measurand = measurand
        self.unit = unit
        self.context = context
        self.phase = phase
        self.location = location
    }
}

/// A StatusNotification as stored.
public struct ConnectorStatusRecord: Sendable, Hashable {
    public var chargePointID: String
    public var connectorID: Int
    public var status: String
    public var errorCode: String
    public var info: String?
    public var vendorErrorCode: String?
    /// The charge point's timestamp, or the receive time when it sent none.
    public var at: Int64

    public init(
        chargePointID: String, connectorID: Int, status: String, errorCode: String, info: String? = nil,
        vendorErrorCode: String? = nil, at: Int64
    ) {
        self.chargePointID = chargePointID
        self.connectorID = connectorID
        self.status = status
        self.errorCode = errorCode
        self.info = info
        self.vendorErrorCode = vendorErrorCode
        self.at = at
    }
}
