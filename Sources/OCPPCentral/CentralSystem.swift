public import Logging
import Model
public import OCPP
public import Store

/// The OCPP 1.6J central system: answers every charge point's calls, sends the platform's calls to charge points
/// and matches their answers, and keeps one session per connected charge point.
///
/// Transport-free: the WebSocket endpoint feeds each connection's text messages to a `ChargePointConnection` and
/// writes what its `outgoing` stream yields. A bad frame is answered with a CALLERROR and the connection stays open.
public final class CentralSystem: Sendable {
    let handler: CoreCallHandler
    let sessions = SessionRegistry()
    let feed: any ChargingFeed
    let logger: Logger
    /// How long a call to a charge point waits for its answer.
    public let callTimeout: Duration
    let now: @Sendable () -> Int64

    /// - Parameters:
    ///   - heartbeatInterval: seconds between heartbeats asked for in the BootNotification answer.
    ///   - callTimeout: how long a call to a charge point waits for the answer.
    public init(
        store: any OCPPRepository, feed: any ChargingFeed = NoChargingFeed(), heartbeatInterval: Int = 300,
        callTimeout: Duration = .seconds(30), logger: Logger, now: @escaping @Sendable () -> Int64 = Clock.nowMicros
    ) {
        handler = CoreCallHandler(
            store: store, activity: ActivityBatcher(store: store), feed: feed, heartbeatInterval: heartbeatInterval,
            now: now)
        self.feed = feed
        self.callTimeout = callTimeout
        self.logger = logger
        self.now = now
    }

    /// Opens a session for a charge point that passed the handshake; replaces its previous session if any.
    public func connect(chargePointID: String) async -> ChargePointConnection {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .unbounded)
        let token = await sessions.open(chargePointID, outgoing: continuation, at: now())
        try? await handler.store.touch(chargePointID: chargePointID, at: now())
        return ChargePointConnection(
            chargePointID: chargePointID, token: token, outgoing: stream, continuation: continuation, system: self)
    }

    /// Sends `action` to a charge point and returns its answer, checked against the action's answer schema.
    public func call(_ action: OCPPAction, payload: JSON, to chargePointID: String, timeout: Duration? = nil)
        async throws(RemoteCallError) -> JSON
    {
        guard action.sentByCentralSystem else {
            throw .invalidRequest(
                SchemaViolation(
                    code: .notSupported, path: "", message: "\(action.rawValue) is sent by charge points"))
        }
        if let violation = action.requestSchema.violation(of: payload) { throw .invalidRequest(violation) }
        let answer = try await sessions.call(
            chargePointID, action: action.rawValue, payload: payload, timeout: timeout ?? callTimeout
        ).get()
        if let violation = action.responseSchema.violation(of: answer) { throw .invalidResponse(violation) }
        return answer
    }

    /// The connected charge points and since when (microseconds), by id.
    public func connected() async -> [(id: String, since: Int64)] { await sessions.connected() }

    /// Whether the charge point has an open connection.
    public func isConnected(_ chargePointID: String) async -> Bool { await sessions.isConnected(chargePointID) }

    /// The answer to one text message of a charge point: a CALLRESULT or CALLERROR for a CALL or a bad frame, nil
    /// for an answer to one of our calls (handed to the call waiting for it).
    func reply(to text: String, from chargePointID: String) async -> OCPPFrame? {
        let frame: OCPPFrame
        switch OCPPFrame.parse(text) {
        case .failure(let error):
            logger.notice(
                "bad OCPP frame", metadata: ["charge_point": "\(chargePointID)", "error": "\(error.description)"])
            return error.reply
        case .success(let parsed):
            frame = parsed
        }
        switch frame {
        case .callResult(let id, let payload):
            await sessions.complete(chargePointID, id: id, with: .success(payload))
            return nil
        case .callError(let id, let code, let description, _):
            await sessions.complete(
                chargePointID, id: id, with: .failure(.callError(code: code, description: description)))
            return nil
        case .call(let id, let name, let payload):
            guard let action = OCPPAction(rawValue: name) else {
                let known = OCPPAction.otherKnownActions.contains(name)
                return .error(
                    id: id, known ? .notSupported : .notImplemented,
                    known ? "\(name) is not supported by this central system" : "unknown action \(name)")
            }
            guard action.sentByChargePoint else {
                return .error(id: id, .notSupported, "\(name) is sent by the central system, not by a charge point")
            }
            if let violation = action.requestSchema.violation(of: payload) {
                return .error(
                    id: id, violation.code, violation.message, details: .object(["path": .string(violation.path)]))
            }
            do {
                return .callResult(id: id, payload: try await handler.handle(action, payload, from: chargePointID))
            } catch is DecodingError {
                return .error(id: id, .formationViolation, "payload of \(name) could not be read")
            } catch {
                logger.error(
                    "OCPP call failed",
                    metadata: ["charge_point": "\(chargePointID)", "action": "\(name)", "error": "\(error)"])
                return .error(id: id, .internalError, "the central system could not process \(name)")
            }
        }
    }

    func disconnected(_ chargePointID: String, token: UInt64) async {
        guard await sessions.close(chargePointID, token: token) else { return }
        let at = now()
        try? await handler.store.touch(chargePointID: chargePointID, at: at)
        await feed.chargePointDisconnected(chargePointID: chargePointID, at: at)
    }
}

/// One charge point's open connection: text messages in through `receive`, text messages out through `outgoing`.
/// Call `close` when the socket closes.
public struct ChargePointConnection: Sendable {
    public let chargePointID: String
    let token: UInt64
    /// Frames to write to the socket, in order. Finishes when the session is replaced or closed.
    public let outgoing: AsyncStream<String>
    let continuation: AsyncStream<String>.Continuation
    let system: CentralSystem

    /// Handles one text message and queues the answer, if any, on `outgoing`.
    public func receive(_ text: String) async {
        if let reply = await system.reply(to: text, from: chargePointID) {
            continuation.yield(reply.text)
        }
    }

    /// Ends the session (if it is still the charge point's current one) and reports the charge point offline.
    public func close() async {
        continuation.finish()
        await system.disconnected(chargePointID, token: token)
    }
}
