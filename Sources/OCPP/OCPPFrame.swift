import Foundation

/// One OCPP-J message (OCPP-J 1.6 specification, §4 "RPC framework"): a JSON array whose first element is the
/// message type.
///
/// - `[2, "<UniqueId>", "<Action>", {<payload>}]`: CALL
/// - `[3, "<UniqueId>", {<payload>}]`: CALLRESULT
/// - `[4, "<UniqueId>", "<errorCode>", "<errorDescription>", {<errorDetails>}]`: CALLERROR
public enum OCPPFrame: Sendable, Hashable {
    case call(id: String, action: String, payload: JSON)
    case callResult(id: String, payload: JSON)
    case callError(id: String, code: String, description: String, details: JSON)

    /// The message id every frame carries.
    public var id: String {
        switch self {
        case .call(let id, _, _), .callResult(let id, _), .callError(let id, _, _, _): id
        }
    }

    /// Longest message id the specification allows (§4.1.3: "maximum of 36 characters").
    public static let maxIDLength = 36

    /// Reads one WebSocket text message as a frame, or says why it is not one, with the message id when one could
    /// be read so the CALLERROR can answer it.
    public static func parse(_ text: String) -> Result<OCPPFrame, FrameError> {
        guard let json = JSON.parse(text) else {
            return .failure(FrameError(id: nil, code: .formationViolation, description: "message is not JSON"))
        }
        guard case .array(let items) = json else {
            return .failure(
                FrameError(
                    id: nil, code: .formationViolation,
                    description: "message is a JSON \(json.typeName), not an OCPP-J array"))
        }
        guard let first = items.first, case .integer(let type) = first else {
            return .failure(
                FrameError(
                    id: nil, code: .formationViolation,
                    description: "an OCPP-J array starts with the message type 2, 3 or 4"))
        }
        guard items.count >= 2, case .string(let id) = items[1], !id.isEmpty, id.count <= maxIDLength else {
            return .failure(
                FrameError(
                    id: nil, code: .formationViolation,
                    description: "the second element must be the message id, a string of 1-\(maxIDLength) characters")
            )
        }
        func failure(_ description: String) -> Result<OCPPFrame, FrameError> {
            .failure(FrameError(id: id, code: .formationViolation, description: description))
        }
        switch type {
        case 2:
            guard items.count == 4 else { return failure("a CALL has 4 elements, this has \(items.count)") }
            guard case .string(let action) = items[2], !action.isEmpty else {
                return failure("the third element of a CALL must be the action name")
            }
            guard case .object = items[3] else {
                return failure("the payload of a CALL must be a JSON object, not \(items[3].typeName)")
            }
            return .success(.call(id: id, action: action, payload: items[3]))
        case 3:
            guard items.count == 3 else { return failure("a CALLRESULT has 3 elements, this has \(items.count)") }
            guard case .object = items[2] else {
                return failure("the payload of a CALLRESULT must be a JSON object, not \(items[2].typeName)")
            }
            return .success(.callResult(id: id, payload: items[2]))
        case 4:
            guard items.count == 5, case .string(let code) = items[2], case .string(let description) = items[3],
                case .object = items[4]
            else {
                return failure("a CALLERROR is [4, id, errorCode, errorDescription, {errorDetails}]")
            }
            return .success(.callError(id: id, code: code, description: description, details: items[4]))
        default:
            return failure("unknown message type \(type); OCPP-J knows 2 (CALL), 3 (CALLRESULT) and 4 (CALLERROR)")
        }
    }

    /// The frame as compact JSON text.
    public var text: String {
        let array: JSON =
            switch self {
            case .call(let id, let action, let payload): .array([.integer(2), .string(id), .string(action), payload])
            case .callResult(let id, let payload): .array([.integer(3), .string(id), payload])
            case .callError(let id, let code, let description, let details):
                .array([.integer(4), .string(id), .string(code), .string(description), details])
            }
        return array.text
    }

    /// A CALLERROR answering message `id` (`-1` when the id could not be read, as OCPP 2.0.1 prescribes and
    /// 1.6 leaves open).
    public static func error(id: String?, _ code: OCPPErrorCode, _ description: String, details: JSON = .object([:]))
        -> OCPPFrame
    {
        .callError(id: id ?? "-1", code: code.rawValue, description: description, details: details)
    }
}

/// Why a text message is not a usable OCPP-J frame: what to answer in a CALLERROR.
public struct FrameError: Error, Sendable, Hashable {
    /// The message id, when it could be read.
    public let id: String?
    public let code: OCPPErrorCode
    public let description: String

    public init(id: String?, code: OCPPErrorCode, description: String) {
        self.id = id
        self.code = code
        self.description = description
    }

    /// The CALLERROR answering it.
    public var reply: OCPPFrame { .error(id: id, code, description) }
}
