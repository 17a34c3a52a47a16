import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Store

/// Reading and writing JSON bodies, with decoding failures turned into field-level 400s.
enum JSONBody {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: APIRequestContext) async throws
        -> T
    {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(
                .contentTooLarge, code: "too_large",
                message: "request body is larger than \(context.maxUploadSize) bytes")
        }
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("request body must be a JSON object") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw describe(error)
        }
    }

    /// A JSON response with the given status.
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func describe(_ error: DecodingError) -> APIError {
        func path(_ keys: [any CodingKey]) -> String? {
            let parts = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return parts.isEmpty ? nil : parts.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key]) ?? key.stringValue
            return .badRequest("missing required field \(field)", field: field)
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return .badRequest("field \(field ?? "body") has the wrong type (expected \(type))", field: field)
        case .valueNotFound(_, let context):
            let field = path(context.codingPath)
            return .badRequest("field \(field ?? "body") must not be null", field: field)
        case .dataCorrupted(let context):
            guard let field = path(context.codingPath) else { return .badRequest("request body is not valid JSON") }
            return .badRequest("field \(field) has an invalid value", field: field)
        @unknown default:
            return .badRequest("request body could not be read")
        }
    }
}
