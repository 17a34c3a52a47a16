import Foundation
import Hummingbird
import Identity
import Metrics
import Model
import NIOCore
import Store
import TCEC

/// T/CEC 102 (电动汽车充换电服务信息交换) with operator platforms.
///
/// `POST /evcs/v{version}/{interface}` is what operators call: the standard's envelope and its own bearer tokens
/// (from `query_token`), not the platform's API tokens. The province manages which operators may call and the
/// secrets each uses, under `/api/v1/tcec/operators`.
enum TCECRoutes {
    struct SecretsBody: Codable {
        let operatorSecret: String
        let dataSecret: String
        let dataSecretIV: String
        let sigSecret: String

        init(_ set: TCECSecretSet) {
            operatorSecret = set.operatorSecret
            dataSecret = set.dataSecret
            dataSecretIV = set.dataSecretIV
            sigSecret = set.sigSecret
        }

        /// Checked as the exchange needs them; errors name `field.<member>`.
        func checked(_ field: String) throws -> TCECSecretSet {
            do {
                _ = try TCECSecrets(
                    operatorSecret: operatorSecret, dataSecret: dataSecret, dataSecretIV: dataSecretIV,
                    sigSecret: sigSecret)
            } catch let error {
                let message = "\(error)".replacingOccurrences(of: "业务参数不合法: ", with: "")
                let member = message.split(separator: ":").first.map(String.init) ?? ""
                let name = member.prefix(1).lowercased() + member.dropFirst()
                throw APIError.badRequest(message, field: "\(field).\(name)")
            }
            return TCECSecretSet(
                operatorSecret: operatorSecret, dataSecret: dataSecret, dataSecretIV: dataSecretIV, sigSecret: sigSecret
            )
        }
    }

    struct CreateRequest: Codable {
        let operatorId: String
        let name: String
        let baseUrl: String?
        let outbound: SecretsBody?
        let enabled: Bool?
    }

    struct UpdateRequest: Codable {
        let name: String?
        let baseUrl: String?
        let outbound: SecretsBody?
        let enabled: Bool?
    }

    struct AccountView: Codable {
        let operatorId: String
        let name: String
        let baseUrl: String?
        let pulls: Bool
        let enabled: Bool
        let createdAt: String
        let lastPullAt: String?
        let lastPullOutcome: String?
        /// Only when created or rotated: the secrets the operator must use to call us.
        let inbound: SecretsBody?

        init(_ r: TCECAccountRecord, showSecrets: Bool = false) {
            operatorId = r.operatorID
            name = r.name
            baseUrl = r.baseURL
            pulls = r.outbound != nil && r.baseURL != nil
            enabled = r.enabled
            createdAt = Clock.iso8601(micros: r.createdAt)
            lastPullAt = r.lastPullAt.map { Clock.iso8601(micros: $0) }
            lastPullOutcome = r.lastPullOutcome
            inbound = showSecrets ? SecretsBody(r.inbound) : nil
        }
    }

    struct AccountListView: Codable { let operators: [AccountView] }

    /// Organisation codes are 9 letters or digits.
    static func operatorID(_ text: String, field: String = "operatorId") throws -> String {
        guard text.count == 9, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw APIError.badRequest("must be a 9-character organisation code (组织机构代码)", field: field)
        }
        return text
    }

    static func baseURL(_ text: String?) throws -> String? {
        guard let text else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            url.host?.isEmpty == false, text.count <= 2000
        else { throw APIError.badRequest("must be an http or https URL", field: "baseUrl") }
        return text
    }

    static func newSecrets() -> TCECSecretSet {
        let s = TCECSecrets.random()
        return TCECSecretSet(
            operatorSecret: s.operatorSecret, dataSecret: s.dataSecret, dataSecretIV: s.dataSecretIV,
            sigSecret: s.sigSecret)
    }

    static func endpoints(_ services: PlatformServices) -> [Endpoint] {
        let store = services.store
        let tcec = services.tcec
        let operatorPath = "/api/v1/tcec/operators/{operatorId}"
        @Sendable func found(_ context: APIRequestContext) async throws -> TCECAccountRecord {
            let id = context.parameters.get("operatorId") ?? ""
            guard let record = try await store.tcecAccounts.find(operatorID: id) else {
                throw APIError.notFound("no T/CEC operator \(id)", field: "operatorId")
            }
            return record
        }
        @Sendable func audit(_ context: APIRequestContext, _ action: String, _ id: String, detail: String = "")
            async throws
        {
            try await store.audit.append(
                AuditEntry(
                    at: Clock.nowMicros(), actor: context.principal.actor, role: context.principal.role,
                    action: action, resource: id, outcome: "ok", detail: detail))
        }
        return [
            Endpoint(
                .post, "/evcs/{version}/{interface}", access: .public,
                doc: EndpointDoc(
                    summary: "T/CEC 102 interface for operator platforms", tag: "charging",
                    description:
                        "The standard's exchange: body `{OperatorID, Data, TimeStamp, Seq, Sig}` with `Data` AES-128-CBC encrypted and `Sig` an HMAC-MD5, under the secrets the province issued to the operator. Served: `query_token` (no Authorization), `notification_stationStatus`, `notification_stationInfo` (with `Authorization: Bearer <AccessToken>`). `version` is `v` and the standard's date, e.g. `v20160701`. Always HTTP 200: failures are in `Ret` (4001 signature, 4002 token, 4003 envelope, 4004 payload, 500) with `Msg` naming the field.",
                    requestBody: Schema.ref("TCECRequest"), response: Schema.ref("TCECResponse"), errors: [404, 413])
            ) { request, context in
                let version = context.parameters.get("version") ?? ""
                guard version.first == "v", version.count > 1, version.dropFirst().allSatisfy(\.isNumber) else {
                    throw APIError.notFound("T/CEC version must be v<date>, e.g. v20160701", field: "version")
                }
                let interface = context.parameters.get("interface") ?? ""
                guard TCECEndpoint.interface(named: interface) != nil else {
                    throw APIError.notFound(
                        "interface \(interface) is not served; served: \(TCECEndpoint.interfaces.joined(separator: ", "))",
                        field: "interface")
                }
                let buffer: ByteBuffer
                do {
                    buffer = try await request.body.collect(upTo: context.maxUploadSize)
                } catch {
                    throw APIError(
                        .contentTooLarge, code: "too_large",
                        message: "request body is larger than \(context.maxUploadSize) bytes")
                }
                let response = await tcec.endpoint.handle(
                    interface: interface, authorization: request.headers[.authorization],
                    body: Data(buffer.readableBytesView))
                Counter(
                    label: "nevbrain_tcec_requests_total",
                    dimensions: [
                        ("interface", TCECEndpoint.interface(named: interface) ?? ""), ("ret", "\(response.ret)"),
                    ]
                ).increment()
                return Response(
                    status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: try response.encoded())))
            },
            Endpoint(
                .post, "/api/v1/tcec/operators", access: .province,
                doc: EndpointDoc(
                    summary: "Admit an operator platform to the T/CEC 102 exchange", tag: "charging",
                    description:
                        "Issues the four secrets the operator uses to call us (in this response only; rotate to see new ones). Give `baseUrl` and the secrets the operator issued to us (`outbound`) to pull its stations and their status as well.",
                    requestBody: Schema.ref("TCECOperatorRequest"), successStatus: 201,
                    response: Schema.ref("TCECOperator"), errors: [400, 409])
            ) { request, context in
                let body = try await JSONBody.decode(CreateRequest.self, from: request, context: context)
                let id = try operatorID(body.operatorId)
                let name = body.name.trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty, name.count <= 100 else {
                    throw APIError.badRequest("must be 1-100 characters", field: "name")
                }
                let record = TCECAccountRecord(
                    operatorID: id, name: name, inbound: newSecrets(), outbound: try body.outbound?.checked("outbound"),
                    baseURL: try baseURL(body.baseUrl), enabled: body.enabled ?? true, createdAt: Clock.nowMicros())
                guard try await store.tcecAccounts.find(operatorID: id) == nil else {
                    throw APIError.conflict("operator \(id) is already admitted", field: "operatorId")
                }
                try await store.tcecAccounts.upsert(record)
                try await audit(context, "tcec.operator.create", id)
                return try JSONBody.response(AccountView(record, showSecrets: true), status: .created)
            },
            Endpoint(
                .get, "/api/v1/tcec/operators", access: .province,
                doc: EndpointDoc(
                    summary: "Operator platforms of the T/CEC 102 exchange (without secrets)", tag: "charging",
                    response: Schema.ref("TCECOperatorList"))
            ) { _, _ in
                try JSONBody.response(
                    AccountListView(operators: try await store.tcecAccounts.list().map { AccountView($0) }))
            },
            Endpoint(
                .get, operatorPath, access: .province,
                doc: EndpointDoc(
                    summary: "One operator platform (without secrets)", tag: "charging",
                    response: Schema.ref("TCECOperator"), errors: [404])
            ) { _, context in
                try JSONBody.response(AccountView(try await found(context)))
            },
            Endpoint(
                .patch, operatorPath, access: .province,
                doc: EndpointDoc(
                    summary: "Change an operator platform's name, pull settings or whether it may call",
                    tag: "charging",
                    requestBody: Schema.ref("TCECOperatorUpdate"), response: Schema.ref("TCECOperator"),
                    errors: [400, 404])
            ) { request, context in
                var record = try await found(context)
                let body = try await JSONBody.decode(UpdateRequest.self, from: request, context: context)
                if let name = body.name?.trimmingCharacters(in: .whitespaces) {
                    guard !name.isEmpty, name.count <= 100 else {
                        throw APIError.badRequest("must be 1-100 characters", field: "name")
                    }
                    record.name = name
                }
                if let url = body.baseUrl { record.baseURL = try baseURL(url) }
                if let outbound = body.outbound { record.outbound = try outbound.checked("outbound") }
                if let enabled = body.enabled { record.enabled = enabled }
                try await store.tcecAccounts.upsert(record)
                try await audit(context, "tcec.operator.update", record.operatorID)
                return try JSONBody.response(AccountView(record))
            },
            Endpoint(
                .post, operatorPath + "/secrets", access: .province,
                doc: EndpointDoc(
                    summary: "Issue new secrets to an operator platform (the old ones stop working at once)",
                    tag: "charging", response: Schema.ref("TCECOperator"), errors: [404])
            ) { _, context in
                var record = try await found(context)
                record.inbound = newSecrets()
                try await store.tcecAccounts.upsert(record)
                try await audit(context, "tcec.operator.rotate", record.operatorID)
                return try JSONBody.response(AccountView(record, showSecrets: true))
            },
            Endpoint(
                .post, operatorPath + "/pull", access: .province,
                doc: EndpointDoc(
                    summary: "Pull the operator's stations and their status now", tag: "charging",
                    description:
                        "query_token, query_stations_info page by page, query_station_status fifty stations at a time; the catalogue is imported whole or not at all. 502 with the reason when the operator fails or sends stations the registry refuses.",
                    response: Schema.ref("TCECPull"), errors: [404, 409, 502])
            ) { _, context in
                let record = try await found(context)
                guard record.outbound != nil, record.baseURL != nil else {
                    throw APIError.conflict(
                        "operator \(record.operatorID) has no pull settings (baseUrl and outbound)", field: "operatorId"
                    )
                }
                do {
                    let summary = try await tcec.pull(operatorID: record.operatorID)
                    try await audit(
                        context, "tcec.operator.pull", record.operatorID, detail: "stations=\(summary.stations)")
                    return try JSONBody.response(summary)
                } catch {
                    throw APIError(
                        .badGateway, code: "operator_failed", message: "pull from \(record.operatorID) failed: \(error)"
                    )
                }
            },
            Endpoint(
                .delete, operatorPath, access: .province,
                doc: EndpointDoc(
                    summary: "Remove an operator platform from the exchange (its stations stay in the registry)",
                    tag: "charging", successStatus: 204, response: ["type": "null"], errors: [404])
            ) { _, context in
                let record = try await found(context)
                _ = try await store.tcecAccounts.delete(operatorID: record.operatorID)
                try await audit(context, "tcec.operator.delete", record.operatorID)
                return Response(status: .noContent)
            },
        ]
    }
}
