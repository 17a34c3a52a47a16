import Crypto
import Foundation

/// What the platform side of the exchange needs from the rest of the platform.
public protocol TCECBackend: Sendable {
    /// The operator's account, or nil if the platform does not know it.
    func account(operatorID: String) async throws -> TCECAccount?
    /// A connector's status pushed by its operator. Returns false when the platform ignores it (e.g. a connector
    /// it does not know, or one of another operator): the reply then says "ignored, do not resend".
    func connectorStatusChanged(operatorID: String, _ status: ConnectorStatusInfo, receivedAt: Int64) async throws
        -> Bool
    /// A station's catalogue entry pushed by its operator (the decrypted payload). Throws `TCECError` for a
    /// payload the registry rejects.
    func stationInfoChanged(operatorID: String, payload: Data) async throws -> Bool
    /// Keeps a token issued by `query_token` until `expiresAt` (seconds). It must be kept where every process of
    /// the platform finds it (an operator's next call may reach another one), and not as itself: by a digest.
    func keepToken(_ token: String, operatorID: String, expiresAt: Int64, now: Int64) async throws
    /// The operator a token kept by `keepToken` belongs to, if it is live at `now` (seconds).
    func tokenOperator(_ token: String, now: Int64) async throws -> String?
}

/// The interfaces the platform serves to operator platforms, `POST /evcs/v{version}/{interface}`.
///
/// Every answer is a T/CEC response envelope: failures carry the standard's `Ret` and a `Msg` naming the field;
/// the reply is signed whenever the caller is known.
public struct TCECEndpoint: Sendable {
    /// The interfaces served, by their standard names.
    public static let interfaces = ["query_token", "notification_stationStatus", "notification_stationInfo"]

    private let backend: any TCECBackend
    private let tokenLifetime: Int64
    private let now: @Sendable () -> Int64

    /// `tokenLifetime` defaults to two hours, as common operator SDKs do.
    public init(
        backend: any TCECBackend, tokenLifetime: Int64 = 7200,
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.backend = backend
        self.tokenLifetime = tokenLifetime
        self.now = now
    }

    /// The interface name as served, matched ignoring case; nil for interfaces not served.
    public static func interface(named name: String) -> String? {
        interfaces.first { $0.lowercased() == name.lowercased() }
    }

    /// Answers one call. `authorization` is the HTTP `Authorization` header.
    public func handle(interface: String, authorization: String?, body: Data) async -> TCECResponse {
        var cipher: TCECCipher?
        do {
            guard let served = Self.interface(named: interface) else {
                throw TCECError.postParameter("interface: \(interface) is not served here")
            }
            let request = try TCECRequest(body: body)
            guard let account = try await lookUp(request.operatorID) else {
                throw TCECError.postParameter("OperatorID: \(request.operatorID) is not a registered operator")
            }
            let accountCipher = TCECCipher(account.inbound)
            cipher = accountCipher
            let payload = try request.open(with: accountCipher)
            let time = now()
            if served == "query_token" {
                return try TCECResponse(
                    success: try await issueToken(account, payload: payload, now: time), cipher: accountCipher)
            }
            guard let token = Self.bearer(authorization),
                try await tokenOperator(token, now: time) == account.operatorID
            else { throw TCECError.token }
            let accepted: Bool
            switch served {
            case "notification_stationStatus":
                let notification = try TCECJSON.decode(StationStatusNotification.self, from: payload)
                accepted = try await backend.connectorStatusChanged(
                    operatorID: account.operatorID, notification.connectorStatusInfo, receivedAt: time)
            default:
                accepted = try await backend.stationInfoChanged(operatorID: account.operatorID, payload: payload)
            }
            return try TCECResponse(
                success: try TCECJSON.encode(NotificationResult(status: accepted ? 0 : 1)), cipher: accountCipher)
        } catch let error as TCECError {
            return TCECResponse(failure: error, cipher: cipher)
        } catch {
            return TCECResponse(failure: .system("\(error)"), cipher: cipher)
        }
    }

    private func tokenOperator(_ token: String, now: Int64) async throws -> String? {
        do {
            return try await backend.tokenOperator(token, now: now)
        } catch {
            throw TCECError.system("token store unavailable")
        }
    }

    private func lookUp(_ operatorID: String) async throws -> TCECAccount? {
        do {
            guard let account = try await backend.account(operatorID: operatorID), account.enabled else { return nil }
            return account
        } catch {
            throw TCECError.system("operator directory unavailable")
        }
    }

    private func issueToken(_ account: TCECAccount, payload: Data, now: Int64) async throws(TCECError) -> Data {
        let request = try TCECJSON.decode(TokenRequest.self, from: payload)
        guard request.operatorID == account.operatorID else {
            throw .businessParameter("OperatorID: differs from the envelope's OperatorID")
        }
        guard Self.constantTimeEqual(request.operatorSecret, account.inbound.operatorSecret) else {
            return try TCECJSON.encode(
                TokenResult(
                    operatorID: account.operatorID, succStat: 1, accessToken: "", tokenAvailableTime: 0, failReason: 2))
        }
        let token = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "=", with: "")
        do {
            try await backend.keepToken(
                token, operatorID: account.operatorID, expiresAt: now + tokenLifetime, now: now)
        } catch {
            throw TCECError.system("token store unavailable")
        }
        return try TCECJSON.encode(
            TokenResult(
                operatorID: account.operatorID, succStat: 0, accessToken: token,
                tokenAvailableTime: Int(tokenLifetime), failReason: 0))
    }

    static func bearer(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
