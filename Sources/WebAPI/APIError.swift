import Foundation
public import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Store

/// The one error shape every failure answers with:
/// `{"error": {"code": "...", "message": "...", "field": "..."}}` (`field` only when one input is at fault),
/// plus `"rows": [{"row", "column", "message"}, ...]` when a bulk input (a CSV import) has problems.
public struct APIError: HTTPResponseError, Sendable, Equatable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    public let field: String?
    /// Extra headers, e.g. `WWW-Authenticate` on a 401.
    public var headers: HTTPFields = [:]
    /// Where a bulk input went wrong, row by row.
    public var rows: [RowProblem]?

    /// One problem in a bulk input: the 1-based row (line), the column at fault if one is, and what is wrong.
    public struct RowProblem: Sendable, Equatable, Encodable {
        public let row: Int
        public let column: String?
        public let message: String

        public init(row: Int, column: String?, message: String) {
            self.row = row
            self.column = column
            self.message = message
        }
    }

    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public static func badRequest(_ message: String, field: String? = nil) -> APIError {
        APIError(.badRequest, code: "invalid", message: message, field: field)
    }

    public static func unauthenticated(_ message: String) -> APIError {
        var error = APIError(.unauthorized, code: "unauthenticated", message: message)
        error.headers[.wwwAuthenticate] = "Bearer realm=\"nevbrain\""
        return error
    }

    public static func forbidden(_ message: String) -> APIError {
        APIError(.forbidden, code: "forbidden", message: message)
    }

    public static func notFound(_ message: String, field: String? = nil) -> APIError {
        APIError(.notFound, code: "not_found", message: message, field: field)
    }

    public static func conflict(_ message: String, field: String? = nil) -> APIError {
        APIError(.conflict, code: "conflict", message: message, field: field)
    }

    /// 422 for an import file with problems: the count, the first problem in the message, the first 100 in `rows`.
    public static func invalidCSV(_ problems: [RowProblem], count: Int) -> APIError {
        let first = problems.first
        let place = first.map { "row \($0.row)" + ($0.column.map { ", column \($0)" } ?? "") + ": \($0.message)" }
        var error = APIError(
            .unprocessableContent, code: "invalid_csv",
            message:
                "\(count) problem\(count == 1 ? "" : "s") in the file; nothing was imported. First: \(place ?? "?")",
            field: first?.column)
        error.rows = Array(problems.prefix(100))
        return error
    }

    struct Body: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let field: String?
        }
        let error: Detail
        let rows: [RowProblem]?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        let data = try JSONEncoder().encode(Body(error: .init(code: code, message: message, field: field), rows: rows))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
