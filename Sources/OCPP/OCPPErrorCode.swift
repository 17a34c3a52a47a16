/// The CALLERROR codes of OCPP-J 1.6 (OCPP-J 1.6 specification, §4.2.3 "CallError", table "Valid Error Codes").
///
/// The 1.6 specification spells one code `OccurenceConstraintViolation` (one "r"); charge points and the python
/// `ocpp` package expect that spelling on the wire, so it is kept.
public enum OCPPErrorCode: String, Sendable, Codable, CaseIterable {
    /// The requested action is not known by the receiver.
    case notImplemented = "NotImplemented"
    /// The requested action is recognised but not supported by the receiver.
    case notSupported = "NotSupported"
    /// An internal error occurred and the receiver was not able to process the requested action.
    case internalError = "InternalError"
    /// The payload for the action is incomplete.
    case protocolError = "ProtocolError"
    /// The receiver refused the action for a security reason.
    case securityError = "SecurityError"
    /// The payload is syntactically incorrect or does not conform to the PDU structure of the action.
    case formationViolation = "FormationViolation"
    /// The payload is syntactically correct but at least one field holds an invalid value.
    case propertyConstraintViolation = "PropertyConstraintViolation"
    /// The payload is syntactically correct but at least one field violates occurrence constraints.
    case occurrenceConstraintViolation = "OccurenceConstraintViolation"
    /// The payload is syntactically correct but at least one field violates data type constraints.
    case typeConstraintViolation = "TypeConstraintViolation"
    /// Any other error.
    case genericError = "GenericError"
}
