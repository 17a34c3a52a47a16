import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Store

/// Builds the OpenAPI 3.1 description served at `/openapi.json` from the endpoint table itself.
public enum OpenAPIDocument {
    public static func build(endpoints: [Endpoint], version: String) -> JSONValue {
        var paths: [(String, JSONValue)] = []
        for path in orderedUnique(endpoints.map(\.path)) {
            let operations = endpoints.filter { $0.path == path }.map { endpoint in
                (endpoint.method.rawValue.lowercased(), operation(endpoint))
            }
            paths.append((path, .object(operations)))
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "nevbrain",
                "version": .string(version),
                "description":
                    "Zhejiang NEV industry brain: telemetry, safety, charging and industry data, scoped by role (province, city, enterprise, public).",
                "license": ["name": "Apache-2.0", "identifier": "Apache-2.0"],
            ],
            "servers": [["url": "/"]],
            "tags": .array(orderedUnique(endpoints.map(\.doc.tag)).map { ["name": .string($0)] }),
            "paths": .object(paths),
            "components": [
                "securitySchemes": [
                    "bearerToken": [
                        "type": "http", "scheme": "bearer",
                        "description": "A token from POST /api/v1/auth/login or `nevbrain token create`.",
                    ]
                ],
                "schemas": .object(
                    APISchemas.components + APISchemas.safetyComponents + APISchemas.webhookComponents
                        + APISchemas.tcecComponents + APISchemas.statisticsComponents
                        + APISchemas.industryComponents + APISchemas.targetComponents
                        + APISchemas.surveyComponents + APISchemas.chargingComponents
                        + APISchemas.ocppComponents),
                "responses": .object(errorResponses),
            ],
        ]
    }

    private static func operation(_ endpoint: Endpoint) -> JSONValue {
        let doc = endpoint.doc
        var parameters: [JSONValue] = endpoint.pathParameters.map { name in
            ["name": .string(name), "in": "path", "required": true, "schema": Schema.string]
        }
        parameters += doc.query.map { q in
            [
                "name": .string(q.name), "in": "query", "required": false, "schema": q.schema,
                "description": .string(q.description),
            ]
        }
        var responses: [(String, JSONValue)] = [
            (
                String(doc.successStatus),
                doc.successStatus == 204
                    ? ["description": "Done"]
                    : [
                        "description": "Success",
                        "content": .object([(doc.responseType, JSONValue.object([("schema", doc.response)]))]),
                    ]
            )
        ]
        var errorStatuses = doc.errors
        if case .roles = endpoint.access { errorStatuses += [401, 403] }
        if doc.requestBody != nil || !doc.query.isEmpty { errorStatuses.append(400) }
        for status in Set(errorStatuses).sorted() {
            responses.append((String(status), ["$ref": .string("#/components/responses/Error\(status)")]))
        }
        var op: [(String, JSONValue)] = [
            ("operationId", .string(operationID(endpoint))),
            ("summary", .string(doc.summary)),
            ("tags", [.string(doc.tag)]),
            ("x-nevbrain-roles", .array(endpoint.access.roleNames.map(JSONValue.string))),
        ]
        if let description = doc.description { op.append(("description", .string(description))) }
        if doc.audited { op.append(("x-nevbrain-audited", true)) }
        if !parameters.isEmpty { op.append(("parameters", .array(parameters))) }
        if let body = doc.requestBody {
            let content = JSONValue.object([(doc.requestType, .object([("schema", body)]))])
            op.append(("requestBody", ["required": true, "content": content]))
        }
        op.append(("responses", .object(responses)))
        switch endpoint.access {
        case .public: op.append(("security", []))
        case .roles: op.append(("security", [["bearerToken": []]]))
        }
        return .object(op)
    }

    /// `get_api_v1_users_name` for `GET /api/v1/users/{name}`: unique because (method, path) is.
    static func operationID(_ endpoint: Endpoint) -> String {
        let parts = endpoint.path.split(separator: "/").map {
            $0.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
        }
        return ([endpoint.method.rawValue.lowercased()] + parts).joined(separator: "_")
            .replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    private static func orderedUnique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}

extension OpenAPIDocument {
    /// The error statuses operations may name; `errorResponses` defines one shared response for each.
    static let errorStatuses = [400, 401, 403, 404, 409, 413, 422, 426, 502, 503, 504]

    /// Shared error responses, referenced by every operation.
    static let errorResponses: [(String, JSONValue)] = errorStatuses.map { status in
        (
            "Error\(status)",
            [
                "description": .string(HTTPResponse.Status(code: status).reasonPhrase),
                "content": ["application/json": ["schema": Schema.ref("Error")]],
            ]
        )
    }
}
