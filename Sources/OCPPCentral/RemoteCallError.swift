public import OCPP

/// Why a call from the central system to a charge point got no usable answer.
public enum RemoteCallError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The charge point has no open connection.
    case notConnected
    /// No answer within the time allowed.
    case timeout
    /// The connection closed before the answer came.
    case disconnected
    /// The request itself breaks the action's schema (nothing was sent).
    case invalidRequest(SchemaViolation)
    /// The charge point answered with a CALLERROR.
    case callError(code: String, description: String)
    /// The charge point's CALLRESULT breaks the action's answer schema.
    case invalidResponse(SchemaViolation)

    public var description: String {
        switch self {
        case .notConnected: "the charge point is not connected"
        case .timeout: "the charge point did not answer in time"
        case .disconnected: "the charge point disconnected before answering"
        case .invalidRequest(let violation): "invalid request: \(violation.message)"
        case .callError(let code, let description): "the charge point answered \(code): \(description)"
        case .invalidResponse(let violation): "the charge point's answer breaks the schema: \(violation.message)"
        }
    }
}
