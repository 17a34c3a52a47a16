import Model
import OCPP

/// The open charge-point connections, and the central system's calls to them waiting for an answer.
///
/// One session per charge point id: a new connection of the same charge point replaces the old one (a charge point
/// that reconnects after a network change must not be locked out by its own half-dead socket); the old session's
/// outgoing stream finishes, which closes its WebSocket, and its waiting calls fail with `disconnected`.
actor SessionRegistry {
    private struct Session {
        let token: UInt64
        let outgoing: AsyncStream<String>.Continuation
        let connectedAt: Int64
        var pending: [String: CheckedContinuation<Result<JSON, RemoteCallError>, Never>] = [:]
    }

    private var sessions: [String: Session] = [:]
    private var nextToken: UInt64 = 0
    private var nextCallID: UInt64 = 0

    /// Registers a connection; returns its token for `close`.
    func open(_ chargePointID: String, outgoing: AsyncStream<String>.Continuation, at: Int64) -> UInt64 {
        nextToken += 1
        if let old = sessions[chargePointID] { Self.end(old) }
        sessions[chargePointID] = Session(token: nextToken, outgoing: outgoing, connectedAt: at)
        return nextToken
    }

    /// Forgets the connection if it is still the charge point's current one; returns whether it was.
    func close(_ chargePointID: String, token: UInt64) -> Bool {
        guard let session = sessions[chargePointID], session.token == token else { return false }
        sessions[chargePointID] = nil
        Self.end(session)
        return true
    }

    private static func end(_ session: Session) {
        session.outgoing.finish()
        for waiting in session.pending.values { waiting.resume(returning: .failure(.disconnected)) }
    }

    /// Sends a CALL and waits for its answer, at most `timeout`.
    func call(_ chargePointID: String, action: String, payload: JSON, timeout: Duration) async -> Result<
        JSON, RemoteCallError
    > {
        guard sessions[chargePointID] != nil else { return .failure(.notConnected) }
        nextCallID += 1
        let id = "cs-\(nextCallID)"
        let text = OCPPFrame.call(id: id, action: action, payload: payload).text
        return await withCheckedContinuation { continuation in
            sessions[chargePointID]?.pending[id] = continuation
            sessions[chargePointID]?.outgoing.yield(text)
            Task {
                try? await Task.sleep(for: timeout)
                self.complete(chargePointID, id: id, with: .failure(.timeout))
            }
        }
    }

    /// Hands a CALLRESULT or CALLERROR to the call waiting for it; an answer nobody waits for (late, or unknown id)
    /// is dropped.
    func complete(_ chargePointID: String, id: String, with result: Result<JSON, RemoteCallError>) {
        guard let waiting = sessions[chargePointID]?.pending.removeValue(forKey: id) else { return }
        waiting.resume(returning: result)
    }

    /// Queues a text frame on the charge point's connection (an answer to its call).
    func send(_ chargePointID: String, token: UInt64, _ text: String) {
        guard let session = sessions[chargePointID], session.token == token else { return }
        session.outgoing.yield(text)
    }

    /// The connected charge points and since when, by id.
    func connected() -> [(id: String, since: Int64)] {
        sessions.map { ($0.key, $0.value.connectedAt) }.sorted { $0.id < $1.id }
    }

    func isConnected(_ chargePointID: String) -> Bool { sessions[chargePointID] != nil }

    var count: Int { sessions.count }
}
