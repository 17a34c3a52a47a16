import Crypto
import Foundation
public import HTTPTypes
import Hummingbird
public import HummingbirdWebSocket
import Identity
public import Logging
import Model
import NIOCore
import OCPP
import OCPPCentral
import Store
import Synchronization

/// The OCPP 1.6J central system over HTTP: the charge points' WebSocket at `/ocpp/{chargePointId}` and the
/// operators' API under `/api/v1/ocpp` (charge points, id tags, transactions with meter values, remote operations).
///
/// The WebSocket follows OCPP-J 1.6 §3: the charge point id is the last path segment, the subprotocol `ocpp1.6`
/// is required and answered, and (security profiles 1 and 2 of the OCPP 1.6 security whitepaper) the charge point
/// authenticates with HTTP Basic, user = its id, password checked against the stored bcrypt hash. A handshake that
/// fails any of these is not upgraded: the HTTP route below answers it (401, or 400 naming what is missing).
public enum OCPPRoutes {
    static let socketPrefix = "/ocpp/"
    static let subprotocol = "ocpp1.6"
    static let maxList = 1000
    /// Largest OCPP message accepted on the WebSocket; Core profile messages are a few kilobytes.
    static let maxMessageBytes = 1 << 16
    static let remoteOperations: [OCPPAction] = [
        .remoteStartTransaction, .remoteStopTransaction, .reset, .changeAvailability, .getConfiguration,
        .changeConfiguration, .triggerMessage, .unlockConnector,
    ]

    struct ChargePointRequest: Codable {
        let id: String
        let password: String
        let stationId: String?
        let equipmentId: String?
    }

    struct IdTagRequest: Codable {
        let idTag: String
        let status: String
        let expiryDate: String?
        let parentIdTag: String?
    }

    /// A charge point id usable in a URL path and as an HTTP Basic user (no `:`), 1-48 characters (the length of
    /// chargeBoxIdentity in OCPP 1.6).
    static func validID(_ id: String) -> Bool {
        (1...48).contains(id.count)
            && id.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-".unicodeScalars.contains($0)
            }
    }

    /// The charge point id of a WebSocket path, nil if the path is not `/ocpp/<id>`.
    static func chargePointID(path: String) -> String? {
        guard path.hasPrefix(socketPrefix) else { return nil }
        let id = String(path.dropFirst(socketPrefix.count)).removingPercentEncoding ?? ""
        return validID(id) ? id : nil
    }

    /// User and password of an `Authorization: Basic` header.
    static func basicCredentials(_ header: String?) -> (user: String, password: String)? {
        guard let header, header.lowercased().hasPrefix("basic "),
            let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// Credentials verified in the last minute, so the handshake gate and the upgrade (and a charge point
    /// reconnecting) do not each pay for a bcrypt check. Keyed by id, stored hash and SHA-256 of the password: no
    /// password is kept, and a changed hash invalidates the entry.
    static let recentlyVerified = Mutex<[String: ContinuousClock.Instant]>([:])
    static let verifiedFor = Duration.seconds(60)

    /// Whether the Basic credentials name this charge point and carry its password.
    static func authenticated(_ chargePointID: String, header: String?, services: PlatformServices) async -> Bool {
        guard let (user, password) = basicCredentials(header), user == chargePointID,
            let record = try? await services.store.ocpp.chargePoint(id: chargePointID)
        else {
            _ = services.identity.hasher.verifyDecoy("")  // same time whether or not the charge point exists
            return false
        }
        let digest = SHA256.hash(data: Data(password.utf8)).map { String(format: "%02x", $0) }.joined()
        let key = "\(chargePointID)\n\(record.passwordHash)\n\(digest)"
        let now = ContinuousClock.now
        if let at = recentlyVerified.withLock({ $0[key] }), now - at < verifiedFor { return true }
        guard services.identity.hasher.verify(password, hash: record.passwordHash) else { return false }
        recentlyVerified.withLock { verified in
            if verified.count > 100_000 { verified.removeAll() }
            verified[key] = now
        }
        return true
    }

    /// What the handshake gate answers before the upgrader sees an `/ocpp/...` handshake: 401 for wrong or missing
    /// credentials of a well-formed charge point path; nil (go on) otherwise.
    static func handshakeRefusal(path: String, headers: [String: String], services: PlatformServices) async
        -> String?
    {
        guard let id = chargePointID(path: URLComponents(string: path)?.path ?? path) else { return nil }
        guard !(await authenticated(id, header: headers["authorization"], services: services)) else { return nil }
        let body =
            #"{"error":{"code":"unauthenticated","message":"charge points authenticate with HTTP Basic: user = charge point id, password as registered"}}"#
        return "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"nevbrain-ocpp\"\r\n"
            + "Content-Type: application/json; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\n\r\n\(body)"
    }

    static func offersSubprotocol(_ request: HTTPRequest) -> Bool {
        guard let name = HTTPField.Name("Sec-WebSocket-Protocol") else { return false }
        return request.headerFields[values: name].flatMap { $0.split(separator: ",") }.contains {
            $0.trimmingCharacters(in: .whitespaces) == subprotocol
        }
    }

    /// Decides a WebSocket handshake on `/ocpp/{id}`: the subprotocol offered and the credentials right upgrades;
    /// anything else goes to the HTTP route, which says what is wrong.
    public static func shouldUpgrade(_ request: HTTPRequest, services: PlatformServices, logger: Logger) async
        -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>>
    {
        guard let path = URLComponents(string: request.path ?? "")?.path, let id = chargePointID(path: path),
            offersSubprotocol(request),
            await authenticated(id, header: request.headerFields[.authorization], services: services),
            let protocolHeader = HTTPField.Name("Sec-WebSocket-Protocol")
        else { return .dontUpgrade }
        let central = services.centralSystem
        return .upgrade([protocolHeader: subprotocol]) { inbound, outbound, _ in
            let connection = await central.connect(chargePointID: id)
            logger.info("charge point connected", metadata: ["charge_point": "\(id)"])
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await message in inbound.messages(maxSize: maxMessageBytes) {
                            switch message {
                            case .text(let text): await connection.receive(text)
                            // OCPP-J uses text frames; a binary one is read as UTF-8 and answered like any frame.
                            case .binary(let buffer): await connection.receive(String(buffer: buffer))
                            }
                        }
                    }
                    group.addTask {
                        for await text in connection.outgoing { try await outbound.write(.text(text)) }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            } catch {
                logger.notice(
                    "charge point connection failed", metadata: ["charge_point": "\(id)", "error": "\(error)"])
            }
            await connection.close()
            logger.info("charge point disconnected", metadata: ["charge_point": "\(id)"])
        }
    }

    static func endpoints(_ services: PlatformServices) -> [Endpoint] {
        let store = services.store
        let central = services.centralSystem
        @Sendable func chargePointView(_ record: ChargePointRecord) async throws -> ChargePointView {
            ChargePointView(
                record, connected: await central.isConnected(record.id),
                connectors: try await store.ocpp.connectorStatuses(chargePointID: record.id))
        }
        @Sendable func requireChargePoint(_ context: APIRequestContext) async throws -> ChargePointRecord {
            let id = try context.parameters.require("id")
            guard let record = try await store.ocpp.chargePoint(id: id) else {
                throw APIError.notFound("no charge point \(id)", field: "id")
            }
            return record
        }
        @Sendable func audit(_ context: APIRequestContext, _ action: String, _ resource: String) async throws {
            try await store.audit.append(
                AuditEntry(
                    at: Clock.nowMicros(), actor: context.principal.actor, role: context.principal.role,
                    action: action, resource: resource, outcome: "ok"))
        }
        let limitParameter = QueryParameter(
            "limit", ["type": "integer", "minimum": 1, "maximum": .number(Double(maxList))], "Default 100")
        @Sendable func limit(_ request: Request) throws -> Int {
            guard let text = request.uri.queryParameters.get("limit") else { return 100 }
            guard let value = Int(text), (1...maxList).contains(value) else {
                throw APIError.badRequest("limit must be 1-\(maxList)", field: "limit")
            }
            return value
        }

        var endpoints = [
            Endpoint(
                .get, "/ocpp/{chargePointId}", access: .public,
                doc: EndpointDoc(
                    summary: "OCPP 1.6J charge point connection (WebSocket)", tag: "ocpp",
                    description:
                        "Charge points connect here as a WebSocket with subprotocol ocpp1.6 and HTTP Basic authentication (user = charge point id, password as registered); wss:// when the server runs with --http-tls-cert. A handshake without the subprotocol answers 400, wrong or missing credentials 401; nothing is upgraded then.",
                    successStatus: 101, response: ["type": "object"], errors: [400, 401])
            ) { request, context in
                let id = try context.parameters.require("chargePointId")
                guard chargePointID(path: socketPrefix + id) != nil,
                    await authenticated(id, header: request.headers[.authorization], services: services)
                else {
                    var error = APIError(
                        .unauthorized, code: "unauthenticated",
                        message:
                            "charge points authenticate with HTTP Basic: user = charge point id, password as registered"
                    )
                    error.headers[.wwwAuthenticate] = "Basic realm=\"nevbrain-ocpp\""
                    throw error
                }
                throw APIError.badRequest(
                    "connect as a WebSocket (Upgrade: websocket) offering Sec-WebSocket-Protocol: \(subprotocol)")
            },
            Endpoint(
                .post, "/api/v1/ocpp/charge-points", access: .province,
                doc: EndpointDoc(
                    summary: "Register a charge point allowed to connect", tag: "ocpp",
                    description:
                        "The id is the last segment of the charge point's URL and its HTTP Basic user; the password (16-40 characters, as the OCPP 1.6 security whitepaper asks) is stored as a bcrypt hash. stationId and equipmentId link it to the charging registry.",
                    requestBody: Schema.ref("ChargePointRequest"), successStatus: 201,
                    response: Schema.ref("ChargePoint"), errors: [400, 409])
            ) { request, context in
                let body = try await JSONBody.decode(ChargePointRequest.self, from: request, context: context)
                guard validID(body.id) else {
                    throw APIError.badRequest(
                        "id must be 1-48 characters of letters, digits, '.', '_' and '-'", field: "id")
                }
                guard (16...40).contains(body.password.count) else {
                    throw APIError.badRequest("password must be 16-40 characters", field: "password")
                }
                let record = ChargePointRecord(
                    id: body.id, passwordHash: services.identity.hasher.hash(body.password),
                    stationID: body.stationId, equipmentID: body.equipmentId, createdAt: Clock.nowMicros())
                do {
                    try await store.ocpp.insertChargePoint(record)
                } catch let error as StoreError where error.kind == .conflict {
                    throw APIError.conflict("charge point \(body.id) exists", field: "id")
                }
                try await audit(context, "ocpp.charge_point.create", body.id)
                return try JSONBody.response(try await chargePointView(record), status: .created)
            },
            Endpoint(
                .get, "/api/v1/ocpp/charge-points", access: .province,
                doc: EndpointDoc(
                    summary: "Registered charge points with their connectors' latest status", tag: "ocpp",
                    response: Schema.ref("ChargePointList"))
            ) { _, _ in
                let connected = Set(await central.connected().map(\.id))
                let statuses = Dictionary(grouping: try await store.ocpp.connectorStatuses(chargePointID: nil)) {
                    $0.chargePointID
                }
                let views = try await store.ocpp.chargePoints().map {
                    ChargePointView($0, connected: connected.contains($0.id), connectors: statuses[$0.id] ?? [])
                }
                return try JSONBody.response(ChargePointListView(chargePoints: views))
            },
            Endpoint(
                .get, "/api/v1/ocpp/charge-points/{id}", access: .province,
                doc: EndpointDoc(
                    summary: "One charge point", tag: "ocpp", response: Schema.ref("ChargePoint"), errors: [404])
            ) { _, context in
                try JSONBody.response(try await chargePointView(try await requireChargePoint(context)))
            },
            Endpoint(
                .get, "/api/v1/ocpp/charge-points/{id}/status-history", access: .province,
                doc: EndpointDoc(
                    summary: "A charge point's StatusNotifications, newest first", tag: "ocpp",
                    query: [limitParameter], response: Schema.ref("StatusHistory"), errors: [404])
            ) { request, context in
                let record = try await requireChargePoint(context)
                let history = try await store.ocpp.statusHistory(chargePointID: record.id, limit: try limit(request))
                return try JSONBody.response(
                    StatusHistoryView(chargePointId: record.id, history: history.map(ConnectorStatusView.init)))
            },
            Endpoint(
                .get, "/api/v1/ocpp/connected", access: .province,
                doc: EndpointDoc(
                    summary: "Charge points connected to this process now", tag: "ocpp",
                    response: Schema.ref("ConnectedChargePoints"))
            ) { _, _ in
                try JSONBody.response(
                    ConnectedListView(
                        connected: await central.connected().map {
                            .init(id: $0.id, since: Clock.iso8601(micros: $0.since))
                        }))
            },
            Endpoint(
                .get, "/api/v1/ocpp/id-tags", access: .province,
                doc: EndpointDoc(summary: "Id tags", tag: "ocpp", response: Schema.ref("IdTagList"))
            ) { _, _ in
                try JSONBody.response(IdTagListView(idTags: try await store.ocpp.idTags().map(IdTagView.init)))
            },
            Endpoint(
                .put, "/api/v1/ocpp/id-tags", access: .province,
                doc: EndpointDoc(
                    summary: "Create or replace an id tag", tag: "ocpp",
                    description:
                        "Authorize and StartTransaction answer the tag's status; an Accepted tag past its expiryDate answers Expired; an unknown tag Invalid.",
                    requestBody: Schema.ref("IdTagRequest"), response: Schema.ref("IdTag"), errors: [400])
            ) { request, context in
                let body = try await JSONBody.decode(IdTagRequest.self, from: request, context: context)
                guard (1...20).contains(body.idTag.count) else {
                    throw APIError.badRequest("idTag must be 1-20 characters", field: "idTag")
                }
                guard IdTagStatus.all.contains(body.status) else {
                    throw APIError.badRequest(
                        "status must be one of \(IdTagStatus.all.joined(separator: ", "))", field: "status")
                }
                guard (body.parentIdTag?.count ?? 0) <= 20 else {
                    throw APIError.badRequest("parentIdTag must be at most 20 characters", field: "parentIdTag")
                }
                let expiry = try body.expiryDate.map { try QueryValues.instant($0, field: "expiryDate") }
                let existing = try await store.ocpp.idTag(body.idTag)
                let record = IdTagRecord(
                    id: body.idTag, status: body.status, expiresAt: expiry, parentID: body.parentIdTag,
                    createdAt: existing?.createdAt ?? Clock.nowMicros())
                try await store.ocpp.upsertIdTag(record)
                try await audit(context, "ocpp.id_tag.put", body.idTag)
                return try JSONBody.response(IdTagView(record))
            },
            Endpoint(
                .delete, "/api/v1/ocpp/id-tags/{idTag}", access: .province,
                doc: EndpointDoc(
                    summary: "Remove an id tag (it then answers Invalid)", tag: "ocpp", successStatus: 204,
                    response: ["type": "null"], errors: [404])
            ) { _, context in
                let tag = try context.parameters.require("idTag")
                guard try await store.ocpp.deleteIdTag(tag) else {
                    throw APIError.notFound("no id tag \(tag)", field: "idTag")
                }
                try await audit(context, "ocpp.id_tag.delete", tag)
                return Response(status: .noContent)
            },
            Endpoint(
                .get, "/api/v1/ocpp/transactions", access: .province,
                doc: EndpointDoc(
                    summary: "Charging transactions, newest first", tag: "ocpp",
                    query: [
                        QueryParameter("chargePointId", Schema.string, "Only this charge point"),
                        QueryParameter("idTag", Schema.string, "Only this id tag"),
                        QueryParameter("active", Schema.boolean, "true: running only; false: stopped only"),
                        limitParameter, QueryParameter("offset", ["type": "integer", "minimum": 0], "Default 0"),
                    ],
                    response: Schema.ref("TransactionList"))
            ) { request, _ in
                let query = request.uri.queryParameters
                var active: Bool?
                if let text = query.get("active") {
                    guard let flag = Bool(text) else {
                        throw APIError.badRequest("active must be true or false", field: "active")
                    }
                    active = flag
                }
                var offset = 0
                if let text = query.get("offset") {
                    guard let value = Int(text), value >= 0 else {
                        throw APIError.badRequest("offset must be a non-negative integer", field: "offset")
                    }
                    offset = value
                }
                let transactions = try await store.ocpp.transactions(
                    OCPPTransactionQuery(
                        chargePointID: query.get("chargePointId"), idTag: query.get("idTag"), active: active,
                        limit: try limit(request), offset: offset))
                return try JSONBody.response(TransactionListView(transactions: transactions.map(TransactionView.init)))
            },
            Endpoint(
                .get, "/api/v1/ocpp/transactions/{id}", access: .province,
                doc: EndpointDoc(
                    summary: "One transaction with its meter values, oldest first", tag: "ocpp",
                    response: Schema.ref("TransactionDetail"), errors: [404])
            ) { _, context in
                let text = try context.parameters.require("id")
                guard let id = Int64(text), let transaction = try await store.ocpp.transaction(id: id) else {
                    throw APIError.notFound("no transaction \(text)", field: "id")
                }
                let values = try await store.ocpp.meterValues(chargePointID: nil, transactionID: id, limit: 10_000)
                return try JSONBody.response(
                    TransactionDetailView(
                        transaction: TransactionView(transaction), meterValues: values.map(MeterValueView.init)))
            },
        ]
        for action in remoteOperations {
            endpoints.append(
                Endpoint(
                    .post, "/api/v1/ocpp/charge-points/{id}/\(action.rawValue)", access: .province,
                    doc: EndpointDoc(
                        summary: "Send \(action.rawValue) to a charge point and return its answer", tag: "ocpp",
                        description:
                            "The body is the OCPP 1.6 \(action.rawValue).req payload, checked against its schema (400 naming the field). Waits for the charge point's answer: 409 if it is not connected, 504 if it does not answer in time, 502 if it answers with a CALLERROR or an answer that breaks the schema. Audited.",
                        requestBody: ["type": "object"], response: Schema.ref("RemoteOperationResult"),
                        errors: [400, 404, 409, 502, 504])
                ) { request, context in
                    let record = try await requireChargePoint(context)
                    let payload = try await JSONBody.decode(JSON.self, from: request, context: context)
                    let answer: JSON
                    do {
                        answer = try await central.call(action, payload: payload, to: record.id)
                    } catch let error as RemoteCallError {
                        try await store.audit.append(
                            AuditEntry(
                                at: Clock.nowMicros(), actor: context.principal.actor, role: context.principal.role,
                                action: "ocpp.\(action.rawValue)", resource: record.id, outcome: "failed"))
                        throw apiError(error)
                    }
                    try await audit(context, "ocpp.\(action.rawValue)", record.id)
                    return try JSONBody.response(
                        RemoteOperationView(chargePointId: record.id, action: action.rawValue, response: answer))
                })
        }
        return endpoints
    }

    static func apiError(_ error: RemoteCallError) -> APIError {
        switch error {
        case .notConnected: APIError(.conflict, code: "not_connected", message: error.description)
        case .timeout: APIError(.gatewayTimeout, code: "timeout", message: error.description)
        case .invalidRequest(let violation):
            .badRequest(violation.message, field: violation.path.isEmpty ? nil : violation.path)
        case .disconnected, .callError, .invalidResponse:
            APIError(.badGateway, code: "charge_point_error", message: error.description)
        }
    }
}
