/// The actions of the OCPP 1.6 Core profile this central system speaks, and TriggerMessage (Remote Trigger profile),
/// with each one's direction and the schemas of its request and answer (the OCPP 1.6 JSON schemas, written out
/// here member by member).
public enum OCPPAction: String, Sendable, CaseIterable, Codable {
    // Charge point to central system.
    case bootNotification = "BootNotification"
    case heartbeat = "Heartbeat"
    case statusNotification = "StatusNotification"
    case authorize = "Authorize"
    case startTransaction = "StartTransaction"
    case meterValues = "MeterValues"
    case stopTransaction = "StopTransaction"
    case dataTransfer = "DataTransfer"
    // Central system to charge point.
    case remoteStartTransaction = "RemoteStartTransaction"
    case remoteStopTransaction = "RemoteStopTransaction"
    case reset = "Reset"
    case changeAvailability = "ChangeAvailability"
    case getConfiguration = "GetConfiguration"
    case changeConfiguration = "ChangeConfiguration"
    case triggerMessage = "TriggerMessage"
    case unlockConnector = "UnlockConnector"

    /// Whether a charge point may send this action (DataTransfer goes both ways).
    public var sentByChargePoint: Bool {
        switch self {
        case .bootNotification, .heartbeat, .statusNotification, .authorize, .startTransaction, .meterValues,
            .stopTransaction, .dataTransfer:
            true
        default: false
        }
    }

    /// Whether the central system may send this action.
    public var sentByCentralSystem: Bool { !sentByChargePoint || self == .dataTransfer }

    /// Actions of OCPP 1.6 outside what this central system implements: a charge point sending one of these gets
    /// `NotSupported` rather than `NotImplemented` (the action exists, this receiver does not do it).
    public static let otherKnownActions: Set<String> = [
        "DiagnosticsStatusNotification", "FirmwareStatusNotification", "CancelReservation", "ClearCache",
        "ClearChargingProfile", "GetCompositeSchedule", "GetDiagnostics", "GetLocalListVersion", "ReserveNow",
        "SendLocalList", "SetChargingProfile", "UpdateFirmware", "SecurityEventNotification",
        "SignedFirmwareStatusNotification", "LogStatusNotification", "SignCertificate",
    ]

    private static let idToken = PayloadSchema.string(20)
    private static let idTagInfo = PayloadSchema.object([
        .init("expiryDate", .dateTime), .init("parentIdTag", idToken),
        .init("status", .enumeration(AuthorizationStatus.allCases.map(\.rawValue)), required: true),
    ])
    private static let meterValue = PayloadSchema.object([
        .init("timestamp", .dateTime, required: true),
        .init(
            "sampledValue",
            .array(
                .object([
                    .init("value", .text, required: true),
                    .init("context", .enumeration(SampledValueVocabulary.contexts)),
                    .init("format", .enumeration(SampledValueVocabulary.formats)),
                    .init("measurand", .enumeration(SampledValueVocabulary.measurands)),
                    .init("phase", .enumeration(SampledValueVocabulary.phases)),
                    .init("location", .enumeration(SampledValueVocabulary.locations)),
                    .init("unit", .enumeration(SampledValueVocabulary.units)),
                ]), minItems: 1), required: true),
    ])
    private static func status(_ values: String...) -> PayloadSchema {
        .object([.init("status", .enumeration(values), required: true)])
    }

    /// The schema of the CALL payload.
    public var requestSchema: PayloadSchema {
        switch self {
        case .bootNotification:
            .object([
                .init("chargePointVendor", .string(20), required: true),
                .init("chargePointModel", .string(20), required: true),
                .init("chargePointSerialNumber", .string(25)), .init("chargeBoxSerialNumber", .string(25)),
                .init("firmwareVersion", .string(50)), .init("iccid", .string(20)), .init("imsi", .string(20)),
                .init("meterType", .string(25)), .init("meterSerialNumber", .string(25)),
            ])
        case .heartbeat:
            .object([])
        case .statusNotification:
            .object([
                .init("connectorId", .integer, required: true),
                .init("errorCode", .enumeration(ChargePointErrorCode.allCases.map(\.rawValue)), required: true),
                .init("info", .string(50)),
                .init("status", .enumeration(ChargePointStatus.allCases.map(\.rawValue)), required: true),
                .init("timestamp", .dateTime), .init("vendorId", .string(255)), .init("vendorErrorCode", .string(50)),
            ])
        case .authorize:
            .object([.init("idTag", Self.idToken, required: true)])
        case .startTransaction:
            .object([
                .init("connectorId", .integer, required: true), .init("idTag", Self.idToken, required: true),
                .init("meterStart", .integer, required: true), .init("reservationId", .integer),
                .init("timestamp", .dateTime, required: true),
            ])
        case .meterValues:
            .object([
                .init("connectorId", .integer, required: true), .init("transactionId", .integer),
                .init("meterValue", .array(Self.meterValue, minItems: 1), required: true),
            ])
        case .stopTransaction:
            .object([
                .init("idTag", Self.idToken), .init("meterStop", .integer, required: true),
                .init("timestamp", .dateTime, required: true), .init("transactionId", .integer, required: true),
                .init("reason", .enumeration(StopReason.allCases.map(\.rawValue))),
                .init("transactionData", .array(Self.meterValue, minItems: 0)),
            ])
        case .dataTransfer:
            .object([
                .init("vendorId", .string(255), required: true), .init("messageId", .string(50)),
                .init("data", .text),
            ])
        case .remoteStartTransaction:
            .object([
                .init("connectorId", .integer), .init("idTag", Self.idToken, required: true),
                .init("chargingProfile", .anyObject),
            ])
        case .remoteStopTransaction:
            .object([.init("transactionId", .integer, required: true)])
        case .reset:
            .object([.init("type", .enumeration(["Hard", "Soft"]), required: true)])
        case .changeAvailability:
            .object([
                .init("connectorId", .integer, required: true),
                .init("type", .enumeration(["Inoperative", "Operative"]), required: true),
            ])
        case .getConfiguration:
            .object([.init("key", .array(.string(50), minItems: 0))])
        case .changeConfiguration:
            .object([.init("key", .string(50), required: true), .init("value", .string(500), required: true)])
        case .triggerMessage:
            .object([
                .init(
                    "requestedMessage",
                    .enumeration([
                        "BootNotification", "DiagnosticsStatusNotification", "FirmwareStatusNotification",
                        "Heartbeat", "MeterValues", "StatusNotification",
                    ]), required: true),
                .init("connectorId", .integer),
            ])
        case .unlockConnector:
            .object([.init("connectorId", .integer, required: true)])
        }
    }

    /// The schema of the CALLRESULT payload.
    public var responseSchema: PayloadSchema {
        switch self {
        case .bootNotification:
            .object([
                .init("status", .enumeration(RegistrationStatus.allCases.map(\.rawValue)), required: true),
                .init("currentTime", .dateTime, required: true), .init("interval", .integer, required: true),
            ])
        case .heartbeat:
            .object([.init("currentTime", .dateTime, required: true)])
        case .statusNotification, .meterValues:
            .object([])
        case .authorize:
            .object([.init("idTagInfo", Self.idTagInfo, required: true)])
        case .startTransaction:
            .object([
                .init("idTagInfo", Self.idTagInfo, required: true), .init("transactionId", .integer, required: true),
            ])
        case .stopTransaction:
            .object([.init("idTagInfo", Self.idTagInfo)])
        case .dataTransfer:
            .object([
                .init(
                    "status", .enumeration(["Accepted", "Rejected", "UnknownMessageId", "UnknownVendorId"]),
                    required: true),
                .init("data", .text),
            ])
        case .remoteStartTransaction, .remoteStopTransaction, .reset:
            Self.status("Accepted", "Rejected")
        case .changeAvailability:
            Self.status("Accepted", "Rejected", "Scheduled")
        case .getConfiguration:
            .object([
                .init(
                    "configurationKey",
                    .array(
                        .object([
                            .init("key", .string(50), required: true), .init("readonly", .boolean, required: true),
                            .init("value", .string(500)),
                        ]), minItems: 0)),
                .init("unknownKey", .array(.string(50), minItems: 0)),
            ])
        case .changeConfiguration:
            Self.status("Accepted", "Rejected", "RebootRequired", "NotSupported")
        case .triggerMessage:
            Self.status("Accepted", "Rejected", "NotImplemented")
        case .unlockConnector:
            Self.status("Unlocked", "UnlockFailed", "NotSupported")
        }
    }
}
