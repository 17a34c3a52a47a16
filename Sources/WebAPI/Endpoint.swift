import Foundation
public import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Store

/// One HTTP route: its method and path, who may call it, how it is documented, and its handler.
///
/// The router, the OpenAPI document and the access test are all built from the same list of
/// endpoints, so a route cannot exist undocumented or without a declared role.
public struct Endpoint: Sendable {
    public typealias Handler = @Sendable (Request, APIRequestContext) async throws -> Response

    public let method: HTTPRequest.Method
    /// Path in OpenAPI form, e.g. `/api/v1/users/{name}`; Hummingbird accepts the same syntax.
    public let path: String
    public let access: Access
    public let doc: EndpointDoc
    let handler: Handler

    public init(
        _ method: HTTPRequest.Method, _ path: String, access: Access, doc: EndpointDoc, handler: @escaping Handler
    ) {
        self.method = method
        self.path = path
        self.access = access
        self.doc = doc
        self.handler = handler
    }

    /// Names of the `{parameters}` in the path.
    public var pathParameters: [String] {
        path.split(separator: "/").compactMap { part in
            part.first == "{" && part.last == "}" ? String(part.dropFirst().dropLast()) : nil
        }
    }
}

/// What the OpenAPI document says about an endpoint.
public struct EndpointDoc: Sendable {
    public let summary: String
    public let tag: String
    public var description: String?
    public var query: [QueryParameter] = []
    /// Schema of the request body, if the endpoint takes one.
    public var requestBody: JSONValue?
    /// Media type of the request body.
    public var requestType: String = "application/json"
    /// Status and schema of the success response.
    public var successStatus: Int = 200
    public var response: JSONValue
    /// Media type of the success response.
    public var responseType: String = "application/json"
    /// Error statuses beyond the ones access control implies (e.g. 400, 404, 409, 413, 422).
    public var errors: [Int] = []
    /// Whether reading this endpoint is audited as important data.
    public var audited: Bool = false

    public init(
        summary: String, tag: String, description: String? = nil, query: [QueryParameter] = [],
        requestBody: JSONValue? = nil, requestType: String = "application/json",
        successStatus: Int = 200, response: JSONValue, responseType: String = "application/json", errors: [Int] = [],
        audited: Bool = false
    ) {
        self.summary = summary
        self.tag = tag
        self.description = description
        self.query = query
        self.requestBody = requestBody
        self.requestType = requestType
        self.successStatus = successStatus
        self.response = response
        self.responseType = responseType
        self.errors = errors
        self.audited = audited
    }
}

/// A documented query-string parameter.
public struct QueryParameter: Sendable {
    public let name: String
    public let schema: JSONValue
    public let description: String

    public init(_ name: String, _ schema: JSONValue, _ description: String) {
        self.name = name
        self.schema = schema
        self.description = description
    }
}

/// Small builders for JSON Schema (OpenAPI 3.1 uses JSON Schema 2020-12).
public enum Schema {
    public static let string: JSONValue = ["type": "string"]
    public static let integer: JSONValue = ["type": "integer", "format": "int64"]
    public static let boolean: JSONValue = ["type": "boolean"]
    public static let dateTime: JSONValue = ["type": "string", "format": "date-time"]

    public static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    public static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
    public static func nullable(_ type: String) -> JSONValue { ["type": [.string(type), "null"]] }
    public static func enumeration(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map(JSONValue.string))]
    }

    public static func object(_ properties: [(String, JSONValue)], required: [String]) -> JSONValue {
        [
            "type": "object",
            "properties": .object(properties),
            "required": .array(required.map(JSONValue.string)),
            "additionalProperties": false,
        ]
    }
}
