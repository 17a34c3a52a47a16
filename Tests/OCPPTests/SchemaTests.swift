import OCPP
import Testing

/// Payloads checked against the OCPP 1.6 schemas, and the CALLERROR code each broken rule gets.
@Suite("OCPP 1.6 schema validation")
struct SchemaTests {
    static let cases: [(OCPPAction, String, OCPPErrorCode?)] = [
        // Conforming payloads.
        (.bootNotification, #"{"chargePointVendor":"AnchorSim","chargePointModel":"DC-120kW-GBT"}"#, nil),
        (.heartbeat, "{}", nil),
        (.statusNotification, #"{"connectorId":1,"errorCode":"NoError","status":"Available"}"#, nil),
        (
            .meterValues,
            #"{"connectorId":1,"transactionId":7,"meterValue":[{"timestamp":"2026-11-25T04:02:11Z","sampledValue":[{"value":"1002500","measurand":"Energy.Active.Import.Register","unit":"Wh"}]}]}"#,
            nil
        ),
        (
            .stopTransaction,
            #"{"meterStop":1005000,"timestamp":"2026-11-25T04:12:11.123456+00:00","transactionId":7,"reason":"Local","transactionData":[]}"#,
            nil
        ),
        (.dataTransfer, #"{"vendorId":"cn.nevbrain","data":"{}"}"#, nil),
        (.getConfiguration, #"{"key":["HeartbeatInterval"]}"#, nil),
        // Required member missing: the payload is incomplete.
        (.bootNotification, #"{"chargePointVendor":"AnchorSim"}"#, .protocolError),
        (.authorize, "{}", .protocolError),
        (.stopTransaction, #"{"meterStop":1,"timestamp":"2026-11-25T04:12:11Z"}"#, .protocolError),
        // Wrong JSON types, strings too long.
        (
            .statusNotification, #"{"connectorId":"1","errorCode":"NoError","status":"Available"}"#,
            .typeConstraintViolation
        ),
        (
            .startTransaction, #"{"connectorId":1,"idTag":"A","meterStart":1.5,"timestamp":"2026-11-25T04:02:11Z"}"#,
            .typeConstraintViolation
        ),
        (.authorize, #"{"idTag":null}"#, .typeConstraintViolation),
        (.authorize, #"{"idTag":"123456789012345678901"}"#, .typeConstraintViolation),
        (
            .bootNotification, #"{"chargePointVendor":"AnchorSimulatorVendor","chargePointModel":"M"}"#,
            .typeConstraintViolation
        ),
        (
            .meterValues, #"{"connectorId":1,"meterValue":{"timestamp":"2026-11-25T04:02:11Z"}}"#,
            .typeConstraintViolation
        ),
        // Members the message does not define.
        (.heartbeat, #"{"hello":1}"#, .formationViolation),
        (.authorize, #"{"idTag":"A","extra":true}"#, .formationViolation),
        // Values outside their enumeration, malformed date-times.
        (
            .statusNotification, #"{"connectorId":1,"errorCode":"NoError","status":"Sleeping"}"#,
            .propertyConstraintViolation
        ),
        (
            .stopTransaction, #"{"meterStop":1,"timestamp":"2026-11-25T04:12:11Z","transactionId":7,"reason":"Bored"}"#,
            .propertyConstraintViolation
        ),
        (
            .startTransaction, #"{"connectorId":1,"idTag":"A","meterStart":1,"timestamp":"yesterday"}"#,
            .propertyConstraintViolation
        ),
        // Too few items.
        (.meterValues, #"{"connectorId":1,"meterValue":[]}"#, .occurrenceConstraintViolation),
        (
            .meterValues, #"{"connectorId":1,"meterValue":[{"timestamp":"2026-11-25T04:02:11Z","sampledValue":[]}]}"#,
            .occurrenceConstraintViolation
        ),
    ]

    @Test(arguments: cases)
    func answersTheRightCode(action: OCPPAction, payload: String, code: OCPPErrorCode?) throws {
        let json = try #require(JSON.parse(payload))
        #expect(action.requestSchema.violation(of: json)?.code == code, "\(action.rawValue) \(payload)")
    }

    @Test func violationsNameTheField() throws {
        let json = try #require(
            JSON.parse(
                #"{"connectorId":1,"meterValue":[{"timestamp":"2026-11-25T04:02:11Z","sampledValue":[{"value":"1","unit":"Furlongs"}]}]}"#
            ))
        let violation = try #require(OCPPAction.meterValues.requestSchema.violation(of: json))
        #expect(violation.path == "meterValue[0].sampledValue[0].unit")
        #expect(violation.message.contains("Furlongs"))
    }

    @Test func answersAreCheckedToo() throws {
        let good = try #require(JSON.parse(#"{"status":"Accepted"}"#))
        let bad = try #require(JSON.parse(#"{"status":"Maybe"}"#))
        #expect(OCPPAction.reset.responseSchema.violation(of: good) == nil)
        #expect(OCPPAction.reset.responseSchema.violation(of: bad)?.code == .propertyConstraintViolation)
        let config = try #require(
            JSON.parse(
                #"{"configurationKey":[{"key":"HeartbeatInterval","readonly":false,"value":"30"}],"unknownKey":["Nope"]}"#
            ))
        #expect(OCPPAction.getConfiguration.responseSchema.violation(of: config) == nil)
    }

    @Test func everyDecodedMessageMatchesItsSchema() throws {
        // What the central system answers must pass the schema the charge point checks it against.
        let boot = try JSON.encode(
            BootNotificationResponse(status: .accepted, currentTime: OCPPDateTime(micros: 0), interval: 300))
        #expect(OCPPAction.bootNotification.responseSchema.violation(of: boot) == nil)
        let start = try JSON.encode(StartTransactionResponse(idTagInfo: IdTagInfo(status: .invalid), transactionId: 3))
        #expect(OCPPAction.startTransaction.responseSchema.violation(of: start) == nil)
        let stop = try JSON.encode(StopTransactionResponse(idTagInfo: nil))
        #expect(OCPPAction.stopTransaction.responseSchema.violation(of: stop) == nil)
    }
}
